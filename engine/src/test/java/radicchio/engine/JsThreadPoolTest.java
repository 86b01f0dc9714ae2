package radicchio.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The JS pool's bound (waits let it run more tasks for their duration only) and its shutdown. */
class JsThreadPoolTest {
    @Test
    void aWaitingTaskLetsAnotherRunAndThePoolShrinksBackOnceTheWaitEnds() throws Exception {
        JsThreadPool pool = new JsThreadPool(1);
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> sleeper = CompletableFuture.supplyAsync(() -> call(pool, () -> {
            waiting.countDown();
            return JsThreadPool.whileWaiting(() -> release.await(10, TimeUnit.SECONDS) ? "woke" : "timed out");
        }));
        waiting.await(10, TimeUnit.SECONDS);
        // The only thread is waiting, so this runs only because the wait let the pool grow.
        assertEquals("ran", pool.run(() -> "ran"));
        assertEquals(2, pool.coreSize());

        release.countDown();
        assertEquals("woke", sleeper.get(10, TimeUnit.SECONDS));
        assertEquals(1, coreSizeOnceSettled(pool, 1), "back to its size once the wait ended");
        pool.shutdown(System.nanoTime());
    }

    /** The pool's running size once it is {@code expected}, or after 10 s (lent slots come back as their waits end). */
    static int coreSizeOnceSettled(JsThreadPool pool, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.coreSize() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return pool.coreSize();
    }

    @Test
    void noMoreTasksRunAtOnceThanThePoolHasThreads() throws Exception {
        JsThreadPool pool = new JsThreadPool(2);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(12);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(CompletableFuture.supplyAsync(() -> call(pool, () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(20);
                running.decrementAndGet();
                return 1;
            }), callers));
        }
        int done = 0;
        for (CompletableFuture<Integer> c : calls) {
            done += c.get(10, TimeUnit.SECONDS);
        }
        assertEquals(12, done);
        assertEquals(2, most.get(), "two threads, and twelve callers at once: two run at a time");
        callers.shutdown();
        pool.shutdown(System.nanoTime());
    }

    @Test
    void aTaskStillQueuedAtShutdownFailsItsCallerInsteadOfHangingIt() throws Exception {
        JsThreadPool pool = new JsThreadPool(1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> busy = CompletableFuture.supplyAsync(() -> call(pool, () -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            return "finished";
        }));
        started.await(10, TimeUnit.SECONDS);
        CompletableFuture<String> queued = CompletableFuture.supplyAsync(() -> call(pool, () -> "ran"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.queued() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, pool.queued());
        // The deadline passes at once: the running task is interrupted, the queued one cancelled.
        pool.shutdown(System.nanoTime());
        ExecutionException failure = assertThrows(ExecutionException.class, () -> queued.get(10, TimeUnit.SECONDS));
        assertTrue(failure.getCause().getCause() instanceof CancellationException, failure.toString());
        release.countDown();
        busy.handle((r, e) -> null).get(10, TimeUnit.SECONDS);
        assertThrows(EngineOverloadedException.class, () -> pool.run(() -> "after shutdown"));
    }

    private static <T> T call(JsThreadPool pool, java.util.concurrent.Callable<T> task) {
        try {
            return pool.run(task);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void executeRunsTheTaskOnAPoolThreadWhereRunNeedsNoFurtherHop() throws Exception {
        JsThreadPool pool = new JsThreadPool(1);
        CompletableFuture<String> where = new CompletableFuture<>();
        pool.execute(() -> {
            try {
                Thread outer = Thread.currentThread();
                // What the HTTP listener relies on: fetch called here runs the worker on this thread.
                Thread inner = pool.run(Thread::currentThread);
                where.complete(outer.getThreadGroup().getName() + (inner == outer ? " same" : " other"));
            } catch (Exception e) {
                where.completeExceptionally(e);
            }
        });
        assertEquals("radicchio-js same", where.get(10, TimeUnit.SECONDS));
        pool.shutdown(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        assertThrows(EngineOverloadedException.class, () -> pool.execute(() -> { }));
    }
}
