package radicchio.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Event locks: arrival order for waiters, a long waiter's JS pool slot lent to others, and cycles
 * found even when they form during the wait.
 */
class ObjectLocksTest {
    private final ObjectLocks locks = new ObjectLocks();

    @Test
    void waitersGetTheLockInTheOrderTheyArrivedEvenWhenTheWaitOutlastsManyRechecks() throws Exception {
        ObjectLocks.EventLock busy = new ObjectLocks.EventLock("busy");
        CallChain holder = CallChain.begin();
        locks.acquire(busy, holder);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int arrival = i;
            waiters.add(CompletableFuture.runAsync(() -> {
                try {
                    CallChain chain = CallChain.begin();
                    locks.acquire(busy, chain);
                    order.add(arrival);
                    locks.release(busy);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable).start()));
            while (busy.lock.getQueueLength() <= i) { // the next one arrives after this one queued
                Thread.sleep(1);
            }
        }
        Thread.sleep(200); // ten re-checks of the wait-for graph: nobody may lose its place
        locks.release(busy);
        CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), order);
    }

    @Test
    void aRequestWaitingLongForABusyObjectLendsItsPoolSlotAndTakesItBackAfter() throws Exception {
        JsThreadPool pool = new JsThreadPool(1);
        ObjectLocks.EventLock busy = new ObjectLocks.EventLock("busy");
        locks.acquire(busy, CallChain.begin());
        CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.run(() -> {
                    locks.acquire(busy, CallChain.begin()); // on the pool's only thread
                    locks.release(busy);
                    return "got the lock";
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        while (busy.lock.getQueueLength() == 0) {
            Thread.sleep(1);
        }
        // The only slot's task waits for the object: this one runs because a re-check lent the slot.
        CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.run(() -> "ran");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("ran", other.get(10, TimeUnit.SECONDS));
        locks.release(busy);
        assertEquals("got the lock", waiter.get(10, TimeUnit.SECONDS));
        assertEquals(1, JsThreadPoolTest.coreSizeOnceSettled(pool, 1), "the slot was not taken back");
        pool.shutdown(System.nanoTime());
    }

    @Test
    void aCycleThatFormsWhileBothWaitIsFoundAndBothCallsFailWithoutKeepingTheLocks() throws Exception {
        ObjectLocks.EventLock a = new ObjectLocks.EventLock("A");
        ObjectLocks.EventLock b = new ObjectLocks.EventLock("B");
        CallChain one = CallChain.begin();
        CallChain two = CallChain.begin();
        locks.acquire(a, one);
        // Chain two has B's lock, but its owner is not published yet (the moment between taking
        // the lock and recording the owner): the checks made when each starts waiting see no cycle.
        b.lock.lock();
        CountDownLatch bothWaiting = new CountDownLatch(2);
        CompletableFuture<String> oneWaitsForB = waitFor(b, one, bothWaiting);
        CompletableFuture<String> twoWaitsForA = waitFor(a, two, bothWaiting);
        bothWaiting.await(10, TimeUnit.SECONDS);
        while (a.lock.getQueueLength() + b.lock.getQueueLength() < 2) {
            Thread.sleep(1);
        }
        b.owner = two; // now one waits for B (held by two) and two waits for A (held by one)

        assertTrue(oneWaitsForB.get(10, TimeUnit.SECONDS).startsWith("Error: Deadlock: Durable Object B"));
        assertTrue(twoWaitsForA.get(10, TimeUnit.SECONDS).startsWith("Error: Deadlock: Durable Object A"));
        assertFalse(Thread.currentThread().isInterrupted());
        locks.release(a);
        b.owner = null;
        b.lock.unlock();
        // Nothing stays held or queued: a new chain takes both at once.
        CallChain three = CallChain.begin();
        locks.acquire(a, three);
        locks.acquire(b, three);
        assertEquals(three, a.owner);
        assertEquals(three, b.owner);
    }

    /** Acquires {@code target} for {@code chain} on a new thread; completes with the error's text, or "locked". */
    private CompletableFuture<String> waitFor(ObjectLocks.EventLock target, CallChain chain, CountDownLatch started) {
        CompletableFuture<String> result = new CompletableFuture<>();
        new Thread(() -> {
            started.countDown();
            try {
                locks.acquire(target, chain);
                result.complete("locked");
            } catch (RuntimeException | InterruptedException e) {
                result.complete(String.valueOf(e.getMessage()));
            }
        }).start();
        return result;
    }
}
