package radicchio.engine;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one daemon thread, per process, for deferred housekeeping that must stay off the request
 * path: today, parking isolates some time after they went idle ({@link MainWorkerIsolates}). Per
 * process rather than per engine: a task takes microseconds, and one of a closed pool finds
 * nothing to do.
 */
final class Housekeeping {
    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    private static final ScheduledExecutorService TIMER = timer();

    private Housekeeping() {}

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "radicchio-housekeeping");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Runs {@code task} once after {@code delayNanos}; a failure is logged, not thrown. */
    static void schedule(Runnable task, long delayNanos) {
        TIMER.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("housekeeping task failed", e);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }
}
