package radicchio.engine.http;

import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;
import radicchio.engine.App;
import radicchio.engine.FetchHandler;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A FetchHandler whose app can be replaced while serving (what {@code dev} does on a code
 * change): requests that started on the old app finish on it, new ones go to the new app, and
 * the old app is closed when its last request is done.
 */
public final class HotSwapFetchHandler implements FetchHandler, AutoCloseable {
    private final AtomicReference<Slot> current;

    public HotSwapFetchHandler(App app) {
        this.current = new AtomicReference<>(new Slot(Objects.requireNonNull(app, "app")));
    }

    /** The app serving new requests. */
    public App app() {
        return current.get().app;
    }

    /** Makes {@code next} serve new requests; the previous app is closed once idle. */
    public void swap(App next) {
        Slot old = current.getAndSet(new Slot(Objects.requireNonNull(next, "next")));
        old.retire();
    }

    @Override
    public WireResponse fetch(WireRequest request) throws Exception {
        Slot slot = acquire();
        try {
            return slot.app.fetch(request);
        } finally {
            slot.release();
        }
    }

    /**
     * The current app's, looked up for each task (apps of one engine share the engine's pool, but
     * an embedder may swap in an app of another engine); null if the first app has none.
     */
    @Override
    public Executor executor() {
        Executor first = current.get().app.executor();
        if (first == null) {
            return null;
        }
        return task -> {
            Executor now = current.get().app.executor();
            (now != null ? now : first).execute(task);
        };
    }

    /** Closes the current app (callers stop sending requests first). */
    @Override
    public void close() {
        current.get().retire();
    }

    private Slot acquire() {
        while (true) {
            Slot slot = current.get();
            slot.users.incrementAndGet();
            if (current.get() == slot && !slot.retired.get()) {
                return slot;
            }
            slot.release(); // swapped in between: retry with the new one
        }
    }

    /** An app plus the count of requests inside it. */
    private static final class Slot {
        final App app;
        final AtomicInteger users = new AtomicInteger();
        final AtomicBoolean retired = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();

        Slot(App app) {
            this.app = app;
        }

        void retire() {
            retired.set(true);
            closeIfIdle();
        }

        void release() {
            users.decrementAndGet();
            closeIfIdle();
        }

        private void closeIfIdle() {
            if (retired.get() && users.get() == 0 && closed.compareAndSet(false, true)) {
                app.close();
            }
        }
    }
}
