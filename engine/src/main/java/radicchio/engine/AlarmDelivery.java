package radicchio.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.bindings.abi.JsObject;
import radicchio.storage.AlarmHandler;
import radicchio.storage.AlarmInfo;
import radicchio.storage.AlarmScheduler;
import radicchio.storage.ObjectKey;
import radicchio.storage.ObjectStore;

/**
 * Delivers Durable Object alarms: {@link AlarmScheduler} (storage) knows when each object's alarm
 * is due, from a scan of the data folder at start and from every store the engine opens; when one
 * is due this runs the object's {@code alarm({retryCount, isRetry})} handler as an event of the
 * newest running app that has the object's class, acknowledging the alarm inside that event so
 * its removal commits with the handler's writes. A handler that throws is retried by the
 * scheduler (2 s, 4 s, ... 6 times). Deliveries run one at a time on the engine's timer thread.
 */
final class AlarmDelivery implements AlarmHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlarmDelivery.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final AlarmScheduler scheduler;
    private final ObjectRegistry objects;
    private final Supplier<List<RunningApp>> apps;

    AlarmDelivery(ObjectRegistry objects, Supplier<List<RunningApp>> apps) {
        this.objects = objects;
        this.apps = apps;
        this.scheduler = new AlarmScheduler(Clock.systemUTC(), this);
    }

    private boolean started;

    /** On the first call: finds the alarms already stored under {@code dataDir} and starts delivering. */
    synchronized void startOnce(java.nio.file.Path dataDir, ScheduledExecutorService timer) {
        if (started) {
            return;
        }
        started = true;
        int found = scheduler.scan(dataDir);
        if (found > 0) {
            LOG.info("{} pending Durable Object alarm(s) found in {}", found, dataDir);
        }
        scheduler.start(timer, POLL);
    }

    /** Tracks the alarm of a store the engine just opened. */
    void attach(ObjectStore store) {
        scheduler.attach(store);
    }

    @Override
    public void onAlarm(ObjectKey key, AlarmInfo info) throws Exception {
        List<RunningApp> running = apps.get();
        for (int i = running.size() - 1; i >= 0; i--) { // the newest app first: it replaced older versions
            RunningApp app = running.get(i);
            if (app.isClosed()) {
                continue;
            }
            ObjectAddress address = app.namespaces().addressInStorage(key);
            if (address != null) {
                Map<String, Object> call = Map.of("type", "call", "method", "alarm",
                        "args", List.of(JsObject.of("retryCount", info.retryCount(), "isRetry", info.isRetry())));
                objects.callAlarm(app, address, call, info);
                return;
            }
        }
        throw new IllegalStateException("no running app has the Durable Object class of " + key);
    }

    @Override
    public void onRetriesExhausted(ObjectKey key, AlarmInfo lastAttempt) {
        LOG.warn("the alarm of Durable Object {} failed {} times; it is not retried again", key, lastAttempt.retryCount() + 1);
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
