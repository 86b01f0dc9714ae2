package radicchio.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool that runs requests to main workers. Durable Object events run on
 * {@link ObjectEventThreads} instead, so a request waiting for an object never waits for a free
 * thread of this pool as well: the bounded pool cannot deadlock on its own queue.
 */
final class JsThreadPool {
    /** Requests waiting for a thread beyond this are refused (the caller sees overload, not a hang). */
    static final int MAX_QUEUED = 10_000;
    private static final long STACK_BYTES = 16L << 20;

    private final ThreadPoolExecutor executor;
    private final ThreadGroup group = new ThreadGroup("radicchio-js");

    JsThreadPool(int threads) {
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED), r -> {
                    Thread t = new Thread(group, r, "radicchio-js-" + counter.incrementAndGet(), STACK_BYTES);
                    t.setDaemon(true);
                    return t;
                });
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
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        }
    }

    /** Stops taking work; waits for running tasks until {@code deadlineNanos} (System.nanoTime). */
    void shutdown(long deadlineNanos) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
