package radicchio.engine.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import radicchio.engine.RequestTrace;

/**
 * What the listener knows about one request beyond the exchange: its id (in error responses and
 * log lines), when it started (for the access log and the latency timer), and what the app
 * touched (the access log's object).
 */
final class RequestInfo {
    static final AttachmentKey<RequestInfo> KEY = AttachmentKey.create(RequestInfo.class);

    private final String requestId;
    private final long startNanos;
    private volatile RequestTrace trace;

    private RequestInfo(String requestId, long startNanos) {
        this.requestId = requestId;
        this.startNanos = startNanos;
    }

    /** The exchange's info, created (with a new id, starting now) on first use. */
    static RequestInfo of(HttpServerExchange exchange) {
        RequestInfo info = exchange.getAttachment(KEY);
        if (info == null) {
            info = new RequestInfo(RequestIds.next(), System.nanoTime());
            exchange.putAttachment(KEY, info);
        }
        return info;
    }

    String requestId() {
        return requestId;
    }

    long startNanos() {
        return startNanos;
    }

    /** What the app touched (null until the app was called). */
    RequestTrace trace() {
        return trace;
    }

    void trace(RequestTrace trace) {
        this.trace = trace;
    }
}
