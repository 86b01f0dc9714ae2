package radicchio.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.bindings.GuestException;
import radicchio.bindings.Isolate;
import radicchio.bindings.JsException;
import radicchio.bindings.LimitExceededException;
import radicchio.bindings.Limits;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.Undefined;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;

/**
 * A started app: its main worker (requests run on the engine's pool, in reusable isolates of the
 * code snapshot) and its Durable Objects. Holds what the app's parts share: names, namespaces,
 * the isolate factory, the request router, the object registry, its {@link AppPolicy}.
 *
 * <p>A tenant's host app ({@link #startHost}) has no main worker: its objects are driven from
 * Java ({@link TenantRuntime}) and its code comes only from its dynamic workers.
 */
final class RunningApp implements App {
    private static final Logger LOG = LoggerFactory.getLogger(RunningApp.class);
    /** The placeholder main module of a host app (never evaluated). */
    private static final String HOST_MODULE = "tenant.js";

    private final AppConfig config;
    private final EngineSettings settings;
    private final AppPolicy policy;
    private final EngineMetrics metrics;
    private final JsThreadPool pool;
    private final ObjectEventThreads objectThreads;
    private final ObjectRegistry objects;
    private final AlarmDelivery alarms;
    private final Consumer<RunningApp> onClose;
    private final GuestRequests requests;
    private final DynamicWorkers dynamicWorkers;
    // Set by start() once the code is loaded (its exports decide the namespaces); never changed after.
    private ObjectNamespaces namespaces;
    private JsObject callContext;
    /** Sends {@link #callContext} once to each main-worker isolate. */
    private final CallContextDelivery callContextDelivery = new CallContextDelivery();
    private IsolateFactory isolates;
    private MainWorkerIsolates mainIsolates;
    private final InFlight inFlight = new InFlight();
    private volatile boolean accepting = true;
    private volatile boolean closed;

    private RunningApp(AppConfig config, EngineSettings settings, AppPolicy policy, EngineMetrics metrics, JsThreadPool pool,
            ObjectEventThreads objectThreads, CodeCache codeCache, ObjectRegistry objects, AlarmDelivery alarms,
            Consumer<RunningApp> onClose) {
        this.config = config;
        this.settings = settings;
        this.policy = policy;
        this.metrics = metrics;
        this.pool = pool;
        this.objectThreads = objectThreads;
        this.objects = objects;
        this.alarms = alarms;
        this.onClose = onClose;
        this.requests = new GuestRequests(this);
        this.dynamicWorkers = new DynamicWorkers(this, codeCache);
    }

    static RunningApp start(AppConfig config, EngineSettings settings, AppPolicy policy, EngineMetrics metrics, CodeCache codeCache,
            JsThreadPool pool, ObjectEventThreads objectThreads, ObjectRegistry objects, AlarmDelivery alarms,
            Consumer<RunningApp> onClose) {
        RunningApp app = new RunningApp(config, settings, policy, metrics, pool, objectThreads, codeCache, objects, alarms, onClose);
        WorkerConsole console = app.console(config.name());
        Map<String, Object> code = WorkerCodes.forApp(config);
        CodeCache.Loaded loaded = codeCache.load(config.name(), code,
                new IsolateServices(console, app.requests, null, true, policy.outbound(), IsolateFactory.UNLIMITED));
        for (Map.Entry<String, String> e : config.durableObjects().entrySet()) {
            if (!"class".equals(loaded.exports().get(e.getValue()))) {
                throw new WorkerLoadException("Durable Object binding \"" + e.getKey() + "\" names the class \""
                        + e.getValue() + "\", which the main module \"" + config.mainModule() + "\" does not export as a class.", null);
            }
        }
        List<String> exportedClasses = new ArrayList<>();
        Set<String> declared = new TreeSet<>(config.sqliteClasses());
        declared.addAll(config.durableObjects().values());
        for (String cls : declared) {
            if ("class".equals(loaded.exports().get(cls))) {
                exportedClasses.add(cls);
            }
        }
        // Every other class or handler object the main module exports is an entrypoint:
        // ctx.exports gives a loopback Fetcher to it.
        List<String> entrypoints = new ArrayList<>();
        loaded.exports().forEach((name, kind) -> {
            if (("class".equals(kind) && !declared.contains(name)) || "object".equals(kind)) {
                entrypoints.add(name);
            }
        });
        app.namespaces = new ObjectNamespaces(config.name(), config.durableObjects(), exportedClasses, entrypoints);
        app.callContext = JsObject.of("exports", app.namespaces.exportsValue());
        app.isolates = new IsolateFactory(loaded.snapshot(), policy.limits(), metrics);
        app.mainIsolates = new MainWorkerIsolates(app.isolates,
                new IsolateServices(console, app.requests, null, false, policy.outbound(), app.isolates.subrequestLimit()),
                settings.threads(), JsThreadPool.MAX_EXTRA_FOR_WAITS);
        return app;
    }

    /** A tenant's host app: no main worker, no namespaces; objects and workers are added from Java. */
    static RunningApp startHost(String name, EngineSettings settings, AppPolicy policy, EngineMetrics metrics, CodeCache codeCache,
            JsThreadPool pool, ObjectEventThreads objectThreads, ObjectRegistry objects, AlarmDelivery alarms,
            Consumer<RunningApp> onClose) {
        AppConfig config = new AppConfig(name, null, HOST_MODULE, Map.of(HOST_MODULE, ""), null, List.of(), Map.of(),
                List.of(), List.of(), Map.of());
        RunningApp app = new RunningApp(config, settings, policy, metrics, pool, objectThreads, codeCache, objects, alarms, onClose);
        app.namespaces = new ObjectNamespaces(name, Map.of(), List.of(), List.of());
        app.callContext = JsObject.of("exports", app.namespaces.exportsValue());
        return app;
    }

    @Override
    public AppConfig config() {
        return config;
    }

    @Override
    public WireResponse fetch(WireRequest request) throws Exception {
        if (mainIsolates == null) {
            throw new IllegalStateException("the tenant " + config.name() + " has no main worker");
        }
        if (!accepting || !inFlight.enter()) {
            throw new IllegalStateException("the app " + config.name() + " is closed");
        }
        RequestTrace trace = RequestTrace.current(); // the listener's thread, before the hop to the pool
        try {
            return pool.run(() -> CallChain.runAs(CallChain.begin(trace), () -> {
                Object result = dispatchMain(Map.of("type", "fetch", "request", request));
                if (!(result instanceof WireResponse response)) {
                    throw new IllegalStateException("the worker answered with something other than a Response");
                }
                return response;
            }));
        } finally {
            inFlight.exit();
        }
    }

    /**
     * The engine's JS pool: {@link #fetch} called on one of its threads runs the worker there,
     * without the hand-off (and the wake-up of a second thread) a request thread's call costs.
     */
    @Override
    public Executor executor() {
        return task -> {
            try {
                pool.execute(task);
            } catch (EngineOverloadedException e) { // a full queue, or the engine shutting down
                throw new RejectedExecutionException(e.getMessage(), e);
            }
        };
    }

    /** One call on a main-worker isolate of this thread's own; the isolate's first call carries {@code ctx}'s bindings. */
    private Object dispatchMain(Map<String, Object> call) {
        Isolate isolate = mainIsolates.acquire();
        long cpuMark = Threads.cpuMark();
        try {
            return isolate.dispatch(callContextDelivery.call(isolate, call, () -> callContext));
        } catch (LimitExceededException e) {
            metrics.limitViolation(e.kind());
            throw e;
        } finally {
            recordCpu(config.name(), config.name(), Threads.chargeCpuSince(cpuMark));
            mainIsolates.release(isolate);
        }
    }

    /**
     * {@code call} on one of the main module's entrypoints, through a {@code ctx.exports}
     * loopback reference ({@code {name, props?}}), on a thread of its own as calls to objects are.
     */
    Object callLoopback(Object refId, Map<String, Object> call) throws Exception {
        String name = loopbackName(refId);
        Map<String, Object> full = new LinkedHashMap<>(call);
        full.put("entrypoint", name);
        Object props = ((JsObject) refId).get("props");
        if (props != Undefined.INSTANCE) {
            full.put("props", props);
        }
        CallChain chain = CallChain.current().deeper();
        try {
            return objectThreads.run(() -> CallChain.runAs(chain, () -> dispatchMain(full)));
        } catch (JsException e) {
            throw e;
        } catch (GuestException e) {
            throw GuestRequest.jsError("Error", "The entrypoint " + name + " of " + config.name() + " failed: " + e.getMessage());
        }
    }

    /** The entrypoint a loopback reference's id names, checked (hostile input). */
    String loopbackName(Object refId) {
        if (!(refId instanceof JsObject id) || !(id.get("name") instanceof String name) || !namespaces().isEntrypoint(name)) {
            throw GuestRequest.typeError("Malformed or unknown ctx.exports entrypoint reference.");
        }
        return name;
    }

    /** Records an event's CPU time: in the metrics under {@code metricName}, for the observer under {@code worker}. */
    void recordCpu(String metricName, String worker, long nanos) {
        long n = Math.max(0, nanos);
        metrics.eventCpu(metricName, n);
        policy.observer().cpu(worker, n);
    }

    /** A console for one of this app's workers, tagged {@code tag}. */
    WorkerConsole console(String tag) {
        return new WorkerConsole(tag, policy.observer());
    }

    boolean isClosed() {
        return closed;
    }

    String name() {
        return config.name();
    }

    Path dataDir() {
        return settings.dataDir();
    }

    EngineMetrics metrics() {
        return metrics;
    }

    /** The limits of the isolates this app starts. */
    Limits limits() {
        return policy.limits();
    }

    /** Where top-level workers' (and their objects') fetch() goes. */
    Outbound outbound() {
        return policy.outbound();
    }

    WorkerObserver observer() {
        return policy.observer();
    }

    IsolateFactory isolates() {
        return isolates;
    }

    GuestRequests requests() {
        return requests;
    }

    ObjectNamespaces namespaces() {
        if (namespaces == null) {
            throw GuestRequest.jsError("Error", "Durable Object namespaces cannot be used while the worker's modules are being evaluated.");
        }
        return namespaces;
    }

    EngineSettings settings() {
        return settings;
    }

    DynamicWorkers dynamicWorkers() {
        return dynamicWorkers;
    }

    ObjectEventThreads objectThreads() {
        return objectThreads;
    }

    AlarmDelivery alarms() {
        return alarms;
    }

    ObjectRegistry objects() {
        return objects;
    }

    /** Registers a call from Java (a tenant's) so that closing waits for it; false once closing. */
    boolean enter() {
        return accepting && inFlight.enter();
    }

    void exit() {
        inFlight.exit();
    }

    @Override
    public void close() {
        close(System.nanoTime() + Engine.CLOSE_DEADLINE.toNanos());
    }

    /**
     * Stops taking requests, lets the ones in flight finish (their calls to objects included) until
     * {@code deadlineNanos}, then closes the objects (committed and closed databases) and isolates.
     */
    void close(long deadlineNanos) {
        synchronized (this) {
            if (!accepting) {
                return;
            }
            accepting = false;
        }
        if (!inFlight.closeAndAwait(deadlineNanos)) {
            LOG.warn("app {}: requests still running at the close deadline; their object calls will fail", config.name());
        }
        closed = true;
        objects.closeAll(this, deadlineNanos);
        if (mainIsolates != null) {
            mainIsolates.close();
        }
        dynamicWorkers.close();
        onClose.accept(this);
        LOG.debug("app {} closed", config.name());
    }
}
