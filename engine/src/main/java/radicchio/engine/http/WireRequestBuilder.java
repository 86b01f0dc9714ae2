package radicchio.engine.http;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import radicchio.bindings.abi.Header;
import radicchio.bindings.abi.WireRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Builds the {@link WireRequest} a worker sees from an Undertow exchange: the method, the
 * absolute URL (scheme, the Host header, the raw path and query as the client sent them), every
 * header line (repeats kept in order) and the buffered body.
 */
final class WireRequestBuilder {
    /** What a Host header may hold: a host name, IPv4, [IPv6], optional port. Anything else is a 400. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-_~%]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?");

    private WireRequestBuilder() {}

    /** Thrown for a request a worker should never see (the client gets a 400). */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    static WireRequest build(HttpServerExchange exchange, byte[] body) throws BadRequest {
        return new WireRequest(exchange.getRequestMethod().toString(), url(exchange), headers(exchange), body);
    }

    static String url(HttpServerExchange exchange) throws BadRequest {
        String uri = exchange.getRequestURI();
        String query = exchange.getQueryString();
        String suffix = query == null || query.isEmpty() ? "" : "?" + query;
        if (exchange.isHostIncludedInRequestURI()) {
            // absolute-form request target (proxies send these): it is the URL already.
            if (!(uri.startsWith("http://") || uri.startsWith("https://"))) {
                throw new BadRequest("unsupported request target");
            }
            return uri + suffix;
        }
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        if (host == null || host.isEmpty()) {
            host = exchange.getHostAndPort(); // HTTP/1.0 without Host: the address we answered on
        }
        if (!HOST.matcher(host).matches()) {
            throw new BadRequest("invalid Host header");
        }
        if (!uri.startsWith("/")) {
            // "*" (OPTIONS *) or garbage: a worker's URL parser would choke on it.
            throw new BadRequest("unsupported request target");
        }
        return exchange.getRequestScheme() + "://" + host + uri + suffix;
    }

    static List<Header> headers(HttpServerExchange exchange) {
        List<Header> headers = new ArrayList<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            String name = values.getHeaderName().toString();
            for (String value : values) {
                headers.add(new Header(name, value));
            }
        }
        return headers;
    }
}
