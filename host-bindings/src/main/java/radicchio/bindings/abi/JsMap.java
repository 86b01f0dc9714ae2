package radicchio.bindings.abi;

import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JS Map: entries in insertion order, keys of any type compared as JS compares them
 * ({@link SameValueZero}: objects by identity, numbers by value whatever their Java type). Mutable,
 * because a decoded Map must exist before its entries do. Equality is structural over the graph,
 * entries in order, as for {@link JsObject}; {@code hashCode} looks only at the size.
 */
public final class JsMap {
    private final LinkedHashMap<SameValueZero, Object> entries = new LinkedHashMap<>();

    public JsMap() {}

    /** Sets an entry (a new key goes last, an existing one keeps its place); returns this. */
    public JsMap set(Object key, Object value) {
        SameValueZero k = new SameValueZero(key);
        // An existing key keeps the key object it was first set with, as in JS.
        entries.put(k, value);
        return this;
    }

    /** The value for the key, or {@link Undefined#INSTANCE} if there is none (as in JS). */
    public Object get(Object key) {
        SameValueZero k = new SameValueZero(key);
        Object value = entries.get(k);
        if (value == null && !entries.containsKey(k)) {
            return Undefined.INSTANCE;
        }
        return value;
    }

    public boolean has(Object key) {
        return entries.containsKey(new SameValueZero(key));
    }

    public int size() {
        return entries.size();
    }

    /** A snapshot of the entries in order. */
    public List<Map.Entry<Object, Object>> entries() {
        List<Map.Entry<Object, Object>> list = new ArrayList<>(entries.size());
        for (Map.Entry<SameValueZero, Object> e : entries.entrySet()) {
            list.add(new SimpleImmutableEntry<>(e.getKey().value(), e.getValue()));
        }
        return list;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsMap && GraphEquality.equal(this, o);
    }

    @Override
    public int hashCode() {
        return 31 * entries.size() + 11;
    }

    @Override
    public String toString() {
        return WireValues.toString(this);
    }
}
