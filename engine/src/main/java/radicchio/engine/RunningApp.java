package radicchio.engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.bindings.Isolate;
import radicchio.bindings.LimitExceededException;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;

/**
 * A started app: its main worker (requests run on the engine's pool, in reusable isolates of the
 * code snapshot) and its Durable Objects. Holds what the app's parts share: names, namespaces,
 * the isolate factory, the request router, the object registry.
 */
final class RunningApp implements App {
    private static final Logger LOG = LoggerFactory.getLogger(RunningApp.class);

    private final AppConfig config;
    private final EngineSettings settings;
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
    private IsolateFactory isolates;
    private MainWorkerIsolates mainIsolates;
    private final InFlight inFlight = new InFlight();
    private volatile boolean accepting = true;
    private volatile boolean closed;

    private RunningApp(AppConfig config, EngineSettings settings, EngineMetrics metrics, JsThreadPool pool,
            ObjectEventThreads objectThreads, CodeCache codeCache, ObjectRegistry objects, AlarmDelivery alarms,
            Consumer<RunningApp> onClose) {
        this.config = config;
        this.settings = settings;
        this.metrics = metrics;
        this.pool = pool;
        this.objectThreads = objectThreads;
        this.objects = objects;
        this.alarms = alarms;
        this.onClose = onClose;
        this.requests = new GuestRequests(this);
        this.dynamicWorkers = new DynamicWorkers(this, codeCache);
    }

    static RunningApp start(AppConfig config, EngineSettings settings, EngineMetrics metrics, CodeCache codeCache,
            JsThreadPool pool, ObjectEventThreads objectThreads, ObjectRegistry objects, AlarmDelivery alarms,
            Consumer<RunningApp> onClose) {
        RunningApp app = new RunningApp(config, settings, metrics, pool, objectThreads, codeCache, objects, alarms, onClose);
        WorkerConsole console = new WorkerConsole(config.name());
        Map<String, Object> code = WorkerCodes.forApp(config);
        CodeCache.Loaded loaded = codeCache.load(config.name(), code, new IsolateServices(console, app.requests, null, true));
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
        app.namespaces = new ObjectNamespaces(config.name(), config.durableObjects(), exportedClasses);
        app.callContext = JsObject.of("exports", app.namespaces.exportsValue());
        app.isolates = new IsolateFactory(loaded.snapshot(), settings.limits(), metrics);
        app.mainIsolates = new MainWorkerIsolates(app.isolates, new IsolateServices(console, app.requests, null, false), settings.threads());
        return app;
    }

    @Override
    public AppConfig config() {
        return config;
    }

    @Override
    public WireResponse fetch(WireRequest request) throws Exception {
        if (!accepting || !inFlight.enter()) {
            throw new IllegalStateException("the app " + config.name() + " is closed");
        }
        try {
            return pool.run(() -> CallChain.runAs(CallChain.begin(), () -> fetchOnThisThread(request)));
        } finally {
            inFlight.exit();
        }
    }

    private WireResponse fetchOnThisThread(WireRequest request) {
        Isolate isolate = mainIsolates.acquire();
        long cpuStart = Threads.cpuNanos();
        try {
            Object result = isolate.dispatch(Map.of("type", "fetch", "request", request, "ctx", callContext));
            if (!(result instanceof WireResponse response)) {
                throw new IllegalStateException("the worker answered with something other than a Response");
            }
            return response;
        } catch (LimitExceededException e) {
            metrics.limitViolation(e.kind());
            throw e;
        } finally {
            metrics.eventCpu(config.name(), Threads.cpuNanos() - cpuStart);
            mainIsolates.release(isolate);
        }
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
        mainIsolates.close();
        dynamicWorkers.close();
        onClose.accept(this);
        LOG.debug("app {} closed", config.name());
    }
}
