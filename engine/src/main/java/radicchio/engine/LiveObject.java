package radicchio.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.bindings.GuestException;
import radicchio.bindings.Isolate;
import radicchio.bindings.JsException;
import radicchio.bindings.LimitExceededException;
import radicchio.bindings.abi.HostRef;
import radicchio.storage.CommitTicket;
import radicchio.storage.ObjectStore;
import radicchio.storage.StorageException;

/**
 * One Durable Object (or one facet of one) in memory: its isolate and its open database. The
 * registry keeps exactly one per stored object; {@link #events} serializes its events (a fair lock:
 * waiting callers are its queue). Everything but the lock and the idle clock is touched only by
 * the thread holding the lock (for a facet: while its parent's event is in flight, since only the
 * parent can reach it).
 *
 * <p>Each event runs in the object's implicit transaction and commits before its result leaves
 * (the output gate). A JS event's commit does not wait for its fsync under the lock: the registry
 * releases the object first and then waits ({@link #takeUnsyncedCommits}), so the next event runs
 * meanwhile and one fsync serves several events. A JS exception still commits what the event
 * wrote before throwing, as on the platform; a discarded isolate (limit, trap) rolls the event
 * back, and the next event starts a fresh isolate over the committed state.
 *
 * <p>A facet ({@code ctx.facets.get(name, ...)}) is a LiveObject with a parent: its database is
 * the parent's {@link ObjectStore#facet}, its code a class of a dynamic worker, its outbound that
 * worker's. Dropping the parent's isolate (abort, reset, hibernation) drops its facets' isolates too.
 *
 * <p>A host object ({@link #host}) has no isolate: a tenant's supervisor drives it from Java
 * ({@link #runHostEvent}), with the same lock, storage, transactions and facets.
 */
final class LiveObject {
    private static final Logger LOG = LoggerFactory.getLogger(LiveObject.class);
    /** Running facets per object at most (each holds an isolate); starting one more aborts the oldest. */
    static final int MAX_RUNNING_FACETS = 16;

    final ObjectAddress address;
    /** Serializes the object's events; its owner is for deadlock detection (see {@link ObjectLocks}). */
    final ObjectLocks.EventLock events;

    private final RunningApp app;
    private final LiveObject parent;
    private final String facetName;
    private final IsolateFactory isolates;
    private final String className;
    private final WorkerConsole console;
    private final Outbound outbound;
    /** A facet's {@code ctx.id} from its getOptions' {@code id} (a reference or a string); null: its parent's. */
    private final Object facetId;
    /** A facet's {@code ctx.props} (its class's {@code props} option); null for none. */
    private final Object props;
    private final Map<String, LiveObject> facets = new LinkedHashMap<>();
    private volatile long lastActiveNanos = System.nanoTime();
    /** Whether {@link #trimIdleMemory} ran since the last event. */
    private boolean memoryTrimmed;
    private String name;
    private Isolate isolate;
    /** Sends {@link #ctxValue} once to each isolate this object gets. */
    private final CallContextDelivery ctxDelivery = new CallContextDelivery();
    private ObjectStore store;
    /** What the last JS event's results wait for before they leave; taken by the registry. */
    private CommitTicket unsyncedCommits;
    private boolean retired;
    private String abortReason;

    /** A Durable Object of {@code app}'s own code. */
    LiveObject(RunningApp app, ObjectAddress address, String name) {
        this(app, null, null, address, name, app.isolates(), address.className(), rootTag(app, address), app.outbound(), null, null);
    }

    /** An object of a tenant, driven from Java: no isolate, no code. */
    static LiveObject host(RunningApp app, ObjectAddress address, String name) {
        return new LiveObject(app, null, null, address, name, null, address.className(), rootTag(app, address), app.outbound(), null, null);
    }

    /** How logs, usage counts and outbound requests name a root object: {@code app/Class:<id prefix>}. */
    static String rootTag(RunningApp app, ObjectAddress address) {
        return app.name() + "/" + address.className() + ":" + address.idHex().substring(0, 16);
    }

    private LiveObject(RunningApp app, LiveObject parent, String facetName, ObjectAddress address, String name,
            IsolateFactory isolates, String className, String tag, Outbound outbound, Object facetId, Object props) {
        this.app = app;
        this.parent = parent;
        this.facetName = facetName;
        this.address = address;
        this.events = new ObjectLocks.EventLock(String.valueOf(address));
        this.name = name;
        this.isolates = isolates;
        this.className = className;
        this.console = app.console(tag);
        this.outbound = outbound;
        this.facetId = facetId;
        this.props = props;
    }

    /** The log tag: the object's (or facet's) name in logs, usage counts and outbound requests. */
    String tag() {
        return console.tag();
    }

    boolean isHost() {
        return isolates == null;
    }

    RunningApp app() {
        return app;
    }

    boolean isRetired() {
        return retired;
    }

    long idleNanos() {
        return System.nanoTime() - lastActiveNanos;
    }

    boolean hasIsolate() {
        return isolate != null;
    }

    /**
     * Parks the isolate's memory (only the chunks that differ from the snapshot stay): once per
     * idle period, by the sweeper, under the object's lock. Parking and the copy back on the next
     * event cost tens of microseconds each, so not after every event.
     */
    void trimIdleMemory() {
        if (!memoryTrimmed && isolate != null) {
            isolate.park();
            memoryTrimmed = true;
        }
    }

    String describe() {
        return parent == null ? address.toString() : parent.describe() + " facet \"" + facetName + "\"";
    }

    /** The open store; only during an event (storage requests arrive inside one). */
    ObjectStore store() {
        if (store == null || !store.inEvent()) {
            throw GuestRequest.jsError("Error", "Storage can only be used while the Durable Object handles an event.");
        }
        return store;
    }

    /** ctx.abort(): the isolate is dropped when the current event ends. */
    void requestAbort(String reason) {
        this.abortReason = reason;
    }

    // ---- facets (called by this object's isolate, during its event) ----

    /** The running facet {@code name}, or null when it must be started (never was, or was aborted). */
    LiveObject runningFacet(String facetName) {
        LiveObject facet = facets.get(facetName);
        return facet != null && !facet.retired ? facet : null;
    }

    /**
     * Starts facet {@code name} with {@code className} of a dynamic worker's code.
     *
     * @param id the facet's {@code ctx.id}: a checked {@code objectId} reference, a string, or
     *           null for its parent's id (as on the platform)
     */
    LiveObject startFacet(String facetName, DynamicWorkers.WorkerClass code, String className, Object id) {
        if (facetName.length() > ObjectStore.MAX_FACET_NAME_LENGTH) {
            throw GuestRequest.typeError("Facet names cannot be longer than " + ObjectStore.MAX_FACET_NAME_LENGTH + " characters.");
        }
        if (parentDepth() + 1 >= ObjectStore.MAX_FACET_DEPTH) {
            throw GuestRequest.jsError("Error", "Facets cannot be nested more than " + ObjectStore.MAX_FACET_DEPTH
                    + " levels deep (the root object included).");
        }
        abortFacet(facetName);
        if (facets.size() >= MAX_RUNNING_FACETS) {
            abortFacet(facets.keySet().iterator().next()); // the oldest; its storage stays
        }
        LiveObject facet = new LiveObject(app, this, facetName, address, name, code.factory(), className,
                console.tag() + "/" + facetName, code.outbound(), id, code.props());
        facets.put(facetName, facet);
        return facet;
    }

    /** facets.abort(): the facet's isolate goes; its storage stays. */
    void abortFacet(String facetName) {
        LiveObject facet = facets.remove(facetName);
        if (facet != null) {
            facet.retireIsolates();
            facet.retired = true;
            if (store != null && !store.isClosed()) {
                store.closeFacet(facetName); // its database too: only running facets keep theirs open
            }
        }
    }

    /** facets.delete(): the facet and all its descendants, storage included. */
    void deleteFacet(String facetName) {
        abortFacet(facetName);
        store().deleteFacet(facetName);
    }

    /** facets.clone(): replaces {@code destination}'s storage with a copy of {@code source}'s. */
    void cloneFacet(String source, String destination) {
        abortFacet(destination);
        store().cloneFacet(source, destination);
    }

    private int parentDepth() {
        return parent == null ? 0 : 1 + parent.parentDepth();
    }

    // ---- events ----

    /**
     * Runs one event (the caller holds {@link #events}): {@code call} is a DISPATCH call value
     * without entrypoint and ctx, which are added here.
     */
    Object runEvent(Map<String, Object> call, String knownName) {
        return runEvent(call, knownName, null);
    }

    /** As above; {@code beforeCommit} (if not null) runs in the event after the handler returned. */
    Object runEvent(Map<String, Object> call, String knownName, Consumer<ObjectStore> beforeCommit) {
        if (retired) {
            throw new IllegalStateException("retired object " + describe());
        }
        if (name == null && knownName != null) {
            name = knownName;
        }
        touch();
        wake();
        Map<String, Object> full = new LinkedHashMap<>(call);
        full.put("entrypoint", className);
        if (props != null) {
            full.put("props", props);
        }
        long cpuMark = Threads.cpuMark();
        store.beginEvent();
        try {
            Object result;
            try {
                result = isolate.dispatch(ctxDelivery.call(isolate, full, this::ctxValue));
                if (beforeCommit != null) {
                    beforeCommit.accept(store);
                }
            } catch (JsException e) {
                // The handler threw: what it wrote before throwing stays, as on the platform.
                commit(true);
                throw e;
            } catch (LimitExceededException e) {
                app.metrics().limitViolation(e.kind());
                reset("it exceeded a limit: " + e.getMessage());
                throw e;
            } catch (GuestException e) {
                reset(e.getMessage());
                throw e;
            } catch (RuntimeException | Error e) {
                reset(String.valueOf(e));
                throw e;
            }
            // Outside the catches above: a failed commit resets the object and throws a JS error,
            // which must reach the caller as it is, not be taken for the handler's and committed again.
            commit(true);
            return result;
        } finally {
            // Also after a rollback: the event may have read commits of earlier events not yet on disk.
            unsyncedCommits = store == null ? null : store.pendingDurability();
            app.recordCpu(app.name(), console.tag(), Threads.chargeCpuSince(cpuMark));
            touch();
            if (abortReason != null) {
                LOG.info("[{}] aborted: {}", console.tag(), abortReason);
                abortReason = null;
                retireIsolates();
            }
        }
    }

    /** Marks activity; a facet's activity is its parent's too. */
    private void touch() {
        lastActiveNanos = System.nanoTime();
        memoryTrimmed = false;
        if (parent != null) {
            parent.touch();
        }
    }

    /**
     * The output gate for the last JS event, taken by whoever releases the object's lock: the
     * commits its results may depend on, to wait for after releasing ({@link #awaitDurable}).
     * Null when nothing is pending.
     */
    CommitTicket takeUnsyncedCommits() {
        CommitTicket ticket = unsyncedCommits;
        unsyncedCommits = null;
        return ticket;
    }

    /**
     * Returns once {@code ticket}'s commits are on disk. If the fsync failed, the event's results
     * must not leave: the caller gets an error instead, and the object is reset at its next event
     * ({@link #wake}), since its isolate may have seen writes that are lost.
     */
    static void awaitDurable(CommitTicket ticket, LiveObject object) {
        if (ticket == null) {
            return;
        }
        try {
            // On a JS pool thread (the event ran on the request's thread) without lending its slot:
            // an fsync is short, and lending wakes a thread, which under load cost more than it gave.
            ticket.awaitDurable();
        } catch (StorageException e) {
            throw GuestRequest.jsError("Error", "Durable Object " + object.describe()
                    + ": the event's writes could not be made durable (" + e.getMessage() + "); the object will be reset.");
        }
    }

    /**
     * Commits the event (with {@code deferDurability}, without waiting for the fsync: see
     * {@link #takeUnsyncedCommits}); if that fails nothing of it was kept, so the in-memory state is
     * dropped too, and so is the connection: after a failed COMMIT (a full disk, an I/O error)
     * SQLite may still hold the transaction open, and closing is what surely ends it. The next
     * event reopens.
     */
    private void commit(boolean deferDurability) {
        try {
            if (deferDurability) {
                store.commitEventDeferred();
            } else {
                store.commitEvent();
            }
        } catch (RuntimeException e) {
            reset("its writes could not be committed: " + e.getMessage());
            closeStore();
            throw GuestRequest.jsError("Error", "Durable Object " + describe() + ": the event's writes could not be committed ("
                    + e.getMessage() + "); the object was reset.");
        }
    }

    /** Rolls the open event back and drops the isolate: the next event starts over from storage. */
    private void reset(String why) {
        LOG.warn("[{}] reset: {}", console.tag(), why);
        rollBackOrClose();
        retireIsolates();
    }

    /**
     * Rolls back the open event, if any; if that fails, closes the database (closing ends the
     * transaction; the next event reopens it) and returns false.
     */
    private boolean rollBackOrClose() {
        try {
            if (store != null && store.inEvent()) {
                store.rollbackEvent();
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warn("[{}] rollback failed; reopening the database", console.tag(), e);
            closeStore();
            return false;
        }
    }

    private void wake() {
        if (store != null && store.lostDurability()) {
            LOG.warn("[{}] reset: an fsync of its database failed, so its last writes may be lost", console.tag());
            retireIsolates();
            closeStore();
        }
        if (store == null) {
            if (parent == null) {
                store = ObjectStore.open(app.dataDir(), address.storageKey());
                app.alarms().attach(store);
            } else {
                store = parent.store().facet(facetName);
            }
        }
        if (isolate == null && isolates != null) {
            isolate = isolates.start(new IsolateServices(console, app.requests(), this, false, outbound, isolates.subrequestLimit()));
        }
    }

    private Map<String, Object> ctxValue() {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("id", ctxId());
        ctx.put("storage", new HostRef("storage", null));
        ctx.put("abort", new HostRef("object.abort", null));
        ctx.put("blockConcurrencyWhile", new HostRef("object.blockConcurrencyWhile", null));
        ctx.put("facets", new HostRef("facets", null));
        ctx.put("exports", app.namespaces().exportsValue());
        return ctx;
    }

    /** {@code ctx.id}: a facet's own when its getOptions gave one, else the root object's. */
    private Object ctxId() {
        if (facetId != null) {
            return facetId;
        }
        return parent != null ? parent.ctxId() : app.namespaces().idRef(address, name);
    }

    /**
     * Runs one event of a host object (the caller holds {@link #events}): {@code body} gets the open
     * store and may start and call facets. What it wrote commits before this returns; if it
     * throws, the event is rolled back (unlike a JS handler's: a Java exception is not an answer).
     */
    <T> T runHostEvent(HostEventBody<T> body) throws Exception {
        if (retired) {
            throw new IllegalStateException("retired object " + describe());
        }
        touch();
        wake();
        store.beginEvent();
        boolean done = false;
        try {
            T result = body.run(this, store);
            done = true;
            commit(false); // durable before returning, as the Java API promises
            return result;
        } finally {
            touch();
            if (!done) {
                rollBackHostEvent();
            }
        }
    }

    /** Undoes a failed host event's writes; its running facets stay (their events committed on their own). */
    private void rollBackHostEvent() {
        if (!rollBackOrClose()) {
            retireIsolates(); // its facets' state went with the database
        }
    }

    /** The Java body of a host object's event. */
    @FunctionalInterface
    interface HostEventBody<T> {
        T run(LiveObject object, ObjectStore store) throws Exception;
    }

    /** Drops this object's isolate and its facets' (their state lives in memory only). */
    private void retireIsolates() {
        for (String facetName : new ArrayList<>(facets.keySet())) {
            abortFacet(facetName);
        }
        if (isolate != null) {
            isolates.drop(isolate);
            isolate = null;
        }
    }

    private void closeStore() {
        if (store != null) {
            try {
                if (parent == null) {
                    store.close();
                } else if (parent.store != null && !parent.store.isClosed()) {
                    parent.store.closeFacet(facetName); // a facet's database is opened through its parent's store
                }
            } catch (RuntimeException e) {
                LOG.warn("[{}] closing the database failed", console.tag(), e);
            }
            store = null;
        }
    }

    /** Drops the isolate and closes the database for good (hibernation, shutdown); holds the lock. */
    void retire() {
        retired = true;
        retireIsolates();
        closeStore();
    }
}
