package radicchio.engine.http;

import java.time.Duration;

/**
 * How a {@link RadicchioServer} listens and limits requests.
 *
 * @param host          address to bind (e.g. {@code 127.0.0.1}, {@code 0.0.0.0})
 * @param port          TCP port; 0 picks a free one ({@link RadicchioServer#port()} tells which)
 * @param maxBodyBytes  largest request body accepted; larger ones get 413 without reaching the app
 * @param httpThreads   threads that call an app without threads of its own ({@code
 *                      FetchHandler#executor()} null) and wait for its responses; an engine's app
 *                      is called on the engine's JS pool instead
 * @param maxInFlight   requests accepted at once (queued or running); beyond it, 503 at once
 * @param metricsPort   port of the Prometheus {@code /metrics} listener; -1 for none, 0 for any free
 * @param drainTimeout  how long a graceful shutdown waits for in-flight requests
 */
public record ServerOptions(String host, int port, long maxBodyBytes, int httpThreads, int maxInFlight,
                            int metricsPort, Duration drainTimeout) {
    public static final long DEFAULT_MAX_BODY_BYTES = 32L << 20;

    public ServerOptions {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        if (maxBodyBytes < 0 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            // Bodies are buffered in one byte[] (the wire carries them whole).
            throw new IllegalArgumentException("maxBodyBytes must be 0.." + (Integer.MAX_VALUE - 8) + ": " + maxBodyBytes);
        }
        if (httpThreads < 1 || httpThreads > 4096) {
            throw new IllegalArgumentException("httpThreads must be 1..4096: " + httpThreads);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive: " + maxInFlight);
        }
        if (metricsPort < -1 || metricsPort > 65535) {
            throw new IllegalArgumentException("metricsPort must be -1 (none) or 0..65535: " + metricsPort);
        }
        if (drainTimeout == null || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("drainTimeout must be zero or positive");
        }
    }

    /** Defaults: 127.0.0.1:8787, 32 MiB bodies, 64 HTTP threads, 1024 in flight, no metrics, 30 s drain. */
    public static ServerOptions defaults() {
        return new ServerOptions("127.0.0.1", 8787, DEFAULT_MAX_BODY_BYTES, 64, 1024, -1, Duration.ofSeconds(30));
    }

    public ServerOptions withHost(String host) {
        return new ServerOptions(host, port, maxBodyBytes, httpThreads, maxInFlight, metricsPort, drainTimeout);
    }

    public ServerOptions withPort(int port) {
        return new ServerOptions(host, port, maxBodyBytes, httpThreads, maxInFlight, metricsPort, drainTimeout);
    }

    public ServerOptions withMaxBodyBytes(long maxBodyBytes) {
        return new ServerOptions(host, port, maxBodyBytes, httpThreads, maxInFlight, metricsPort, drainTimeout);
    }

    public ServerOptions withHttpThreads(int httpThreads) {
        return new ServerOptions(host, port, maxBodyBytes, httpThreads, maxInFlight, metricsPort, drainTimeout);
    }

    public ServerOptions withMaxInFlight(int maxInFlight) {
        return new ServerOptions(host, port, maxBodyBytes, httpThreads, maxInFlight, metricsPort, drainTimeout);
    }

    public ServerOptions withMetricsPort(int metricsPort) {
        return new ServerOptions(host, port, maxBodyBytes, httpThreads, maxInFlight, metricsPort, drainTimeout);
    }

    public ServerOptions withDrainTimeout(Duration drainTimeout) {
        return new ServerOptions(host, port, maxBodyBytes, httpThreads, maxInFlight, metricsPort, drainTimeout);
    }
}
