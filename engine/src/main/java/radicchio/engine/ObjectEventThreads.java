package radicchio.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import radicchio.bindings.Isolate;

/**
 * Threads for Durable Object events. An event called from inside an isolate (a host import
 * serving JS: a stub's fetch, an RPC, a facet's call) runs on a thread of its own, so the CPU
 * time the isolate watchdog charges to a call is the callee's alone (a caller waiting for an
 * object uses no CPU), a limit hit by the callee never interrupts the caller, and two isolates'
 * recursion never share one stack.
 *
 * <p>An event called from Java outside any isolate (a supervisor's event calling its facets, a
 * Worker called by the embedder) has nothing to be kept apart from, and runs on the calling
 * thread when that thread's stack is deep enough for the guest ({@link Threads#hasGuestSizedStack}).
 * That saves two thread switches, which cost more than a warm facet call's own work on a small
 * machine (benchmarks/README.md, "Facets and RPC"). A limit the callee hits interrupts the
 * calling thread only within the isolate's call ({@code CpuWatchdog} clears it after). Alarms,
 * which the engine's timer thread delivers, keep a thread of their own ({@link #runApart}).
 *
 * <p>Not bounded by a fixed count, on purpose: every thread here serves a caller that is itself
 * blocked waiting for it (a request thread of the bounded {@link JsThreadPool}, or an object
 * event one level up), so the count is at most pool threads × {@link CallChain#MAX_DEPTH}, and a
 * fixed bound could only deadlock callers against their callees. Idle threads exit after a while.
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
        if (!Isolate.callInProgressOnThisThread() && Threads.hasGuestSizedStack()) {
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
