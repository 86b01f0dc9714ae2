package radicchio.engine.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * What the listener knows about one request beyond the exchange: its id (in error responses and
 * log lines) and when it started (for the access log and the latency timer).
 */
final class RequestInfo {
    static final AttachmentKey<RequestInfo> KEY = AttachmentKey.create(RequestInfo.class);

    private final String requestId;
    private final long startNanos;

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
}
