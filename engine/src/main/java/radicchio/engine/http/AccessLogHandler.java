package radicchio.engine.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.engine.RequestTrace;

/**
 * Wraps the app's handler: when each exchange completes, writes one access-log line (logger
 * {@code radicchio.access}: method, path, status, duration in ms, response bytes, request id, the
 * first Durable Object the worker called, as {@code Class/name} or {@code Class/<id prefix>}) and
 * records the request in the {@link HttpMetrics}. Completion is the end of the response, so the
 * duration includes writing it, and early answers (413, 503) are counted too.
 */
final class AccessLogHandler implements HttpHandler {
    static final Logger ACCESS = LoggerFactory.getLogger("radicchio.access");

    private final HttpHandler next;
    private final HttpMetrics metrics;

    AccessLogHandler(HttpHandler next, HttpMetrics metrics) {
        this.next = next;
        this.metrics = metrics;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        RequestInfo info = RequestInfo.of(exchange);
        if (metrics != null) {
            metrics.started();
        }
        exchange.addExchangeCompleteListener((ex, nextListener) -> {
            try {
                long nanos = System.nanoTime() - info.startNanos();
                String method = ex.getRequestMethod().toString();
                int status = ex.getStatusCode();
                if (metrics != null) {
                    metrics.finished(method, status, nanos);
                }
                if (ACCESS.isInfoEnabled()) {
                    RequestTrace trace = info.trace();
                    String object = trace == null || trace.object() == null ? "-" : trace.object();
                    ACCESS.info("{} {} {} {}ms {}B id={} object={}", method, ex.getRequestURI(), status,
                            nanos / 1_000_000, ex.getResponseBytesSent(), info.requestId(), object);
                }
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }
}
