package radicchio.bindings;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The watchdog on its own, without a guest: a thread that spins past its budget is interrupted,
 * also right after many short calls have let the poller go back to sleep (a call that starts as
 * the poller falls asleep must still wake it), and calls that stay within their budget are not;
 * a call nested in another on the same thread is charged its own CPU time, its caller none of it.
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

    @Test
    void aNestedCallIsChargedItsOwnCpuTimeAndItsCallerNone() {
        CpuWatchdog watchdog = CpuWatchdog.get();
        CpuWatchdog.Budget outer = watchdog.start(BUDGET_NANOS);
        try {
            assertTrue(spinUntilInterrupted(watchdog), "the nested call over its budget was never interrupted");
            // The nested call spun past the outer budget too; the outer call was not charged for it.
            assertFalse(outer.exceeded, "the caller was charged for its nested call's CPU time");
            assertTrue(outer.usedNanos() < BUDGET_NANOS, "the caller's CPU time includes its nested call's: " + outer.usedNanos());
            assertFalse(Thread.currentThread().isInterrupted());
        } finally {
            watchdog.stop(outer);
        }
    }

    @Test
    void aCallerStillOverItsBudgetAfterANestedCallIsInterrupted() {
        CpuWatchdog watchdog = CpuWatchdog.get();
        CpuWatchdog.Budget outer = watchdog.start(BUDGET_NANOS);
        try {
            watchdog.stop(watchdog.start(BUDGET_NANOS)); // a nested call, suspending and resuming the outer one
            assertTrue(spinUntilInterrupted(outer), "the caller was not checked again after its nested call");
        } finally {
            watchdog.stop(outer);
        }
    }

    @Test
    void aNestedCallDoesNotStartInACallerWhoseBudgetRanOut() {
        CpuWatchdog watchdog = CpuWatchdog.get();
        CpuWatchdog.Budget outer = watchdog.start(BUDGET_NANOS);
        try {
            assertTrue(spinUntilInterrupted(outer), "the caller was never interrupted");
            assertThrows(CallerOutOfCpuException.class, () -> watchdog.start(BUDGET_NANOS));
            assertTrue(Thread.currentThread().isInterrupted(), "the caller's interrupt was taken by the refused call");
        } finally {
            watchdog.stop(outer);
        }
        assertFalse(Thread.currentThread().isInterrupted(), "the watchdog's interrupt leaked out of stop()");
    }

    /** Spins until the thread is interrupted (the watchdog stopping {@code budget}'s call); false after 10 s of wall time. */
    private static boolean spinUntilInterrupted(CpuWatchdog.Budget budget) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long sink = 0;
        while (!Thread.currentThread().isInterrupted()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            sink += System.identityHashCode(budget) ^ sink;
        }
        return budget.exceeded && sink != 1; // sink read so the loop is not optimized away
    }

    /** Spins (using CPU) until interrupted; false if that took longer than 10 s of wall time. */
    private static boolean spinUntilInterrupted(CpuWatchdog watchdog) {
        CpuWatchdog.Budget spinner = watchdog.start(BUDGET_NANOS);
        try {
            return spinUntilInterrupted(spinner);
        } finally {
            watchdog.stop(spinner); // clears the interrupt the watchdog delivered
            assertFalse(Thread.currentThread().isInterrupted(), "the watchdog's interrupt leaked out of stop()");
        }
    }
}
