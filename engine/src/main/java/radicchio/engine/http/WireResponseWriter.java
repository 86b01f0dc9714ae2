package radicchio.engine.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.bindings.abi.Header;
import radicchio.bindings.abi.WireResponse;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a worker's {@link WireResponse} to the exchange: status, reason phrase (its
 * statusText), headers and body. The response came from untrusted code, so the status must be
 * 200..599, header names must be tokens and values free of CR, LF and NUL (else the line is
 * dropped and logged: no header injection), and hop-by-hop and framing headers are the
 * server's business, not the worker's ({@code Content-Length} is always the body's length).
 */
final class WireResponseWriter {
    private static final Logger LOG = LoggerFactory.getLogger(WireResponseWriter.class);
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    private static final Pattern FIELD_VALUE = Pattern.compile("[\\t\\x20-\\x7E\\x80-\\xFF]*");
    private static final Pattern REASON = Pattern.compile("[\\t \\x21-\\x7E\\x80-\\xFF]*");
    private static final Set<String> SERVER_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "proxy-connection", "trailer", "te");

    private WireResponseWriter() {}

    /** Thrown when the worker's response cannot be sent as it is (answered as a worker error). */
    static final class InvalidResponse extends Exception {
        InvalidResponse(String message) {
            super(message);
        }
    }

    /** Checks the response before anything is written, so a bad one can still become a 500. */
    static void validate(WireResponse response) throws InvalidResponse {
        int status = response.status();
        if (status < 200 || status > 599) {
            throw new InvalidResponse("the worker returned status " + status + ", outside 200..599");
        }
    }

    static void write(HttpServerExchange exchange, WireResponse response, String requestId) {
        int status = response.status();
        exchange.setStatusCode(status);
        String reason = response.statusText();
        if (!reason.isEmpty() && REASON.matcher(reason).matches()) {
            exchange.setReasonPhrase(reason);
        }
        String declaredLength = null;
        for (Header header : response.headers()) {
            String name = header.name();
            if (name.equals("content-length")) {
                declaredLength = header.value();
                continue;
            }
            if (SERVER_HEADERS.contains(name)) {
                continue;
            }
            if (!TOKEN.matcher(name).matches() || !FIELD_VALUE.matcher(header.value()).matches()) {
                LOG.warn("request {}: dropped an invalid response header from the worker: {}", requestId,
                        abbreviate(name));
                continue;
            }
            exchange.getResponseHeaders().add(HttpString.tryFromString(name), header.value());
        }

        byte[] body = response.body();
        boolean noBodyStatus = status == 204 || status == 304;
        if (noBodyStatus) {
            exchange.endExchange();
            return;
        }
        long length = body == null ? 0 : body.length;
        boolean head = exchange.getRequestMethod().equals(Methods.HEAD);
        if (head && body == null && declaredLength != null && declaredLength.matches("\\d{1,18}")) {
            // A HEAD handler may describe the GET body's size without producing it.
            length = Long.parseLong(declaredLength);
        }
        exchange.setResponseContentLength(length);
        if (head || body == null || body.length == 0) {
            exchange.endExchange();
        } else {
            exchange.getResponseSender().send(ByteBuffer.wrap(body));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
