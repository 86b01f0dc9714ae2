package radicchio.engine.hostile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.engine.App;
import radicchio.engine.hostile.HostileEngine.Outcome;

/**
 * After attacks, nothing is left behind: the same round of attacks (CPU loop, memory bomb, RPC
 * cycle, sleeping requests, a query that never ends, facets), each round in an engine of its own
 * that is then closed, leaves the JVM's live threads back at their level before the round within
 * a few seconds, and the heap after GC does not grow from round to round.
 */
class LeakCheckTest {
    private static final int ROUNDS = 3;
    /** Generous: the heap moves with JIT and class data; a leak of isolates grows by far more. */
    private static final long HEAP_GROWTH_BYTES = 48L << 20;

    @TempDir
    Path dir;

    @Test
    void attacksLeaveNoThreadsAndNoHeapBehind() throws Exception {
        List<Long> heaps = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            int threadsBefore = liveThreads();
            try (HostileEngine engine = new HostileEngine(dir.resolve("round-" + round))) {
                App app = engine.start(HostileEngine.app("leaky", "exhaustion.js"));
                for (String attack : List.of("/main/cpuLoop", "/do/typedArrayBomb?id=m", "/do/callPeer?id=a&peer=b&back=a",
                        "/do/sqlForever?id=q", "/do/manyFacets?id=f&from=0&to=20")) {
                    Outcome outcome = engine.attack(app, attack);
                    assertTrue(outcome.thrown() != null || !outcome.text().startsWith("ok: ") || attack.contains("manyFacets"), outcome::toString);
                }
                for (Outcome sleeper : engine.attack(app, "/http/nap", 6)) {
                    assertTrue(sleeper.thrown() == null, sleeper::toString);
                }
            }
            assertTrue(threadsSettle(threadsBefore), "round " + round + ": " + liveThreads() + " live threads, "
                    + threadsBefore + " before the round");
            heaps.add(heapAfterGc());
        }
        // Round 0 loads classes and warms caches; the later rounds must not keep adding.
        long growth = heaps.get(ROUNDS - 1) - heaps.get(1);
        assertTrue(growth < HEAP_GROWTH_BYTES, "heap after GC by round (bytes): " + heaps);
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Waits up to 10 s for the live threads to come back to {@code before} (two of slack for JVM internals). */
    private static boolean threadsSettle(int before) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (liveThreads() <= before + 2) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
