package radicchio.bindings;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The watchdog on its own, without a guest: a thread that spins past its budget is interrupted,
 * also right after many short calls have let the poller go back to sleep (a call that starts as
 * the poller falls asleep must still wake it), and calls that stay within their budget are not.
 */
class CpuWatchdogTest {
    private static final long BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    @Test
    void aSpinningCallIsInterruptedAfterManyShortOnes() {
        CpuWatchdog watchdog = CpuWatchdog.get();
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 200; i++) {
                CpuWatchdog.Budget shortCall = watchdog.start(BUDGET_NANOS);
                watchdog.stop(shortCall);
                assertFalse(shortCall.exceeded, "a call well within its budget was flagged");
            }
            assertTrue(spinUntilInterrupted(watchdog), "round " + round + ": the spinning call was never interrupted");
        }
    }

    @Test
    void aCallThatWaitsIsNotChargedForTheWait() throws InterruptedException {
        CpuWatchdog watchdog = CpuWatchdog.get();
        CpuWatchdog.Budget sleeper = watchdog.start(BUDGET_NANOS);
        try {
            Thread.sleep(5 * TimeUnit.NANOSECONDS.toMillis(BUDGET_NANOS)); // wall time past the budget, almost no CPU
        } finally {
            watchdog.stop(sleeper);
        }
        assertFalse(sleeper.exceeded, "a sleeping call was charged for its wall time");
    }

    /** Spins (using CPU) until interrupted; false if that took longer than 10 s of wall time. */
    private static boolean spinUntilInterrupted(CpuWatchdog watchdog) {
        CpuWatchdog.Budget spinner = watchdog.start(BUDGET_NANOS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            long sink = 0;
            while (!Thread.currentThread().isInterrupted()) {
                if (System.nanoTime() - deadline > 0) {
                    return false;
                }
                sink += System.identityHashCode(spinner) ^ sink;
            }
            return spinner.exceeded && sink != 1; // sink read so the loop is not optimized away
        } finally {
            watchdog.stop(spinner); // clears the interrupt the watchdog delivered
            assertFalse(Thread.currentThread().isInterrupted(), "the watchdog's interrupt leaked out of stop()");
        }
    }
}
