package radicchio.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import radicchio.bindings.JitSettings;

/** Thread plumbing shared by the engine's pools, and the current thread's CPU time (for metrics). */
final class Threads {
    private static final ThreadMXBean BEAN = ManagementFactory.getThreadMXBean();
    /** Deep JS recursion runs deep Java recursion in the compiled guest. */
    private static final long STACK_BYTES = 16L << 20;

    private Threads() {}

    static long cpuNanos() {
        long t = BEAN.getCurrentThreadCpuTime();
        return t < 0 ? 0 : t;
    }

    /** Daemon threads in {@code group} named {@code prefix-N}, with a stack deep enough for the guest. */
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
     * Whether the current thread's stack is as deep as the engine's threads': it is one of them,
     * or the JVM's default thread stack ({@code -Xss}) is at least as big. (A thread created with
     * an explicit smaller stack would be misjudged; deep recursion on it discards the isolate
     * with a stack limit error instead of ending in QuickJS's RangeError.)
     */
    static boolean hasGuestSizedStack() {
        return Thread.currentThread() instanceof GuestThread || DEFAULT_STACK_BYTES >= STACK_BYTES;
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
