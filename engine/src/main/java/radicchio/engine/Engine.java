package radicchio.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import radicchio.bindings.Limits;
import radicchio.engine.supervisor.Tenant;
import radicchio.engine.supervisor.TenantPolicy;

/**
 * Runs apps (a main worker plus its Durable Objects) in this JVM. One engine owns the thread pool
 * that runs JavaScript, the code cache (one snapshot per distinct worker code) and the metrics;
 * every app it starts keeps its objects' databases under {@code dataDir}.
 *
 * <p>(The JIT flags the guest needs, {@code -XX:-DontCompileHugeMethods} and the node limits of
 * {@code radicchio.bindings.JitSettings}, are checked by {@code GuestModule}, which logs a warning
 * once when the JVM lacks them.)
 *
 * <pre>
 *   try (Engine engine = Engine.builder().dataDir(dir).build()) {
 *       App app = engine.start(config);
 *       WireResponse r = app.fetch(request);
 *   }
 * </pre>
 */
public final class Engine implements AutoCloseable {
    /** How long {@link #close()} waits for in-flight events before abandoning them. */
    static final Duration CLOSE_DEADLINE = Duration.ofSeconds(10);

    private final EngineSettings settings;
    private final EngineMetrics metrics;
    private final CodeCache codeCache;
    private final JsThreadPool pool;
    private final ObjectEventThreads objectThreads = new ObjectEventThreads();
    private final ObjectRegistry objects;
    private final HibernationSweeper sweeper;
    private final AlarmDelivery alarms;
    private final List<RunningApp> apps = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private Engine(Builder b) {
        this.settings = new EngineSettings(b.dataDir, b.limits, b.hibernateAfter, b.threads, b.outbound);
        this.metrics = new EngineMetrics(b.meterRegistry);
        this.codeCache = new CodeCache(settings.limits());
        this.pool = new JsThreadPool(settings.threads());
        this.objects = new ObjectRegistry(settings.hibernateAfter(), b.maxLiveObjects, metrics);
        this.sweeper = new HibernationSweeper(settings.hibernateAfter(), objects);
        this.alarms = new AlarmDelivery(objects, () -> List.copyOf(apps));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads the app's main worker (evaluating its modules once, or reusing the cached snapshot of
     * identical code) and returns it ready for requests.
     *
     * @throws WorkerLoadException when the code does not load: a syntax error, a throw at the top
     *                             level, a missing module; the message carries the JS message,
     *                             file and line
     */
    public App start(AppConfig config) {
        Objects.requireNonNull(config, "config");
        if (closed) {
            throw new IllegalStateException("the engine is closed");
        }
        RunningApp app = RunningApp.start(config, settings, AppPolicy.of(settings), metrics, codeCache, pool, objectThreads,
                objects, alarms, apps::remove);
        apps.add(app);
        // Alarms start with the first app: delivering one needs an app that has the object's class.
        alarms.startOnce(settings.dataDir(), sweeper.timer());
        return app;
    }

    /**
     * Starts a tenant: a supervisor's share of this engine, whose code is loaded and whose objects
     * are driven from Java ({@link radicchio.engine.supervisor}), under {@code policy}'s limits,
     * outbound and observers. Its objects' databases live in this engine's data folder; closing
     * the engine closes the tenant.
     */
    public Tenant tenant(TenantPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        if (closed) {
            throw new IllegalStateException("the engine is closed");
        }
        Limits limits = settings.limits();
        if (policy.cpuPerCall() != null) {
            limits = limits.withCpuPerCall(policy.cpuPerCall());
        }
        if (policy.memoryBytes() != null) {
            limits = limits.withMemoryBytes(policy.memoryBytes());
        }
        TenantUsage usage = new TenantUsage(policy);
        RunningApp app = RunningApp.startHost(policy.name(), settings, new AppPolicy(limits, Outbound.of(policy.outbound()), usage),
                metrics, codeCache, pool, objectThreads, objects, alarms, apps::remove);
        apps.add(app);
        alarms.startOnce(settings.dataDir(), sweeper.timer());
        return new TenantRuntime(app, usage);
    }

    CodeCache codeCache() {
        return codeCache;
    }

    /** The registry the engine's meters are in (the one given to the builder, or its own). */
    public MeterRegistry meterRegistry() {
        return metrics.registry();
    }

    /**
     * Stops accepting work, lets in-flight requests and events finish (up to
     * {@link #CLOSE_DEADLINE} in all), then closes every object's database (each event already
     * committed its writes) and drops every isolate.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + CLOSE_DEADLINE.toNanos();
        alarms.close();
        for (RunningApp app : List.copyOf(apps)) {
            app.close(deadline);
        }
        sweeper.close();
        pool.shutdown(deadline);
        objectThreads.shutdown(deadline);
    }

    /** Options of a new engine; only {@link #dataDir} is required. */
    public static final class Builder {
        private Path dataDir;
        private Limits limits = Limits.DEFAULT;
        private Duration hibernateAfter = Duration.ofSeconds(10);
        private int threads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        private MeterRegistry meterRegistry;
        private int maxLiveObjects = 10_000;
        private OutboundFetcher outbound;

        private Builder() {}

        /**
         * Durable Objects kept in memory at most (each holds an isolate and a database connection);
         * beyond it the least recently used idle ones hibernate before {@code hibernateAfter}.
         */
        public Builder maxLiveObjects(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxLiveObjects must be positive: " + max);
            }
            this.maxLiveObjects = max;
            return this;
        }

        /**
         * Lets top-level workers (and their Durable Objects, and dynamic workers that inherit their
         * outbound) {@code fetch()}: every request goes to {@code fetcher}. Without it, fetch()
         * fails as with {@code globalOutbound: null}; the engine never reaches the network itself.
         */
        public Builder outbound(OutboundFetcher fetcher) {
            this.outbound = Objects.requireNonNull(fetcher, "fetcher");
            return this;
        }

        /** Folder for the Durable Objects' databases ({@code <dataDir>/<class>/<id>/}). */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** Limits of every isolate (memory, CPU per event, stack). */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** How long an object stays in memory without events before it hibernates. */
        public Builder hibernateAfter(Duration idle) {
            if (idle.isNegative() || idle.isZero()) {
                throw new IllegalArgumentException("hibernateAfter must be positive: " + idle);
            }
            this.hibernateAfter = idle;
            return this;
        }

        /** Threads running JavaScript (requests to main workers). */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 1024) {
                throw new IllegalArgumentException("threads must be between 1 and 1024: " + threads);
            }
            this.threads = threads;
            return this;
        }

        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "meterRegistry");
            return this;
        }

        public Engine build() {
            if (dataDir == null) {
                throw new IllegalStateException("dataDir is required");
            }
            try {
                java.nio.file.Files.createDirectories(dataDir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create the data folder " + dataDir, e);
            }
            if (meterRegistry == null) {
                meterRegistry = new SimpleMeterRegistry();
            }
            return new Engine(this);
        }
    }
}
