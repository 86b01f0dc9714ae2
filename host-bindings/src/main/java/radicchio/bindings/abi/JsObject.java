package radicchio.bindings.abi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A plain JS object: string-keyed properties in insertion order. Mutable, because a decoded
 * object must exist before its properties do (it may contain itself).
 *
 * <p>Equality is structural over the whole graph ({@link WireValues#equal}): same keys in the same
 * order, equal values, same sharing. It never recurses on the Java stack, so cyclic graphs
 * compare safely; {@code hashCode} looks only at the keys for the same reason.
 */
public final class JsObject {
    private final LinkedHashMap<String, Object> properties = new LinkedHashMap<>();

    public JsObject() {}

    /** {@code JsObject.of("a", 1, "b", "x")}: alternating keys (strings) and values. */
    public static JsObject of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate");
        }
        JsObject object = new JsObject();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("key " + i / 2 + " is not a String");
            }
            object.set(key, keysAndValues[i + 1]);
        }
        return object;
    }

    /** Sets a property (a new key goes last, an existing one keeps its place); returns this. */
    public JsObject set(String key, Object value) {
        properties.put(Objects.requireNonNull(key, "key"), value);
        return this;
    }

    /** The property's value, or {@link Undefined#INSTANCE} if there is none (as in JS). */
    public Object get(String key) {
        Object value = properties.get(key);
        if (value == null && !properties.containsKey(key)) {
            return Undefined.INSTANCE;
        }
        return value;
    }

    public boolean has(String key) {
        return properties.containsKey(key);
    }

    public int size() {
        return properties.size();
    }

    /** The keys in order (a read-only view). */
    public Set<String> keys() {
        return Collections.unmodifiableSet(properties.keySet());
    }

    /** The properties in order (a read-only view). */
    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsObject && GraphEquality.equal(this, o);
    }

    @Override
    public int hashCode() {
        return properties.keySet().hashCode();
    }

    @Override
    public String toString() {
        return WireValues.toString(this);
    }
}
