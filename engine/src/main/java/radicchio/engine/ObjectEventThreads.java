package radicchio.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Threads for Durable Object events. Each event runs on a thread of its own, so the CPU time the
 * isolate watchdog charges to a call is the callee's alone (a caller waiting for an object uses
 * no CPU), and a limit hit by the callee never interrupts the caller.
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

    /** Runs {@code task} on an event thread and waits for it; exceptions come out unwrapped. */
    <T> T run(Callable<T> task) throws Exception {
        Future<T> event = executor.submit(task);
        return JsThreadPool.whileWaiting(() -> Threads.await(event)); // the caller uses no CPU meanwhile
    }

    void shutdown(long deadlineNanos) {
        Threads.shutdown(executor, deadlineNanos);
    }
}
