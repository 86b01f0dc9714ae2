package radicchio.engine.cli;

import io.micrometer.core.instrument.MeterRegistry;
import radicchio.engine.config.ConfigException;
import radicchio.engine.config.ConfigLoader;
import radicchio.engine.config.LoadedApp;
import radicchio.engine.http.ServerOptions;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code dev} runs: a {@link ServerSession} plus a {@link SourceWatcher} on the app's files.
 * On a change the app is loaded again and, if it loads, started and swapped in (the old app
 * closes once its requests are done); if the config or the code is broken, the error is printed
 * and the previous version keeps serving.
 */
final class DevSession implements AutoCloseable {
    private final Path path;
    private final ServerSession server;
    private final PrintWriter out;
    private final PrintWriter err;
    private final SourceWatcher watcher;
    private List<Path> files;

    private DevSession(Path path, ServerSession server, LoadedApp loaded, Duration pollInterval,
                       PrintWriter out, PrintWriter err) {
        this.path = path;
        this.server = server;
        this.out = out;
        this.err = err;
        this.files = loaded.files();
        this.watcher = new SourceWatcher(files, pollInterval, this::reload);
    }

    static DevSession start(Path path, Path dataOption, ServerOptions options, MeterRegistry registry,
                            Duration pollInterval, PrintWriter out, PrintWriter err) throws Startup.Failed {
        LoadedApp loaded = Startup.load(path, err);
        ServerSession server;
        try {
            server = ServerSession.start(loaded.config(), Startup.dataDir(dataOption, loaded), options, null, registry);
        } catch (RuntimeException e) {
            Startup.explainStartFailure(e, loaded, err);
            throw new Startup.Failed();
        }
        DevSession session = new DevSession(path, server, loaded, pollInterval, out, err);
        session.watcher.start();
        return session;
    }

    int port() {
        return server.port();
    }

    /** Called by the watcher after a change; returns the files to watch next. */
    private List<Path> reload() {
        LoadedApp loaded = null;
        try {
            loaded = ConfigLoader.load(path);
            loaded.warnings().forEach(w -> err.println("warning: " + w));
            server.replaceApp(loaded.config());
            files = loaded.files();
            out.println("Reloaded " + loaded.config().name());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.println("(still serving the previous version)");
            // Also the file at fault and, while broken, its folder: a missing module being created
            // shows up only as a change of the folder.
            List<Path> next = new ArrayList<>(files);
            for (Path p : new Path[] {e.file(), e.file() == null ? null : e.file().toAbsolutePath().getParent()}) {
                if (p != null && !next.contains(p)) {
                    next.add(p);
                }
            }
            return next;
        } catch (RuntimeException e) {
            Startup.explainStartFailure(e, loaded, err);
            err.println("(still serving the previous version)");
            if (loaded != null) {
                return loaded.files(); // the broken code's files, so fixing any of them reloads
            }
        } finally {
            out.flush();
            err.flush();
        }
        return files;
    }

    @Override
    public void close() {
        watcher.close();
        server.shutdown();
    }
}
