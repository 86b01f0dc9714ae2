package radicchio.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import radicchio.bindings.GuestModule;
import radicchio.bindings.HostServices;
import radicchio.bindings.Isolate;
import radicchio.bindings.Limits;

/** The reuse, parking and dropping policy of a worker's isolate pool, on real isolates. */
class MainWorkerIsolatesTest {
    private final EngineMetrics metrics = new EngineMetrics(new SimpleMeterRegistry());
    private final IsolateFactory factory = new IsolateFactory(GuestModule.get().baseSnapshot(), Limits.DEFAULT, metrics);

    @Test
    void aBurstKeepsItsIsolatesAsTheyAreAndParksTheOnesBeyondMaxIdleOnlyAfterTheyStayIdle() throws Exception {
        MainWorkerIsolates pool = new MainWorkerIsolates(factory, HostServices.NONE, 1, 4);
        List<Isolate> burst = acquire(pool, 3);
        burst.forEach(pool::release);
        // Released just now: none parked yet, so the next burst gets them back as they are.
        assertArrayEquals(new int[] {3, 0}, pool.idleCounts());
        List<Isolate> again = acquire(pool, 3);
        assertTrue(again.containsAll(burst), "the burst's isolates are reused");
        assertEquals(3, metrics.liveIsolates(), "no isolate was started for the second burst");
        again.forEach(pool::release);

        awaitIdleCounts(pool, new int[] {1, 2});
        Isolate warmest = pool.acquire();
        assertSame(again.get(2), warmest, "the most recently released isolate, unparked, comes first");
        pool.release(warmest);
        pool.close();
        assertEquals(0, metrics.liveIsolates());
    }

    @Test
    void isolatesBeyondTheCapAreDroppedOldestFirstAndAClosedPoolDropsWhatComesBack() {
        MainWorkerIsolates pool = new MainWorkerIsolates(factory, HostServices.NONE, 1, 1);
        List<Isolate> burst = acquire(pool, 3);
        burst.forEach(pool::release);
        assertEquals(2, metrics.liveIsolates(), "the first one released, idle longest, was dropped");
        assertTrue(burst.get(0).isDiscarded());

        Isolate inUse = pool.acquire();
        pool.close();
        assertEquals(1, metrics.liveIsolates(), "closing drops the idle one");
        pool.release(inUse);
        assertEquals(0, metrics.liveIsolates(), "and the one in use once it comes back");
    }

    @Test
    void aDiscardedIsolateIsNeverReused() {
        MainWorkerIsolates pool = new MainWorkerIsolates(factory, HostServices.NONE, 2, 2);
        Isolate isolate = pool.acquire();
        isolate.close();
        pool.release(isolate);
        assertArrayEquals(new int[] {0, 0}, pool.idleCounts());
        pool.close();
    }

    private static List<Isolate> acquire(MainWorkerIsolates pool, int count) {
        List<Isolate> isolates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            isolates.add(pool.acquire());
        }
        return isolates;
    }

    private static void awaitIdleCounts(MainWorkerIsolates pool, int[] expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!java.util.Arrays.equals(expected, pool.idleCounts()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertArrayEquals(expected, pool.idleCounts());
    }
}
