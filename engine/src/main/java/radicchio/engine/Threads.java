package radicchio.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** The current thread's CPU time, for the event CPU metric. */
final class Threads {
    private static final ThreadMXBean BEAN = ManagementFactory.getThreadMXBean();

    private Threads() {}

    static long cpuNanos() {
        long t = BEAN.getCurrentThreadCpuTime();
        return t < 0 ? 0 : t;
    }
}
