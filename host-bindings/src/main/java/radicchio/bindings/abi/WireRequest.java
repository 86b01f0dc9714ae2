package radicchio.bindings.abi;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP request as the wire carries it (tag 0x12): method, URL, headers in order, and a body
 * that is fully buffered or absent (null). Immutable except for the body array, which is adopted
 * and returned without copying (bodies can be large): treat it as read-only.
 */
public final class WireRequest {
    private final String method;
    private final String url;
    private final List<Header> headers;
    private final byte[] body;

    public WireRequest(String method, String url, List<Header> headers, byte[] body) {
        this.method = Objects.requireNonNull(method, "method");
        this.url = Objects.requireNonNull(url, "url");
        this.headers = List.copyOf(headers);
        this.body = body;
    }

    public String method() {
        return method;
    }

    public String url() {
        return url;
    }

    /** All header lines in order, repeats included. */
    public List<Header> headers() {
        return headers;
    }

    /** The first value of the named header (any case), or null. */
    public String header(String name) {
        return Header.first(headers, name);
    }

    /** The body, or null if there is none. Not a copy. */
    public byte[] body() {
        return body;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WireRequest other
                && method.equals(other.method)
                && url.equals(other.url)
                && headers.equals(other.headers)
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, url, headers) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Request(" + method + " " + url + ", " + headers.size() + " headers, "
                + (body == null ? "no body" : body.length + " bytes") + ")";
    }
}
