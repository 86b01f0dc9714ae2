package radicchio.bindings.abi;

import java.util.Objects;

/**
 * A binding the host hands to JS (a service, a namespace, a loader). JS sees a stub that forwards
 * calls back to the host with this kind and id. The id is any encodable value, usually a string
 * or number; equality compares it with {@code equals}.
 */
public record HostRef(String kind, Object id) {
    public HostRef {
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        return "HostRef(" + kind + ", " + WireValues.toString(id) + ")";
    }
}
