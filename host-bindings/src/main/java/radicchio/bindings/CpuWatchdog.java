package radicchio.bindings;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Enforces per-call CPU budgets. A call registers its thread and budget; one daemon thread polls
 * the thread CPU time of every registered call and interrupts a thread that has gone over.
 * Chicory's compiled code checks the interrupt flag at calls and backward branches, so even a
 * tight {@code for(;;){}} stops within one poll interval.
 *
 * <p>CPU time, not wall time: a call waiting on a timer or on a host call is not charged for the
 * wait (the platform's {@code cpuMs} semantics). The watchdog sleeps when no call is registered.
 *
 * <p>Cheap when busy: a thread cannot have used more CPU than the wall time since its call
 * started, so a budget is not queried until that much wall time has passed (asking the JVM for
 * another thread's CPU time finds the thread by id, and under load hundreds of calls are
 * registered, most of them waiting on a host call). Starting a call wakes the poller only when it
 * sleeps without a deadline.
 *
 * <p>Calls nest: a worker's host call may run an object's event on the same thread (the engine
 * does, to save two thread switches). The inner call has its own budget; the outer one is not
 * checked while the inner runs, and is not charged for the inner's CPU time afterwards, so each
 * call pays for its own work only, as when the inner ran on a thread of its own.
 */
final class CpuWatchdog {
    static final long POLL_NANOS = 2_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final CpuWatchdog INSTANCE = new CpuWatchdog();

    /**
     * One call being timed; {@code exceeded} is set before the thread is interrupted. The poller's
     * interrupt and {@link #stop} hold the budget's lock, so once a call has stopped no interrupt
     * can still arrive for it: the thread may be the embedder's own, running more Java after it.
     */
    static final class Budget {
        /** The call this one runs inside of on the same thread, or null. */
        final Budget outer;
        final Thread thread;
        final long threadId;
        final long limitNanos;
        final long startCpu;
        /** {@link System#nanoTime()} before which the budget cannot have run out. */
        final long earliestExceedNanos;
        volatile boolean exceeded;
        private boolean stopped; // guarded by this
        /** Set while a call nested in this one runs: this budget is not checked meanwhile. */
        private boolean suspended; // guarded by this
        /** CPU time of the calls nested in this one, which they were charged for (written by the call's thread only). */
        private volatile long nestedNanos;

        Budget(Budget outer, Thread thread, long limitNanos) {
            this.outer = outer;
            this.thread = thread;
            this.threadId = thread.getId();
            this.limitNanos = limitNanos;
            this.startCpu = THREADS.getCurrentThreadCpuTime();
            this.earliestExceedNanos = System.nanoTime() + limitNanos;
        }

        long usedNanos() {
            return Math.max(0, cpuSinceStart() - nestedNanos);
        }

        /** CPU time of this thread since the call started, the nested calls' included. */
        private long cpuSinceStart() {
            long now = thread == Thread.currentThread() ? THREADS.getCurrentThreadCpuTime() : THREADS.getThreadCpuTime(threadId);
            return now < 0 ? 0 : now - startCpu;
        }
    }

    /** The innermost call being timed on this thread, or null. */
    private static final ThreadLocal<Budget> CURRENT = new ThreadLocal<>();

    private final ConcurrentHashMap<Budget, Boolean> active = new ConcurrentHashMap<>();
    private volatile Thread poller;
    /** Set while the poller sleeps with no deadline (no call was registered). */
    private volatile boolean pollerIdle;

    static CpuWatchdog get() {
        return INSTANCE;
    }

    /**
     * Starts timing a call on the current thread; pair with {@link #stop}. Inside another call
     * on this thread, that one is suspended until this one stops.
     *
     * @throws CallerOutOfCpuException if the call this one would run inside has used up its budget
     *     (its thread is interrupted, which belongs to that call: this one would be stopped at once)
     */
    Budget start(long limitNanos) {
        Budget outer = CURRENT.get();
        if (outer != null) {
            synchronized (outer) {
                if (outer.exceeded) {
                    throw new CallerOutOfCpuException();
                }
                outer.suspended = true;
            }
        }
        Budget b = new Budget(outer, Thread.currentThread(), limitNanos);
        CURRENT.set(b);
        active.put(b, Boolean.TRUE);
        Thread p = poller;
        if (p == null) {
            p = startPoller();
        }
        if (pollerIdle) {
            LockSupport.unpark(p);
        }
        return b;
    }

    /** Stops timing; clears an interrupt the watchdog itself delivered so it cannot leak into the caller. */
    void stop(Budget b) {
        active.remove(b);
        synchronized (b) {
            b.stopped = true;
            if (b.exceeded) {
                Thread.interrupted();
            }
        }
        CURRENT.set(b.outer);
        Budget outer = b.outer;
        if (outer != null) {
            outer.nestedNanos += b.cpuSinceStart();
            synchronized (outer) {
                outer.suspended = false;
            }
        }
    }

    private static void interruptUnlessStopped(Budget b) {
        synchronized (b) {
            if (!b.stopped && !b.suspended) {
                b.exceeded = true;
                b.thread.interrupt();
            }
        }
    }

    private synchronized Thread startPoller() {
        if (poller == null) {
            Thread t = new Thread(this::poll, "radicchio-cpu-watchdog");
            t.setDaemon(true);
            t.start();
            poller = t;
        }
        return poller;
    }

    private void poll() {
        while (true) {
            if (active.isEmpty()) {
                pollerIdle = true;
                // A call registered between the check and this flag: its start() may have seen the
                // flag still clear and not unparked us, so check again before sleeping.
                if (active.isEmpty()) {
                    LockSupport.park(this);
                }
                pollerIdle = false;
                continue;
            }
            long now = System.nanoTime();
            for (Budget b : active.keySet()) {
                // (A suspended budget may look exceeded, its nested call's time not subtracted yet:
                // interruptUnlessStopped skips it.)
                if (!b.exceeded && now - b.earliestExceedNanos >= 0 && b.usedNanos() > b.limitNanos) {
                    interruptUnlessStopped(b);
                }
            }
            LockSupport.parkNanos(this, POLL_NANOS);
        }
    }
}
