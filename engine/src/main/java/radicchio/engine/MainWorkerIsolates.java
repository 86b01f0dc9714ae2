package radicchio.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import radicchio.bindings.Isolate;

/**
 * The isolates that run one worker (an app's main worker, or a dynamic worker), reused between
 * requests, one request at a time each. Reuse rather than a fresh isolate per request: a fresh
 * one costs little to start, but it runs in its slower copy-on-write memory form (a reused one
 * turns flat, see host-bindings GuestMemory) and JS would see a cold heap (allocator state, the
 * handler's objects); and on the platform too, a worker's globals survive between requests that
 * land on the same isolate. At most {@code maxIdle} are kept; a discarded isolate (limit, trap)
 * is never reused.
 */
final class MainWorkerIsolates {
    private final IsolateFactory factory;
    private final IsolateServices services;
    private final int maxIdle;
    private final ArrayDeque<Isolate> idle = new ArrayDeque<>();
    private boolean closed;

    MainWorkerIsolates(IsolateFactory factory, IsolateServices services, int maxIdle) {
        this.factory = factory;
        this.services = services;
        this.maxIdle = maxIdle;
    }

    Isolate acquire() {
        synchronized (this) {
            Isolate isolate = idle.pollFirst();
            if (isolate != null) {
                return isolate;
            }
        }
        return factory.start(services);
    }

    void release(Isolate isolate) {
        synchronized (this) {
            if (!closed && !isolate.isDiscarded() && idle.size() < maxIdle) {
                idle.addFirst(isolate); // most recently used first: its pages are the warm ones
                return;
            }
        }
        factory.drop(isolate);
    }

    /** Drops the idle isolates; ones in use are dropped when released. */
    void close() {
        List<Isolate> dropped;
        synchronized (this) {
            closed = true;
            dropped = new ArrayList<>(idle);
            idle.clear();
        }
        dropped.forEach(factory::drop);
    }
}
