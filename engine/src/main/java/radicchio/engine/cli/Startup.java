package radicchio.engine.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.bindings.GuestModule;
import radicchio.bindings.JitSettings;
import radicchio.engine.WorkerLoadException;
import radicchio.engine.config.ConfigException;
import radicchio.engine.config.ConfigLoader;
import radicchio.engine.config.LoadedApp;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** What {@code dev} and {@code serve} do alike around their server: loading, errors, the shutdown hook. */
final class Startup {
    private static final Logger LOG = LoggerFactory.getLogger("radicchio");

    /** A start-up failure whose message has been printed; the command exits with status 1. */
    static final class Failed extends Exception {
        Failed() {
            super(null, null, false, false);
        }
    }

    private Startup() {}

    /**
     * The JIT warning, once per process: JS runs ~10x slower without the flags. Printed before the
     * (seconds-long) start so the user sees it first, through SLF4J; GuestModule then stays quiet.
     */
    static void warnIfHugeMethodsAreNotCompiled() {
        JitSettings.warnOnceIfMissing(message -> LOG.warn("{} (./radicchio starts the JVM with them)", message));
    }

    /** Loads the app at {@code path}, printing warnings; prints the error and fails otherwise. */
    static LoadedApp load(Path path, PrintWriter err) throws Failed {
        try {
            LoadedApp loaded = ConfigLoader.load(path);
            loaded.warnings().forEach(w -> err.println("warning: " + w));
            return loaded;
        } catch (ConfigException e) {
            err.println(e.getMessage());
            throw new Failed();
        }
    }

    /** The data folder: the --data option, or {@code <config folder>/.radicchio/data}. */
    static Path dataDir(Path option, LoadedApp loaded) {
        return option != null ? option.toAbsolutePath() : loaded.configDir().resolve(".radicchio").resolve("data");
    }

    /** Prints why the app or listener did not start, in the user's terms. */
    static void explainStartFailure(RuntimeException e, LoadedApp loaded, PrintWriter err) {
        if (e instanceof WorkerLoadException) {
            err.println(CodeErrors.format(e, loaded == null ? null : loaded.config().baseDir()));
        } else if (e instanceof UncheckedIOException) {
            err.println(e.getMessage());
        } else {
            err.println("radicchio: could not start: " + e);
            LOG.debug("start failure", e);
        }
    }

    /**
     * Blocks until the JVM is asked to stop (SIGTERM, Ctrl-C), then runs {@code shutdown} from
     * the shutdown hook: the process exits only after the graceful shutdown has finished.
     */
    static void awaitShutdown(Runnable shutdown, PrintWriter out) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Shutting down...");
            try {
                shutdown.run();
            } finally {
                out.println("Stopped.");
                out.flush();
                stopped.countDown();
            }
        }, "radicchio-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
