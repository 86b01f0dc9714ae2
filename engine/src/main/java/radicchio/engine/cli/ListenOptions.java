package radicchio.engine.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** What {@code dev} and {@code serve} share: the app's path, where to listen, where data goes. */
final class ListenOptions {
    @Parameters(index = "0", arity = "0..1", defaultValue = ".", paramLabel = "PATH",
            description = "wrangler.jsonc/wrangler.json, a folder holding one, or a single .js module (default: ${DEFAULT-VALUE})")
    Path path;

    @Option(names = "--ip", defaultValue = "127.0.0.1", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String ip;

    @Option(names = "--port", defaultValue = "8787", description = "port to listen on; 0 for any free port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data", paramLabel = "DIR",
            description = "folder for Durable Objects' databases (default: <config folder>/.radicchio/data)")
    Path dataDir;
}
