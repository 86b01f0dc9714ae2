package radicchio.engine.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import radicchio.engine.config.LoadedApp;
import radicchio.engine.http.ServerOptions;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code radicchio serve [PATH]}: serves an app, no reloading; metrics optional. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve an app over HTTP (production: no reloading).")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ListenOptions listen;

    @Option(names = "--max-body-bytes", defaultValue = "33554432",
            description = "largest request body accepted; larger gets 413 (default: ${DEFAULT-VALUE})")
    long maxBodyBytes;

    @Option(names = "--metrics-port", description = "serve Prometheus metrics at http://<ip>:<port>/metrics")
    Integer metricsPort;

    @Option(names = "--threads", description = "threads running JavaScript (default: the engine's, from the CPU count)")
    Integer threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Startup.warnIfHugeMethodsAreNotCompiled();
        ServerOptions options;
        try {
            options = ServerOptions.defaults().withHost(listen.ip).withPort(listen.port).withMaxBodyBytes(maxBodyBytes)
                    .withMetricsPort(metricsPort == null ? -1 : metricsPort);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (threads != null && (threads < 1 || threads > 1024)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads must be between 1 and 1024");
        }
        ServerSession session;
        LoadedApp loaded;
        try {
            loaded = Startup.load(listen.path, err);
        } catch (Startup.Failed e) {
            return 1;
        }
        try {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            session = ServerSession.start(loaded.config(), Startup.dataDir(listen.dataDir, loaded), options, threads, registry);
        } catch (RuntimeException e) {
            Startup.explainStartFailure(e, loaded, err);
            return 1;
        }
        out.println("Ready on http://" + listen.ip + ":" + session.port());
        if (session.metricsPort() >= 0) {
            out.println("Metrics on http://" + listen.ip + ":" + session.metricsPort() + "/metrics");
        }
        out.flush();
        Startup.awaitShutdown(session::shutdown, out);
        return 0;
    }
}
