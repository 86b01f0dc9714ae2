package radicchio.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread that periodically asks the object registry to hibernate idle objects, so
 * memory stays bounded however many objects were ever touched.
 */
final class HibernationSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HibernationSweeper.class);

    private final ScheduledExecutorService timer;
    private final ObjectRegistry registry;

    HibernationSweeper(Duration hibernateAfter, ObjectRegistry registry) {
        this.registry = registry;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "radicchio-hibernation");
            t.setDaemon(true);
            return t;
        });
        // Checking a few times per idle period bounds how long past hibernateAfter an object stays.
        long periodMillis = Math.max(10, Math.min(1_000, hibernateAfter.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::sweep, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** The engine's timer thread (alarm delivery polls on it too). */
    ScheduledExecutorService timer() {
        return timer;
    }

    private void sweep() {
        try {
            registry.hibernateIdle();
        } catch (RuntimeException e) {
            LOG.warn("hibernating idle objects failed", e); // the next sweep tries again
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
