package radicchio.engine.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code radicchio} command: {@code dev [PATH]} serves an app and reloads it when its files
 * change; {@code serve [PATH]} serves it for production. PATH is a wrangler.jsonc/wrangler.json, a
 * folder holding one, or a single .js module (see radicchio.engine.config.ConfigLoader).
 *
 * <p>Exit codes: 0 after a clean shutdown, 1 for a config, code or listening error (printed as
 * {@code file:line: message}), 2 for bad command-line usage.
 */
@Command(name = "radicchio", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Runs Cloudflare-style workers and SQLite-backed Durable Objects inside the JVM.",
        subcommands = {DevCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        LoggingDefaults.apply();
        int code = execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
        System.exit(code);
    }

    /** Runs the command line; {@code dev} and {@code serve} return only after shutdown. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: dev or serve");
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"radicchio " + (version == null ? "(development build)" : version)};
        }
    }
}
