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
 *
 * <p>The bound is on threads running JavaScript, not on requests waiting: a request that waits
 * without using CPU (for a timer, for a Durable Object) calls {@link #whileWaiting}, and the pool
 * may start one more thread for that long. Otherwise a few requests sleeping on long timers would
 * hold every thread and starve every other tenant of the engine.
 */
final class JsThreadPool {
    /** Requests waiting for a thread beyond this are refused (the caller sees overload, not a hang). */
    static final int MAX_QUEUED = 10_000;

    /**
     * Waiting requests let the pool grow by at most this many threads beyond its size: each
     * thread holds an isolate, so a flood of sleeping requests must not become a flood of isolates.
     * Past it, a waiting request keeps its thread (the old behaviour: slower, but bounded).
     */
    static final int MAX_EXTRA_FOR_WAITS = 64;

    private final ThreadPoolExecutor executor;
    private final int threads;
    private final ThreadGroup group = new ThreadGroup("radicchio-js");
    /** The pool whose task runs on this thread (null elsewhere). */
    private static final ThreadLocal<JsThreadPool> CURRENT = new ThreadLocal<>();

    JsThreadPool(int threads) {
        this.threads = threads;
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
            future = executor.submit(() -> {
                CURRENT.set(this);
                try {
                    return task.call();
                } finally {
                    CURRENT.remove();
                }
            });
        } catch (RejectedExecutionException e) {
            throw new EngineOverloadedException("too many requests are waiting for a JavaScript thread", e);
        }
        return Threads.await(future);
    }

    /** A wait that uses no CPU. */
    @FunctionalInterface
    interface Wait<T, E extends Exception> {
        T get() throws E;
    }

    /**
     * Runs {@code wait}; on a thread of a pool, that pool may run one more thread meanwhile, so the
     * waiting request does not count against the threads that run JavaScript.
     */
    static <T, E extends Exception> T whileWaiting(Wait<T, E> wait) throws E {
        JsThreadPool pool = CURRENT.get();
        if (pool == null) {
            return wait.get();
        }
        if (!pool.resize(1)) {
            return wait.get();
        }
        try {
            return wait.get();
        } finally {
            pool.resize(-1);
        }
    }

    /** Grows or shrinks the pool by one; false (and no change) when growing would pass the cap. */
    private synchronized boolean resize(int delta) {
        int core = executor.getCorePoolSize() + delta;
        if (delta > 0 && core > threads + MAX_EXTRA_FOR_WAITS) {
            return false;
        }
        if (core > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(core); // never below the core size
        }
        // Growing starts a thread for a queued task, if any; after shrinking, the extra threads
        // stay for the keep-alive time (reused by the next waits) rather than exiting at once.
        executor.setCorePoolSize(core);
        return true;
    }

    /** The executor's core size: how many threads may run tasks now (for tests). */
    int coreSize() {
        return executor.getCorePoolSize();
    }

    /** Stops taking work; waits for running tasks until {@code deadlineNanos} (System.nanoTime). */
    void shutdown(long deadlineNanos) {
        Threads.shutdown(executor, deadlineNanos);
    }
}
