package radicchio.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where Durable Object events (and calls to dynamic workers and loopback entrypoints) run: on
 * the calling thread when its stack holds one more guest call ({@link Threads#hasStackForAnotherGuest}),
 * else on a thread of their own.
 *
 * <p>The calling thread, also when the caller is an isolate (a host import serving a worker's
 * stub call): that saves two thread switches per call, which on a small machine cost more than a
 * warm object event's own work (benchmarks/README.md, "Facets and RPC" and "Object events on the
 * caller's thread"). What a thread of its own gave the callee holds here too: the isolate watchdog
 * charges the callee's CPU time to the callee alone and suspends the caller's budget meanwhile
 * (host-bindings {@code CpuWatchdog}), a limit the callee hits interrupts the callee's call only,
 * the metrics charge each call its own CPU time ({@link Threads#chargeCpuSince}), and a caller
 * waiting for a busy object lends its JS pool slot ({@link ObjectLocks}). The engine's threads
 * have stack for {@link Threads#NESTED_GUESTS} guests, so a worker and the object it calls fit;
 * an object calling another object (one more level) runs the callee apart, as alarms do, which
 * the engine's timer thread delivers ({@link #runApart}).
 *
 * <p>The event threads are not bounded by a fixed count, on purpose: every thread here serves a
 * caller that is itself blocked waiting for it (a request thread of the bounded
 * {@link JsThreadPool}, or an object event one level up), so the count is at most pool threads ×
 * {@link CallChain#MAX_DEPTH}, and a fixed bound could only deadlock callers against their
 * callees. Idle threads exit after a while.
 */
final class ObjectEventThreads {
    private final ThreadPoolExecutor executor;

    ObjectEventThreads() {
        ThreadGroup group = new ThreadGroup("radicchio-objects"); // not the request pool's group (JsThreadPool.run tells them apart)
        this.executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                Threads.daemons(group, "radicchio-object"));
    }

    /**
     * Runs {@code task} here or on an event thread (see above) and waits for it; exceptions come
     * out unwrapped.
     */
    <T> T run(Callable<T> task) throws Exception {
        if (Threads.hasStackForAnotherGuest()) {
            return task.call();
        }
        return runApart(task);
    }

    /**
     * Runs {@code task} on an event thread whatever the caller, and waits for it. For the engine's
     * own service threads (alarm delivery), whose other work must not depend on what a worker's
     * event does to the thread it runs on.
     */
    <T> T runApart(Callable<T> task) throws Exception {
        Future<T> event = executor.submit(task);
        return JsThreadPool.whileWaiting(() -> Threads.await(event)); // the caller uses no CPU meanwhile
    }

    void shutdown(long deadlineNanos) {
        Threads.shutdown(executor, deadlineNanos);
    }
}
