package radicchio.bindings.abi;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP response as the wire carries it (tag 0x13): status (0..999; HTTP codes have three
 * digits, and the bound keeps hostile varuints out of an int), status text, headers in order,
 * and a body that is fully buffered or absent (null). Immutable except for the body array, which
 * is adopted and returned without copying: treat it as read-only.
 */
public final class WireResponse {
    static final int MAX_STATUS = 999;

    private final int status;
    private final String statusText;
    private final List<Header> headers;
    private final byte[] body;

    public WireResponse(int status, String statusText, List<Header> headers, byte[] body) {
        if (status < 0 || status > MAX_STATUS) {
            throw new IllegalArgumentException("status " + status + " is not in 0.." + MAX_STATUS);
        }
        this.status = status;
        this.statusText = Objects.requireNonNull(statusText, "statusText");
        this.headers = List.copyOf(headers);
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String statusText() {
        return statusText;
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
        return o instanceof WireResponse other
                && status == other.status
                && statusText.equals(other.statusText)
                && headers.equals(other.headers)
                && Arrays.equals(body, other.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, statusText, headers) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "Response(" + status + " " + statusText + ", " + headers.size() + " headers, "
                + (body == null ? "no body" : body.length + " bytes") + ")";
    }
}
