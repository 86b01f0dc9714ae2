package radicchio.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import radicchio.bindings.GuestException;
import radicchio.bindings.Isolate;
import radicchio.bindings.JsException;
import radicchio.bindings.LimitExceededException;
import radicchio.bindings.abi.HostRef;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.Undefined;

/**
 * The host side of an app's Worker Loader bindings ({@code env.LOADER}; the isolate side is
 * wasm-guest/js/loader.js), and of a tenant's Java loader ({@link TenantRuntime}):
 *
 * <ul>
 *   <li>{@code loader.get {loader, id}} → the handle of the worker loaded under {@code id}, or
 *       null when the loader has none (the guest then calls getCode and sends it)</li>
 *   <li>{@code loader.load {loader, id, code}} → a handle for {@code code} (a WorkerCode value);
 *       with a null id every load is a new worker</li>
 *   <li>{@code loader.call {worker, entrypoint, props, call}} → the call's result</li>
 * </ul>
 *
 * Code is evaluated once per distinct code ({@link CodeCache}); each worker keeps one idle
 * isolate. Handles are strings; at most {@link #MAX_WORKERS} workers are kept (least recently
 * used go first, isolates dropped), so memory stays bounded whatever the guest loads.
 *
 * <p>Each worker keeps the {@link Outbound} its {@code globalOutbound} chose at load time: the
 * loading worker's own when omitted, {@link Outbound#DENIED} for null, or a Fetcher. The code
 * is evaluated without that field, so workers differing only in their outbound share a snapshot.
 */
final class DynamicWorkers {
    static final int MAX_WORKERS = 64;
    private static final int IDLE_ISOLATES_PER_WORKER = 1;

    private final RunningApp app;
    private final CodeCache codeCache;
    private final AtomicLong nextHandle = new AtomicLong();
    /** handle → worker, least recently used first. */
    private final LinkedHashMap<String, DynamicWorker> byHandle = new LinkedHashMap<>(16, 0.75f, true);
    /** loader binding + "\0" + id → handle. */
    private final Map<String, String> handleById = new LinkedHashMap<>();

    /** {@code name} is its log tag; {@code metricName} (app and binding, not the id) keeps metric tags bounded. */
    private record DynamicWorker(String name, String metricName, String idKey, WorkerConsole console, IsolateFactory factory,
            MainWorkerIsolates isolates, Map<String, String> exports, Outbound outbound) {}

    /**
     * A Durable Object class of a dynamic worker, to run as a facet: its code (under the class's
     * limits), its outbound, and the {@code props} its instances see as {@code ctx.props} (null: none).
     */
    record WorkerClass(String workerName, IsolateFactory factory, Outbound outbound, Object props) {}

    DynamicWorkers(RunningApp app, CodeCache codeCache) {
        this.app = app;
        this.codeCache = codeCache;
    }

    Object get(GuestRequest request) {
        return handle(loaderBinding(request), request.string("id")); // null: none, the guest then sends the code
    }

    /** The handle of the worker loaded under {@code id} through {@code binding}, or null. */
    synchronized String handle(String binding, String id) {
        return handleById.get(binding + "\0" + id);
    }

    /** {@code loader.load}; an omitted globalOutbound inherits {@code parentOutbound}, the loading isolate's. */
    Object load(GuestRequest request, Outbound parentOutbound) {
        String binding = loaderBinding(request);
        Object idValue = request.get("id");
        String id = idValue == null || idValue == Undefined.INSTANCE ? null : request.string("id");
        if (!(request.get("code") instanceof JsObject code)) {
            throw GuestRequest.typeError("The worker code must be an object {mainModule, modules, env?, compatibilityDate?}.");
        }
        return load(binding, id, code, parentOutbound);
    }

    /**
     * Loads {@code code} (a WorkerCode value) as a worker of {@code binding}, cached under
     * {@code id} unless it is null, and returns its handle. Load errors are JS errors.
     */
    String load(String binding, String id, JsObject code, Outbound parentOutbound) {
        Outbound outbound = outboundOf(code, parentOutbound);
        JsObject evaluated = withoutOutbound(code);
        // For logs: the id is the guest's string, so only its start.
        String name = app.name() + "/" + binding + (id == null ? "" : ":" + (id.length() > 64 ? id.substring(0, 64) + "…" : id));
        WorkerConsole console = app.console(name);
        CodeCache.Loaded loaded;
        try {
            loaded = codeCache.load(name, evaluated,
                    new IsolateServices(console, app.requests(), null, true, outbound, IsolateFactory.UNLIMITED));
        } catch (WorkerLoadException e) {
            JsException js = e.getCause() instanceof JsException cause ? cause : null;
            throw GuestRequest.jsError(js != null ? js.name() : "Error", e.getMessage());
        }
        // The code's own limits lower the engine's (never raise them).
        IsolateFactory factory = new IsolateFactory(loaded.snapshot(), app.limits(), IsolateFactory.UNLIMITED, app.metrics())
                .lowered(CodeLimits.of(code.get("limits")));
        MainWorkerIsolates isolates = new MainWorkerIsolates(factory,
                new IsolateServices(console, app.requests(), null, false, outbound, factory.subrequestLimit()),
                IDLE_ISOLATES_PER_WORKER);
        String handle = "dynamic-worker-" + nextHandle.incrementAndGet();
        String idKey = id == null ? null : binding + "\0" + id;
        List<DynamicWorker> evicted = new ArrayList<>();
        synchronized (this) {
            byHandle.put(handle, new DynamicWorker(name, app.name() + "/" + binding, idKey, console, factory, isolates,
                    loaded.exports(), outbound));
            if (idKey != null) {
                // Two concurrent first loads of one id (from two isolates) both stay usable; the
                // id names the newer, the older goes with the LRU.
                handleById.put(idKey, handle);
            }
            while (byHandle.size() > MAX_WORKERS) {
                Map.Entry<String, DynamicWorker> eldest = byHandle.entrySet().iterator().next();
                byHandle.remove(eldest.getKey());
                if (eldest.getValue().idKey() != null) {
                    handleById.remove(eldest.getValue().idKey(), eldest.getKey());
                }
                evicted.add(eldest.getValue());
            }
        }
        evicted.forEach(w -> w.isolates().close());
        return handle;
    }

    private Outbound outboundOf(JsObject code, Outbound parentOutbound) {
        if (!code.has("globalOutbound") || code.get("globalOutbound") == Undefined.INSTANCE) {
            return parentOutbound;
        }
        Object fetcher = code.get("globalOutbound");
        if (fetcher == null) {
            return Outbound.DENIED;
        }
        return Outbound.toFetcher(app, app.requests().checkFetcher(fetcher));
    }

    private static JsObject withoutOutbound(JsObject code) {
        if (!code.has("globalOutbound")) {
            return code;
        }
        JsObject copy = new JsObject();
        code.properties().forEach((k, v) -> {
            if (!k.equals("globalOutbound")) {
                copy.set(k, v);
            }
        });
        return copy;
    }

    /**
     * The code of a Durable Object class a dynamic worker exports ({@code getDurableObjectClass}),
     * to run as a facet, with the options given there: {@code props} and {@code limits} (which
     * lower the code's).
     */
    WorkerClass durableObjectClass(String handle, String className, Object props, CodeLimits limits) {
        DynamicWorker worker = worker(handle);
        if (!"class".equals(worker.exports().get(className))) {
            throw GuestRequest.typeError("The worker " + worker.name() + " does not export a class named \"" + className + "\".");
        }
        return new WorkerClass(worker.name(), worker.factory().lowered(limits), worker.outbound(), props);
    }

    /** The log tag of the worker with {@code handle}. */
    String name(String handle) {
        return worker(handle).name();
    }

    private DynamicWorker worker(String handle) {
        DynamicWorker worker;
        synchronized (this) {
            worker = byHandle.get(handle);
        }
        if (worker == null) {
            throw GuestRequest.jsError("Error", "This dynamic worker was unloaded (too many workers were loaded);"
                    + " get it from the loader again.");
        }
        return worker;
    }

    /** {@code loader.call}; the entrypoint's {@code limits} option lowers the code's for this call. */
    Object call(GuestRequest request) throws Exception {
        DynamicWorker worker = worker(request.string("worker"));
        CodeLimits limits = CodeLimits.of(request.get("limits"));
        return run(worker, limits, withEntrypoint(GuestRequests.callOf(request.get("call")), request.get("entrypoint"), request.get("props")));
    }

    /**
     * {@code call} on the entrypoint a {@code workerEntrypoint} reference names
     * ({@code {worker, entrypoint, props, limits}}: a dynamic worker's entrypoint given as globalOutbound).
     */
    Object callEntrypoint(Object refId, Map<String, Object> call) throws Exception {
        JsObject id = checkEntrypoint(refId);
        return run(worker((String) id.get("worker")), CodeLimits.of(id.get("limits")),
                withEntrypoint(new LinkedHashMap<>(call), id.get("entrypoint"), id.get("props")));
    }

    /** Checks a {@code workerEntrypoint} reference's id (hostile input) and that its worker is loaded. */
    JsObject checkEntrypoint(Object refId) {
        if (!(refId instanceof JsObject id) || !(id.get("worker") instanceof String handle) || handle.length() > GuestRequest.MAX_NAME_CHARS) {
            throw GuestRequest.typeError("Malformed dynamic worker entrypoint reference.");
        }
        worker(handle);
        return id;
    }

    /**
     * Runs {@code call} (already carrying entrypoint and props) on one of the worker's isolates,
     * with {@code limits} lowering the code's.
     */
    Object call(String handle, Map<String, Object> call, CodeLimits limits) throws Exception {
        return run(worker(handle), limits, call);
    }

    private Object run(DynamicWorker worker, CodeLimits limits, Map<String, Object> call) throws Exception {
        CallChain chain = CallChain.current().deeper();
        IsolateFactory lowered = worker.factory().lowered(limits);
        if (lowered == worker.factory()) {
            return app.objectThreads().run(() -> CallChain.runAs(chain, () -> dispatch(worker, worker.isolates(), call)));
        }
        // Lower limits than the code's: an isolate of its own for this call (starting one costs
        // microseconds), so the worker's pooled isolates keep the code's limits and the number of
        // pools stays bounded whatever limits the caller asks for.
        MainWorkerIsolates oneShot = new MainWorkerIsolates(lowered,
                new IsolateServices(worker.console(), app.requests(), null, false, worker.outbound(), lowered.subrequestLimit()), 0);
        try {
            return app.objectThreads().run(() -> CallChain.runAs(chain, () -> dispatch(worker, oneShot, call)));
        } finally {
            oneShot.close();
        }
    }

    private Object dispatch(DynamicWorker worker, MainWorkerIsolates isolates, Map<String, Object> call) {
        Isolate isolate = isolates.acquire();
        long cpuMark = Threads.cpuMark();
        try {
            return isolate.dispatch(call);
        } catch (JsException e) {
            throw e;
        } catch (LimitExceededException e) {
            app.metrics().limitViolation(e.kind());
            throw GuestRequest.jsError("Error", "Worker " + worker.name() + ": " + e.getMessage() + ".");
        } catch (GuestException e) {
            throw GuestRequest.jsError("Error", "Worker " + worker.name() + " failed: " + e.getMessage());
        } finally {
            app.recordCpu(worker.metricName(), worker.name(), Threads.chargeCpuSince(cpuMark));
            isolates.release(isolate);
        }
    }

    /** Adds the checked entrypoint name and props to a DISPATCH call value. */
    private static Map<String, Object> withEntrypoint(Map<String, Object> call, Object entrypoint, Object props) {
        if (entrypoint instanceof String name && name.length() <= GuestRequest.MAX_NAME_CHARS) {
            call.put("entrypoint", name);
        } else if (entrypoint != null && entrypoint != Undefined.INSTANCE) {
            throw GuestRequest.typeError("loader.call: \"entrypoint\" must be a string or null.");
        }
        if (props != Undefined.INSTANCE) {
            call.put("props", props);
        }
        return call;
    }

    private String loaderBinding(GuestRequest request) {
        if (!(request.get("loader") instanceof HostRef ref) || !"loader".equals(ref.kind())
                || !(ref.id() instanceof String binding) || !app.config().workerLoaders().contains(binding)) {
            throw GuestRequest.typeError("\"loader\" must be a Worker Loader binding of this app.");
        }
        return binding;
    }

    void close() {
        List<DynamicWorker> all;
        synchronized (this) {
            all = new ArrayList<>(byHandle.values());
            byHandle.clear();
            handleById.clear();
        }
        all.forEach(w -> w.isolates().close());
    }
}
