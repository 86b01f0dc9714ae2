package radicchio.engine;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded pool that runs requests to main workers. Durable Object events run on
 * {@link ObjectEventThreads} instead, so a request waiting for an object never waits for a free
 * thread of this pool as well: the bounded pool cannot deadlock on its own queue.
 *
 * <p>The bound is on tasks running JavaScript, not on requests waiting: a request that waits
 * without using CPU (for a timer, for a Durable Object) calls {@link #whileWaiting}, which hands
 * its slot to the next queued request for that long (on another thread). Otherwise a few requests
 * sleeping on long timers would hold every slot and starve every other tenant of the engine.
 *
 * <p>Not a {@code ThreadPoolExecutor}: lending a slot meant growing and shrinking its core size
 * around every wait, and each shrink interrupts every idle thread of the pool. Under load on a
 * Durable Object (every request waits for it), that woke dozens of threads per request and cost
 * the JS threads more CPU than the JavaScript. Here the slot count is explicit, a freed slot goes
 * to exactly one thread, and a thread that finishes a task takes the next queued one without
 * sleeping. Idle threads wait most recently used first, so the warm ones get the work and the
 * others time out.
 */
final class JsThreadPool {
    private static final Logger LOG = LoggerFactory.getLogger(JsThreadPool.class);
    /** Requests waiting for a thread beyond this are refused (the caller sees overload, not a hang). */
    static final int MAX_QUEUED = 10_000;

    /**
     * Waiting requests lend their slots to at most this many others at once: each running request
     * holds an isolate, so a flood of sleeping requests must not become a flood of isolates. Past
     * it, a waiting request keeps its slot (slower, but bounded).
     */
    static final int MAX_EXTRA_FOR_WAITS = 64;

    /** An idle thread exits after this long without work. */
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** The pool whose task runs on this thread (null elsewhere). */
    private static final ThreadLocal<JsThreadPool> CURRENT = new ThreadLocal<>();

    private final int slots;
    private final ThreadGroup group = new ThreadGroup("radicchio-js");
    private final ThreadFactory threadFactory = Threads.daemons(group, "radicchio-js");

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the last worker exits after shutdown. */
    private final Condition terminated = lock.newCondition();
    /** Tasks not started yet, oldest first (guarded by lock). */
    private final ArrayDeque<FutureTask<?>> queue = new ArrayDeque<>();
    /** Idle workers, most recently idle first (guarded by lock). */
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    /** Every live worker, for interrupting them at a forced shutdown (guarded by lock). */
    private final Set<Worker> workers = new HashSet<>();
    /** Tasks holding a slot: running JavaScript, or handed to a worker that is about to (guarded by lock). */
    private int running;
    /** Tasks that lent their slot while they wait (guarded by lock). */
    private int lent;
    private boolean shutdown;

    JsThreadPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a JS pool needs at least one thread, not " + threads);
        }
        this.slots = threads;
    }

    /** Runs {@code task} on a pool thread and waits for it; exceptions come out unwrapped. */
    <T> T run(Callable<T> task) throws Exception {
        if (isPoolThread()) {
            return task.call(); // already on a pool thread: waiting for another would only risk starving the pool
        }
        FutureTask<T> future = new FutureTask<>(task);
        enqueue(future);
        return Threads.await(future);
    }

    /**
     * Runs {@code task} on a pool thread, later; the caller does not wait. {@code task} handles its
     * own failures; one that escapes is logged (nobody reads the task's future). Throws
     * {@link EngineOverloadedException} when the queue is full or the pool shut down.
     */
    void execute(Runnable task) {
        enqueue(new FutureTask<Void>(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.error("a task on the JS pool failed", e);
            }
        }, null));
    }

    private boolean isPoolThread() {
        return Thread.currentThread().getThreadGroup() == group;
    }

    private void enqueue(FutureTask<?> task) {
        lock.lock();
        try {
            if (shutdown) {
                throw new EngineOverloadedException("the JavaScript thread pool is shut down", null);
            }
            if (queue.size() >= MAX_QUEUED) {
                throw new EngineOverloadedException("too many requests are waiting for a JavaScript thread", null);
            }
            queue.addLast(task);
            startQueuedLocked();
        } finally {
            lock.unlock();
        }
    }

    /** A wait that uses no CPU. */
    @FunctionalInterface
    interface Wait<T, E extends Exception> {
        T get() throws E;
    }

    /**
     * Runs {@code wait}; on a thread of a pool, its slot goes to the next queued task meanwhile, so
     * the waiting request does not count against the tasks that run JavaScript.
     */
    static <T, E extends Exception> T whileWaiting(Wait<T, E> wait) throws E {
        JsThreadPool pool = CURRENT.get();
        if (pool == null || !pool.lendSlot()) {
            return wait.get();
        }
        try {
            return wait.get();
        } finally {
            pool.takeSlotBack();
        }
    }

    /** The pool whose task runs on this thread, or null. */
    static JsThreadPool current() {
        return CURRENT.get();
    }

    /**
     * Lends the slot of a task that waits to the next queued task, as {@link #whileWaiting} does;
     * false when {@link #MAX_EXTRA_FOR_WAITS} are lent already. Any thread may call it for the
     * waiting task; pair a true answer with {@link #takeSlotBack} once the wait ends.
     */
    boolean lendSlot() {
        lock.lock();
        try {
            if (lent >= MAX_EXTRA_FOR_WAITS) {
                return false;
            }
            lent++;
            running--;
            startQueuedLocked();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Back from a wait: the task runs on at once, even when every slot is taken meanwhile (the
     * pool is over its bound until the next task ends: finishing requests already begun comes
     * before starting new ones).
     */
    void takeSlotBack() {
        lock.lock();
        try {
            lent--;
            running++;
        } finally {
            lock.unlock();
        }
    }

    /** Hands queued tasks to idle workers (or new ones) while slots are free. */
    private void startQueuedLocked() {
        while (running < slots && !queue.isEmpty()) {
            FutureTask<?> task = queue.pollFirst();
            running++;
            Worker worker = idle.pollFirst();
            if (worker != null) {
                worker.next = task;
                worker.wake.signal();
            } else if (!startWorkerLocked(task)) {
                return;
            }
        }
    }

    /** Starts a worker for {@code first}; when the JVM cannot start a thread, cancels that task instead. */
    private boolean startWorkerLocked(FutureTask<?> first) {
        Worker worker = new Worker(first);
        Thread thread = threadFactory.newThread(worker);
        worker.thread = thread;
        workers.add(worker);
        try {
            thread.start();
            return true;
        } catch (OutOfMemoryError e) { // "unable to create native thread": this request fails, the pool stays consistent
            workers.remove(worker);
            running--;
            first.cancel(false);
            return false;
        }
    }

    /**
     * Called by a worker whose task ended: returns its next task (taken from the queue at once when
     * a slot is free), or null when the worker should exit (idle past the keep-alive, or shut down).
     */
    private FutureTask<?> next(Worker worker) {
        lock.lock();
        try {
            running--;
            long deadline = System.nanoTime() + KEEP_ALIVE_NANOS;
            while (true) {
                if (running < slots && !queue.isEmpty()) {
                    running++;
                    return queue.pollFirst();
                }
                if (shutdown || System.nanoTime() - deadline >= 0) {
                    exitLocked(worker);
                    return null;
                }
                worker.next = null;
                idle.addFirst(worker);
                try {
                    while (worker.next == null && !shutdown) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            break;
                        }
                        worker.wake.awaitNanos(left);
                    }
                } catch (InterruptedException e) {
                    // A forced shutdown interrupts idle workers too: exit below, unless handed a task.
                }
                if (worker.next != null) {
                    return worker.next; // its slot was counted by whoever handed it over
                }
                idle.remove(worker);
            }
        } finally {
            lock.unlock();
        }
    }

    private void exitLocked(Worker worker) {
        workers.remove(worker);
        if (workers.isEmpty()) {
            terminated.signalAll();
        }
    }

    /** A pool thread: runs the task it was started with, then whatever {@link #next} gives it. */
    private final class Worker implements Runnable {
        final Condition wake = lock.newCondition();
        /** The task handed to this idle worker (guarded by lock). */
        FutureTask<?> next;
        Thread thread;

        Worker(FutureTask<?> first) {
            this.next = first;
        }

        @Override
        public void run() {
            CURRENT.set(JsThreadPool.this);
            FutureTask<?> task = next; // set before Thread.start, which publishes it
            while (task != null) {
                task.run(); // a FutureTask keeps the task's exception for its caller
                Thread.interrupted(); // an interrupt meant for that task ends with it
                task = next(this);
            }
        }
    }

    /** How many tasks may run JavaScript now: the pool's size plus the slots lent by waits (for tests). */
    int coreSize() {
        lock.lock();
        try {
            return slots + lent;
        } finally {
            lock.unlock();
        }
    }

    /** Tasks waiting for a slot (for tests). */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops taking work and waits (until {@code deadlineNanos}, System.nanoTime) for queued and
     * running tasks; then interrupts the tasks still running and cancels those never started.
     */
    void shutdown(long deadlineNanos) {
        lock.lock();
        try {
            shutdown = true;
            for (Worker worker : idle) {
                worker.wake.signal();
            }
            while (!workers.isEmpty() || !queue.isEmpty()) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                terminated.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (FutureTask<?> task : queue) {
                task.cancel(false);
            }
            queue.clear();
            for (Worker worker : workers) {
                worker.thread.interrupt();
            }
            lock.unlock();
        }
    }
}
