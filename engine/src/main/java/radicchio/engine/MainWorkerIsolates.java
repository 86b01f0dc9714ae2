package radicchio.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import radicchio.bindings.HostServices;
import radicchio.bindings.Isolate;

/**
 * The isolates that run one worker (an app's main worker, or a dynamic worker), reused between
 * requests, one request at a time each. Reuse rather than a fresh isolate per request: a fresh
 * one costs little to start, but it runs in its slower copy-on-write memory form (a reused one
 * turns flat, see host-bindings GuestMemory) and JS would see a cold heap (allocator state, the
 * handler's objects); and on the platform too, a worker's globals survive between requests that
 * land on the same isolate. A discarded isolate (limit, trap) is never reused.
 *
 * <p>Up to {@code maxIdle} idle isolates are kept as they are. Up to {@code maxParked} more are
 * kept too, and parked (only the memory chunks they changed, ~250 KB instead of ~3 MB) once they
 * have been idle for {@link #PARK_AFTER_NANOS}: so a burst of requests that wait (on a timer, on a
 * Durable Object), which lets the JS pool grow, does not become a stream of new isolates once it
 * ends, and while such a burst lasts its isolates are not parked and copied back on every request
 * (parking compares the whole memory and the next call copies it into one array again: under
 * sustained load on a Durable Object that churn had been a fifth of the server's CPU).
 */
final class MainWorkerIsolates {
    /** How long an isolate beyond the first {@code maxIdle} stays idle as it is before it is parked. */
    static final long PARK_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    /** An idle isolate, since when it is idle, and whether it is parked. */
    private static final class Idle {
        final Isolate isolate;
        final long sinceNanos;
        boolean parked;

        Idle(Isolate isolate, long sinceNanos) {
            this.isolate = isolate;
            this.sinceNanos = sinceNanos;
        }
    }

    private final IsolateFactory factory;
    private final HostServices services;
    private final int maxIdle;
    private final int maxParked;
    /** Idle isolates, most recently released first: the front ones' pages are the warm ones. */
    private final ArrayDeque<Idle> idle = new ArrayDeque<>();
    /** Whether a parking pass is scheduled on {@link Housekeeping}. */
    private boolean parkingScheduled;
    private boolean closed;

    MainWorkerIsolates(IsolateFactory factory, HostServices services, int maxIdle) {
        this(factory, services, maxIdle, 0);
    }

    MainWorkerIsolates(IsolateFactory factory, HostServices services, int maxIdle, int maxParked) {
        this.factory = factory;
        this.services = services;
        this.maxIdle = maxIdle;
        this.maxParked = maxParked;
    }

    Isolate acquire() {
        synchronized (this) {
            Idle warmest = idle.pollFirst();
            if (warmest != null) {
                return warmest.isolate;
            }
        }
        return factory.start(services);
    }

    void release(Isolate isolate) {
        Isolate dropped = null;
        boolean schedule = false;
        synchronized (this) {
            if (closed || isolate.isDiscarded() || maxIdle + maxParked == 0) {
                dropped = isolate;
            } else {
                idle.addFirst(new Idle(isolate, System.nanoTime()));
                if (idle.size() > maxIdle + maxParked) {
                    dropped = idle.pollLast().isolate; // the one idle longest
                }
                if (idle.size() > maxIdle && !parkingScheduled) {
                    parkingScheduled = true;
                    schedule = true;
                }
            }
        }
        if (dropped != null) {
            factory.drop(dropped);
        }
        if (schedule) {
            Housekeeping.schedule(this::parkLongIdle, PARK_AFTER_NANOS);
        }
    }

    /**
     * Parks the isolates beyond the first {@code maxIdle} that have been idle for
     * {@link #PARK_AFTER_NANOS}, and schedules the next pass while some are left unparked. Runs on
     * {@link Housekeeping}'s thread; parking happens outside the lock (it compares the whole memory),
     * with the isolates taken out of the deque meanwhile so no request gets one half parked.
     */
    void parkLongIdle() {
        List<Idle> toPark = new ArrayList<>();
        synchronized (this) {
            parkingScheduled = false;
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            int position = 0;
            for (Iterator<Idle> it = idle.iterator(); it.hasNext(); position++) {
                Idle entry = it.next();
                if (position >= maxIdle && !entry.parked && now - entry.sinceNanos >= PARK_AFTER_NANOS) {
                    it.remove();
                    toPark.add(entry);
                }
            }
        }
        List<Isolate> dropped = new ArrayList<>();
        for (Idle entry : toPark) {
            try {
                entry.isolate.park();
                entry.parked = true;
            } catch (RuntimeException e) {
                dropped.add(entry.isolate); // not worth keeping: a fresh one starts in microseconds
            }
        }
        boolean reschedule;
        synchronized (this) {
            for (Idle entry : toPark) {
                if (!entry.parked) {
                    continue;
                }
                if (closed || idle.size() >= maxIdle + maxParked) {
                    dropped.add(entry.isolate);
                } else {
                    idle.addLast(entry); // they were the ones idle longest
                }
            }
            reschedule = !closed && !parkingScheduled && hasUnparkedBeyondMaxIdle();
            parkingScheduled |= reschedule;
        }
        dropped.forEach(factory::drop);
        if (reschedule) {
            Housekeeping.schedule(this::parkLongIdle, PARK_AFTER_NANOS);
        }
    }

    private boolean hasUnparkedBeyondMaxIdle() {
        int position = 0;
        for (Idle entry : idle) {
            if (position++ >= maxIdle && !entry.parked) {
                return true;
            }
        }
        return false;
    }

    /** Idle isolates kept as they are and parked ones, for tests and metrics: {unparked, parked}. */
    synchronized int[] idleCounts() {
        int parked = 0;
        for (Idle entry : idle) {
            parked += entry.parked ? 1 : 0;
        }
        return new int[] {idle.size() - parked, parked};
    }

    /** Drops the idle isolates; ones in use are dropped when released. */
    void close() {
        List<Isolate> dropped = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.forEach(entry -> dropped.add(entry.isolate));
            idle.clear();
        }
        dropped.forEach(factory::drop);
    }
}
