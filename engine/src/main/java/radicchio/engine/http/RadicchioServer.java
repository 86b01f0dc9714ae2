package radicchio.engine.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.engine.FetchHandler;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server: an Undertow listener serving one {@link FetchHandler} through
 * {@link FetchHttpHandler}, an access log and request meters, and optionally a Prometheus
 * {@code /metrics} listener on another port.
 *
 * <p>{@link #shutdown} is graceful: the listener stops accepting connections, requests still
 * arriving on open connections get 503, in-flight requests may finish until the drain timeout,
 * then the listener stops and the registered closeables (the app, then the engine) are closed.
 */
public final class RadicchioServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RadicchioServer.class);

    private final String host;
    private final int requestedPort;
    private final long maxBodyBytes;
    private HttpListener listener;
    private final Undertow metricsServer;
    private final GracefulShutdownHandler graceful;
    private final ThreadPoolExecutor httpPool;
    private final List<AutoCloseable> closeAfterDrain;
    private final Duration drainTimeout;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile int port;
    private volatile int metricsPort;

    private RadicchioServer(Builder b) {
        ServerOptions options = b.options;
        this.drainTimeout = options.drainTimeout();
        this.closeAfterDrain = List.copyOf(b.closeAfterDrain);
        this.httpPool = new ThreadPoolExecutor(options.httpThreads(), options.httpThreads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads("radicchio-http-"));
        this.httpPool.allowCoreThreadTimeOut(true);

        HttpMetrics metrics = b.registry == null ? null : new HttpMetrics(b.registry);
        // The app's own threads when it has some (the engine's JS pool: no hop from a request thread to it).
        Executor appThreads = b.app.executor();
        Executor requests = appThreads != null ? appThreads : httpPool;
        FetchHttpHandler fetch = new FetchHttpHandler(b.app, requests, options.maxBodyBytes(), options.maxInFlight());
        HttpHandler handler = new AccessLogHandler(fetch, metrics);
        this.graceful = new GracefulShutdownHandler(handler);
        this.host = options.host();
        this.requestedPort = options.port();
        this.maxBodyBytes = options.maxBodyBytes();

        Undertow metricsListener = null;
        if (options.metricsPort() >= 0) {
            if (!(b.registry instanceof PrometheusMeterRegistry prometheus)) {
                throw new IllegalArgumentException("a metrics port needs a PrometheusMeterRegistry");
            }
            metricsListener = Undertow.builder()
                    .addHttpListener(options.metricsPort(), options.host())
                    .setIoThreads(1)
                    .setWorkerThreads(2)
                    .setHandler(new MetricsEndpoint(prometheus))
                    .build();
        }
        this.metricsServer = metricsListener;
    }

    public static Builder builder(FetchHandler app) {
        return new Builder(app);
    }

    private void startListeners() {
        listener = new HttpListener(host, requestedPort, graceful, maxBodyBytes + FetchHttpHandler.DRAIN_ALLOWANCE + (1 << 20));
        try {
            if (metricsServer != null) {
                metricsServer.start();
            }
        } catch (RuntimeException e) {
            listener.close();
            httpPool.shutdown();
            throw e;
        }
        port = listener.port();
        metricsPort = metricsServer == null ? -1 : boundPort(metricsServer);
    }

    /** The port the app listener is bound to. */
    public int port() {
        return port;
    }

    /** The port of the metrics listener, or -1 without one. */
    public int metricsPort() {
        return metricsPort;
    }

    private static int boundPort(Undertow server) {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /**
     * Stops accepting, lets in-flight requests finish (up to the drain timeout), stops the
     * listeners and closes what was registered with {@link Builder#closeAfterDrain}. Idempotent.
     *
     * @return whether every in-flight request finished within the timeout
     */
    public boolean shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return true;
        }
        listener.stopAccepting(); // open connections still work; new requests on them get 503
        graceful.shutdown();
        boolean drained;
        try {
            drained = graceful.awaitShutdown(drainTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drained = false;
        }
        if (!drained) {
            LOG.warn("shutdown: requests still in flight after {} ms; stopping anyway", drainTimeout.toMillis());
        }
        listener.close();
        if (metricsServer != null) {
            metricsServer.stop();
        }
        httpPool.shutdown();
        for (AutoCloseable closeable : closeAfterDrain) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.error("shutdown: closing {} failed", closeable, e);
            }
        }
        return drained;
    }

    @Override
    public void close() {
        shutdown();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** How to build a server: the app, options, a meter registry, what to close on shutdown. */
    public static final class Builder {
        private final FetchHandler app;
        private ServerOptions options = ServerOptions.defaults();
        private MeterRegistry registry;
        private final List<AutoCloseable> closeAfterDrain = new ArrayList<>();

        private Builder(FetchHandler app) {
            this.app = Objects.requireNonNull(app, "app");
        }

        public Builder options(ServerOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Where request meters go; a PrometheusMeterRegistry is needed for a metrics port. */
        public Builder meterRegistry(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** Closed, in the order given, after the server has drained (e.g. the app, then the engine). */
        public Builder closeAfterDrain(AutoCloseable... closeables) {
            closeAfterDrain.addAll(List.of(closeables));
            return this;
        }

        /** Binds the listeners and starts serving. */
        public RadicchioServer start() {
            RadicchioServer server = new RadicchioServer(this);
            server.startListeners();
            return server;
        }
    }
}
