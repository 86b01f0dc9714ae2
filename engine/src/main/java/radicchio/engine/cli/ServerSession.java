package radicchio.engine.cli;

import io.micrometer.core.instrument.MeterRegistry;
import radicchio.engine.App;
import radicchio.engine.AppConfig;
import radicchio.engine.Engine;
import radicchio.engine.http.HotSwapFetchHandler;
import radicchio.engine.http.RadicchioServer;
import radicchio.engine.http.ServerOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One engine serving one app over HTTP, as {@code dev} and {@code serve} run it: the engine on
 * the data folder, the app behind a {@link HotSwapFetchHandler} (so {@code dev} can replace it),
 * the HTTP server in front. Shutting down drains the server, then closes the app and the engine.
 */
final class ServerSession {
    private final Engine engine;
    private final HotSwapFetchHandler handler;
    private final RadicchioServer server;

    private ServerSession(Engine engine, HotSwapFetchHandler handler, RadicchioServer server) {
        this.engine = engine;
        this.handler = handler;
        this.server = server;
    }

    /**
     * Starts the engine, the app and the listener.
     *
     * @param engineThreads threads running JS, or null for the engine's default
     * @throws RuntimeException the app's code did not load (radicchio.engine.WorkerLoadException)
     *                          or the port could not be bound; nothing is left running
     */
    static ServerSession start(AppConfig config, Path dataDir, ServerOptions options, Integer engineThreads,
                               MeterRegistry registry) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dataDir + ": " + e.getMessage(), e);
        }
        Engine.Builder builder = Engine.builder().dataDir(dataDir).meterRegistry(registry);
        if (engineThreads != null) {
            builder.threads(engineThreads);
        }
        Engine engine = builder.build();
        HotSwapFetchHandler handler = null;
        try {
            handler = new HotSwapFetchHandler(engine.start(config));
            RadicchioServer server = RadicchioServer.builder(handler)
                    .options(options)
                    .meterRegistry(registry)
                    .closeAfterDrain(handler, engine)
                    .start();
            return new ServerSession(engine, handler, server);
        } catch (RuntimeException e) {
            if (handler != null) {
                handler.close();
            }
            engine.close();
            throw e;
        }
    }

    /** Starts {@code config} as a new app and sends new requests to it; the old one closes once idle. */
    void replaceApp(AppConfig config) {
        App next = engine.start(config);
        handler.swap(next);
    }

    int port() {
        return server.port();
    }

    int metricsPort() {
        return server.metricsPort();
    }

    /** Graceful: stop accepting, drain, close app and engine. Returns whether the drain completed. */
    boolean shutdown() {
        return server.shutdown();
    }
}
