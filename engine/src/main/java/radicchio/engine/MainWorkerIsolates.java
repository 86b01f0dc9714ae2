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
 * land on the same isolate. At most {@code maxIdle} are kept as they are; beyond that, up to
 * {@code maxParked} more are kept parked (only the memory chunks they changed, ~250 KB instead of
 * ~3 MB), so a burst of requests waiting on timers, which lets the JS pool grow, does not become
 * a stream of new isolates once it ends. A discarded isolate (limit, trap) is never reused.
 */
final class MainWorkerIsolates {
    private final IsolateFactory factory;
    private final IsolateServices services;
    private final int maxIdle;
    private final int maxParked;
    /** Idle isolates: the ones kept as they are first (most recently used first), parked ones last. */
    private final ArrayDeque<Isolate> idle = new ArrayDeque<>();
    private boolean closed;

    MainWorkerIsolates(IsolateFactory factory, IsolateServices services, int maxIdle) {
        this(factory, services, maxIdle, 0);
    }

    MainWorkerIsolates(IsolateFactory factory, IsolateServices services, int maxIdle, int maxParked) {
        this.factory = factory;
        this.services = services;
        this.maxIdle = maxIdle;
        this.maxParked = maxParked;
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
        if (keepsParked(isolate)) {
            return;
        }
        factory.drop(isolate);
    }

    /** Parks {@code isolate} (outside the lock: it compares the whole memory) and keeps it, if there is room. */
    private boolean keepsParked(Isolate isolate) {
        synchronized (this) {
            if (closed || isolate.isDiscarded() || idle.size() >= maxIdle + maxParked) {
                return false;
            }
        }
        isolate.park();
        synchronized (this) {
            if (closed || idle.size() >= maxIdle + maxParked) {
                return false;
            }
            idle.addLast(isolate);
            return true;
        }
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
