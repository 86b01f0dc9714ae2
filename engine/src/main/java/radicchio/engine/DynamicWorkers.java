package radicchio.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import radicchio.bindings.GuestException;
import radicchio.bindings.Isolate;
import radicchio.bindings.JsException;
import radicchio.bindings.LimitExceededException;
import radicchio.bindings.Limits;
import radicchio.bindings.abi.HostRef;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.Undefined;

/**
 * The host side of an app's Worker Loader bindings ({@code env.LOADER}; the isolate side is
 * wasm-guest/js/loader.js):
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

    /** {@code name} is for logs; {@code metricName} (app and binding, not the id) keeps metric tags bounded. */
    private record DynamicWorker(String name, String metricName, String idKey, IsolateFactory factory, MainWorkerIsolates isolates,
            Map<String, String> exports) {}

    DynamicWorkers(RunningApp app, CodeCache codeCache) {
        this.app = app;
        this.codeCache = codeCache;
    }

    Object get(GuestRequest request) {
        String binding = loaderBinding(request);
        String id = request.string("id");
        synchronized (this) {
            String handle = handleById.get(binding + "\0" + id);
            return handle; // null: none, the guest then sends the code
        }
    }

    Object load(GuestRequest request) {
        String binding = loaderBinding(request);
        Object idValue = request.get("id");
        String id = idValue == null || idValue == Undefined.INSTANCE ? null : request.string("id");
        Object code = request.get("code");
        if (!(code instanceof JsObject)) {
            throw GuestRequest.typeError("The worker code must be an object {mainModule, modules, env?, compatibilityDate?}.");
        }
        // For logs: the id is the guest's string, so only its start.
        String name = app.name() + "/" + binding + (id == null ? "" : ":" + (id.length() > 64 ? id.substring(0, 64) + "…" : id));
        WorkerConsole console = new WorkerConsole(name);
        CodeCache.Loaded loaded;
        try {
            loaded = codeCache.load(name, code, new IsolateServices(console, app.requests(), null, true));
        } catch (WorkerLoadException e) {
            JsException js = e.getCause() instanceof JsException cause ? cause : null;
            throw GuestRequest.jsError(js != null ? js.name() : "Error", e.getMessage());
        }
        IsolateFactory factory = new IsolateFactory(loaded.snapshot(), limitsOf((JsObject) code), app.metrics());
        MainWorkerIsolates isolates = new MainWorkerIsolates(factory,
                new IsolateServices(console, app.requests(), null, false), IDLE_ISOLATES_PER_WORKER);
        String handle = "dynamic-worker-" + nextHandle.incrementAndGet();
        String idKey = id == null ? null : binding + "\0" + id;
        List<DynamicWorker> evicted = new ArrayList<>();
        synchronized (this) {
            byHandle.put(handle, new DynamicWorker(name, app.name() + "/" + binding, idKey, factory, isolates, loaded.exports()));
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

    /**
     * The code of a Durable Object class a dynamic worker exports ({@code getDurableObjectClass}),
     * to run as a facet.
     */
    IsolateFactory durableObjectClass(String handle, String className) {
        DynamicWorker worker = worker(handle);
        if (!"class".equals(worker.exports().get(className))) {
            throw GuestRequest.typeError("The worker " + worker.name() + " does not export a class named \"" + className + "\".");
        }
        return worker.factory();
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

    /**
     * The engine's limits, lowered by the code's own {@code limits: {cpuMs}} if it asks for less
     * (the lower one wins, as on the platform); never raised.
     */
    private Limits limitsOf(JsObject code) {
        Limits limits = app.settings().limits();
        if (code.get("limits") instanceof JsObject l && l.get("cpuMs") instanceof Number cpuMs) {
            double ms = cpuMs.doubleValue();
            if (!(ms >= 1)) { // NaN too
                throw GuestRequest.typeError("limits.cpuMs must be a number of milliseconds, at least 1.");
            }
            if (ms < limits.cpuPerCall().toMillis()) {
                limits = limits.withCpuPerCall(Duration.ofMillis((long) ms));
            }
        }
        return limits;
    }

    Object call(GuestRequest request) throws Exception {
        DynamicWorker worker = worker(request.string("worker"));
        Map<String, Object> call = callValue(request);
        CallChain chain = CallChain.current().deeper();
        return app.objectThreads().run(() -> CallChain.runAs(chain, () -> dispatch(worker, call)));
    }

    private Object dispatch(DynamicWorker worker, Map<String, Object> call) {
        Isolate isolate = worker.isolates().acquire();
        long cpuStart = Threads.cpuNanos();
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
            app.metrics().eventCpu(worker.metricName(), Threads.cpuNanos() - cpuStart);
            worker.isolates().release(isolate);
        }
    }

    /** The DISPATCH call for {@code loader.call}, from checked fields only. */
    private static Map<String, Object> callValue(GuestRequest request) {
        Map<String, Object> call = GuestRequests.callOf(request.get("call"));
        Object entrypoint = request.get("entrypoint");
        if (entrypoint instanceof String) {
            call.put("entrypoint", request.string("entrypoint"));
        } else if (entrypoint != null && entrypoint != Undefined.INSTANCE) {
            throw GuestRequest.typeError("loader.call: \"entrypoint\" must be a string or null.");
        }
        Object props = request.get("props");
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
