package radicchio.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The bounded pool that runs requests to main workers. Durable Object events run on
 * {@link ObjectEventThreads} instead, so a request waiting for an object never waits for a free
 * thread of this pool as well: the bounded pool cannot deadlock on its own queue.
 */
final class JsThreadPool {
    /** Requests waiting for a thread beyond this are refused (the caller sees overload, not a hang). */
    static final int MAX_QUEUED = 10_000;

    private final ThreadPoolExecutor executor;
    private final ThreadGroup group = new ThreadGroup("radicchio-js");

    JsThreadPool(int threads) {
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED), Threads.daemons(group, "radicchio-js"));
        executor.allowCoreThreadTimeOut(true);
    }

    /** Runs {@code task} on a pool thread and waits for it; exceptions come out unwrapped. */
    <T> T run(Callable<T> task) throws Exception {
        if (Thread.currentThread().getThreadGroup() == group) {
            return task.call(); // already on a pool thread: waiting for another would only risk starving the pool
        }
        Future<T> future;
        try {
            future = executor.submit(task);
        } catch (RejectedExecutionException e) {
            throw new EngineOverloadedException("too many requests are waiting for a JavaScript thread", e);
        }
        return Threads.await(future);
    }

    /** Stops taking work; waits for running tasks until {@code deadlineNanos} (System.nanoTime). */
    void shutdown(long deadlineNanos) {
        Threads.shutdown(executor, deadlineNanos);
    }
}
