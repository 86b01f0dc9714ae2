package radicchio.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import radicchio.bindings.Isolate;
import radicchio.bindings.JitSettings;

/** Thread plumbing shared by the engine's pools, and the current thread's CPU time (for metrics). */
final class Threads {
    private static final ThreadMXBean BEAN = ManagementFactory.getThreadMXBean();
    /**
     * Stack one guest call may use: deep JS recursion runs deep Java recursion in the compiled
     * guest, and with this much QuickJS's own RangeError comes first.
     */
    private static final long GUEST_STACK_BYTES = 16L << 20;
    /**
     * Guest calls an engine thread's stack holds one inside the other: a worker's call, and an
     * object's event it called, which runs on the same thread ({@link ObjectEventThreads}).
     */
    static final int NESTED_GUESTS = 2;
    private static final long STACK_BYTES = GUEST_STACK_BYTES * NESTED_GUESTS;

    /** CPU time of this thread already charged to calls that ran nested in others ({@link #chargeCpuSince}). */
    private static final ThreadLocal<long[]> CHARGED_NANOS = ThreadLocal.withInitial(() -> new long[1]);

    private Threads() {}

    private static long cpuNanos() {
        long t = BEAN.getCurrentThreadCpuTime();
        return t < 0 ? 0 : t;
    }

    /** Where a call's CPU time starts, for {@link #chargeCpuSince}. */
    static long cpuMark() {
        return cpuNanos() - CHARGED_NANOS.get()[0];
    }

    /**
     * The CPU time this thread used since {@code mark} ({@link #cpuMark}), minus what calls nested
     * in between were charged; marks it charged, so that a call around this one leaves it out (a
     * worker's request is not charged for the object event it ran on the same thread).
     */
    static long chargeCpuSince(long mark) {
        long[] charged = CHARGED_NANOS.get();
        long used = Math.max(0, cpuNanos() - charged[0] - mark);
        charged[0] += used;
        return used;
    }

    /** Daemon threads in {@code group} named {@code prefix-N}, with a stack deep enough for nested guests. */
    static ThreadFactory daemons(ThreadGroup group, String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> new GuestThread(group, r, prefix + "-" + counter.incrementAndGet());
    }

    /** A thread the engine made, so known to have {@link #STACK_BYTES} of stack. */
    private static final class GuestThread extends Thread {
        GuestThread(ThreadGroup group, Runnable task, String name) {
            super(group, task, name, STACK_BYTES);
            setDaemon(true);
        }
    }

    /**
     * Whether one more guest call fits on the current thread's stack, on top of the isolate calls
     * already in progress here: it is one of the engine's threads, or the JVM's default thread
     * stack ({@code -Xss}) is big enough. (A thread created with an explicit smaller stack would
     * be misjudged; deep recursion on it discards the isolate with a stack limit error instead of
     * ending in QuickJS's RangeError.)
     */
    static boolean hasStackForAnotherGuest() {
        long stack = Thread.currentThread() instanceof GuestThread ? STACK_BYTES : DEFAULT_STACK_BYTES;
        return (Isolate.callsInProgressOnThisThread() + 1) * GUEST_STACK_BYTES <= stack;
    }

    private static final long DEFAULT_STACK_BYTES = defaultStackBytes();

    /** HotSpot's ThreadStackSize (KiB), in bytes; 0 where it cannot be read (another JVM). */
    private static long defaultStackBytes() {
        String kib = JitSettings.hotSpotOption("ThreadStackSize");
        return kib == null ? 0 : Long.parseLong(kib) << 10;
    }

    /** Waits for {@code future}; the task's exception comes out unwrapped; an interrupt cancels the task. */
    static <T> T await(Future<T> future) throws Exception {
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

    /** Stops taking work; waits for running tasks until {@code deadlineNanos} (System.nanoTime), then interrupts them. */
    static void shutdown(ExecutorService executor, long deadlineNanos) {
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
