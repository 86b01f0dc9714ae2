package radicchio.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JS pool's bound: waits let it run more threads for their duration only. */
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pool.coreSize() != 1 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, pool.coreSize(), "back to its size once the wait ended");
        pool.shutdown(System.nanoTime());
    }

    private static <T> T call(JsThreadPool pool, java.util.concurrent.Callable<T> task) {
        try {
            return pool.run(task);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
