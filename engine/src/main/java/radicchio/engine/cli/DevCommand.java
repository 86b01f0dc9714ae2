package radicchio.engine.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import radicchio.engine.http.ServerOptions;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code radicchio dev [PATH]}: serves an app and reloads it when its config or modules change. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = "Serve an app over HTTP and reload it when its files change.")
final class DevCommand implements Callable<Integer> {
    @Mixin
    ListenOptions listen;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Startup.warnIfHugeMethodsAreNotCompiled();
        ServerOptions options;
        try {
            options = ServerOptions.defaults().withHost(listen.ip).withPort(listen.port)
                    .withDrainTimeout(Duration.ofSeconds(5));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        DevSession session;
        try {
            session = DevSession.start(listen.path, listen.dataDir, options,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Duration.ofMillis(250), out, err);
        } catch (Startup.Failed e) {
            return 1;
        }
        out.println("Ready on http://" + listen.ip + ":" + session.port());
        out.flush();
        Startup.awaitShutdown(session::close, out);
        return 0;
    }
}
