package radicchio.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.storage.CommitTicket;
import radicchio.storage.ObjectKey;

/**
 * The Durable Objects in memory, for the whole engine: exactly one {@link LiveObject} per stored
 * object ({@code <class>/<id>} in the data folder), created on the first event, hibernated
 * (isolate dropped, database closed, entry removed) after being idle.
 *
 * <p>Engine-wide rather than per app, because two apps can share objects: a reloaded app (dev
 * mode starts the new version, then closes the old) reaches the same databases. An event from an
 * app other than the one that owns the live instance retires that instance first (after its
 * event in flight, if any), so the newer code takes over, as after a deploy on the platform.
 *
 * <p>An event runs where {@link ObjectEventThreads} puts it while it holds the object's lock. An
 * object retired while a caller was waiting for its lock makes the caller look the key up again
 * and get (or create) the new instance, which opens the database only after the old one closed it.
 */
final class ObjectRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectRegistry.class);

    private final Duration hibernateAfter;
    private final int maxLive;
    private final EngineMetrics metrics;
    private final ConcurrentHashMap<ObjectKey, LiveObject> live = new ConcurrentHashMap<>();
    private final ObjectLocks locks = new ObjectLocks();

    /**
     * @param maxLive objects kept in memory at most: past it, the least recently used idle ones
     *                hibernate early, so memory stays bounded even when many objects are touched
     *                within one {@code hibernateAfter} period
     */
    ObjectRegistry(Duration hibernateAfter, int maxLive, EngineMetrics metrics) {
        this.hibernateAfter = hibernateAfter;
        this.maxLive = maxLive;
        this.metrics = metrics;
    }

    /**
     * Runs one event of {@code app} on the object at {@code address} (see {@link ObjectEventThreads}
     * for the thread), after the object's earlier events.
     *
     * @param call a DISPATCH call value without entrypoint and ctx
     * @param name the object's name when the caller's id came from idFromName, else null
     */
    Object call(RunningApp app, ObjectAddress address, Map<String, Object> call, String name, CallChain caller) throws Exception {
        CallChain chain = caller.deeper();
        return app.objectThreads().run(() -> CallChain.runAs(chain, () -> runEvent(app, address, call, name, chain)));
    }

    /**
     * Runs an alarm event: {@code alarm(info)}, then (if it did not throw) the alarm's
     * acknowledgement, in the same event.
     */
    void callAlarm(RunningApp app, ObjectAddress address, Map<String, Object> call, radicchio.storage.AlarmInfo info) throws Exception {
        CallChain chain = CallChain.begin().deeper();
        app.objectThreads().runApart(() -> CallChain.runAs(chain, () -> runEvent(app, address, call, null, chain,
                store -> store.alarms().acknowledge(info))));
    }

    private Object runEvent(RunningApp app, ObjectAddress address, Map<String, Object> call, String name, CallChain chain)
            throws Exception {
        return runEvent(app, address, call, name, chain, null);
    }

    private Object runEvent(RunningApp app, ObjectAddress address, Map<String, Object> call, String name, CallChain chain,
            java.util.function.Consumer<radicchio.storage.ObjectStore> beforeCommit) throws Exception {
        return withObject(app, address, name, chain, false, object -> object.runEvent(call, name, beforeCommit));
    }

    /**
     * Runs one Java event of a tenant's host object ({@link LiveObject#host}) on this thread,
     * after the object's earlier events.
     */
    <T> T runHostEvent(RunningApp app, ObjectAddress address, String name, LiveObject.HostEventBody<T> body) throws Exception {
        CallChain chain = CallChain.current().deeper();
        return CallChain.runAs(chain, () -> withObject(app, address, name, chain, true, object -> object.runHostEvent(body)));
    }

    /** What to do with the live object once its lock is held. */
    @FunctionalInterface
    private interface ObjectAction<T> {
        T run(LiveObject object) throws Exception;
    }

    /**
     * Finds or creates the live object at {@code address} (a host object if {@code host}), takes
     * its lock for {@code chain}, and runs {@code action} on it.
     */
    private <T> T withObject(RunningApp app, ObjectAddress address, String name, CallChain chain, boolean host,
            ObjectAction<T> action) throws Exception {
        ObjectKey key = address.storageKey();
        while (true) {
            if (app.isClosed()) {
                throw GuestRequest.jsError("Error", "The app is shutting down; Durable Object " + address + " is not accepting events.");
            }
            LiveObject object = live.get(key);
            if (object == null) {
                if (live.size() >= maxLive) {
                    hibernateLeastRecentlyUsed(live.size() - maxLive * 9 / 10 + 1);
                }
                object = live.computeIfAbsent(key, k -> host ? LiveObject.host(app, address, name) : new LiveObject(app, address, name));
            }
            locks.acquire(object.events, chain);
            try {
                if (object.isRetired()) {
                    continue; // hibernated or replaced meanwhile: the next lookup finds the current one
                }
                if (object.app() != app || object.isHost() != host) {
                    retire(key, object); // another version of the app had it: this one takes over
                    continue;
                }
                return action.run(object);
            } finally {
                releaseThenAwaitDurable(object);
            }
        }
    }

    /** Runs one event on a facet (reachable only from its parent's event, so never contended). */
    Object callFacet(RunningApp app, LiveObject facet, Map<String, Object> call, CallChain caller) throws Exception {
        CallChain chain = caller.deeper();
        return app.objectThreads().run(() -> CallChain.runAs(chain, () -> {
            locks.acquire(facet.events, chain);
            try {
                if (facet.isRetired()) {
                    throw GuestRequest.jsError("Error", "The facet was aborted.");
                }
                return facet.runEvent(call, null);
            } finally {
                releaseThenAwaitDurable(facet);
            }
        }));
    }

    /**
     * Releases {@code object}'s lock, then waits for the fsync its last event's results depend on:
     * the output gate, outside the lock, so the next event runs during this fsync.
     */
    private void releaseThenAwaitDurable(LiveObject object) {
        CommitTicket unsynced = object.takeUnsyncedCommits();
        locks.release(object.events);
        LiveObject.awaitDurable(unsynced, object);
    }

    private void retire(ObjectKey key, LiveObject object) {
        object.retire();
        live.remove(key, object);
    }

    /** Hibernates up to {@code count} idle objects, least recently used first; busy ones are skipped. */
    private void hibernateLeastRecentlyUsed(int count) {
        java.util.List<Map.Entry<ObjectKey, LiveObject>> byIdle = new java.util.ArrayList<>(live.entrySet());
        byIdle.sort(java.util.Comparator.comparingLong((Map.Entry<ObjectKey, LiveObject> e) -> e.getValue().idleNanos()).reversed());
        int done = 0;
        for (Map.Entry<ObjectKey, LiveObject> e : byIdle) {
            if (done >= count) {
                break;
            }
            LiveObject object = e.getValue();
            if (object.events.lock.tryLock()) {
                try {
                    if (!object.isRetired()) {
                        retire(e.getKey(), object);
                        metrics.hibernated();
                        done++;
                    }
                } finally {
                    object.events.lock.unlock();
                }
            }
        }
    }

    /** Objects in memory (with or without an isolate). */
    int liveCount() {
        return live.size();
    }

    /**
     * Hibernates objects idle for longer than {@code hibernateAfter}, and trims the memory of those
     * idle for a quarter of that (at most a second); busy ones are skipped.
     */
    void hibernateIdle() {
        long limit = hibernateAfter.toNanos();
        long trimAfter = Math.min(limit / 4, TimeUnit.SECONDS.toNanos(1));
        for (Map.Entry<ObjectKey, LiveObject> e : live.entrySet()) {
            LiveObject object = e.getValue();
            if (object.idleNanos() > trimAfter && object.events.lock.tryLock()) {
                try {
                    if (object.isRetired()) {
                        continue;
                    }
                    if (object.idleNanos() > limit) {
                        retire(e.getKey(), object);
                        metrics.hibernated();
                    } else {
                        object.trimIdleMemory();
                    }
                } finally {
                    object.events.lock.unlock();
                }
            }
        }
    }

    /**
     * Closes {@code app}'s objects: waits (until {@code deadlineNanos}) for events in flight, then
     * closes each one's isolate and database. The app refuses new events already.
     */
    void closeAll(RunningApp app, long deadlineNanos) {
        for (Map.Entry<ObjectKey, LiveObject> e : live.entrySet()) {
            LiveObject object = e.getValue();
            if (object.app() != app) {
                continue;
            }
            boolean locked = false;
            try {
                locked = object.events.lock.tryLock(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            if (!locked) {
                LOG.warn("Durable Object {} was still handling an event at shutdown; that event is abandoned"
                        + " (its writes are not committed)", object.address);
                continue;
            }
            try {
                if (!object.isRetired()) {
                    retire(e.getKey(), object);
                }
            } finally {
                object.events.lock.unlock();
            }
        }
    }
}
