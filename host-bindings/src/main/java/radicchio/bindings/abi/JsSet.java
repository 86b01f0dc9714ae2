package radicchio.bindings.abi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A JS Set: distinct values in insertion order, compared as JS compares them
 * ({@link SameValueZero}). Mutable, because a decoded Set must exist before its members do.
 * Equality is structural over the graph, members in order, as for {@link JsObject};
 * {@code hashCode} looks only at the size.
 */
public final class JsSet {
    private final LinkedHashSet<SameValueZero> members = new LinkedHashSet<>();

    public JsSet() {}

    public static JsSet of(Object... values) {
        JsSet set = new JsSet();
        for (Object value : values) {
            set.add(value);
        }
        return set;
    }

    /** Adds the value unless an equal one is there already; returns this. */
    public JsSet add(Object value) {
        members.add(new SameValueZero(value));
        return this;
    }

    public boolean has(Object value) {
        return members.contains(new SameValueZero(value));
    }

    public int size() {
        return members.size();
    }

    /** A snapshot of the members in order. */
    public List<Object> values() {
        List<Object> list = new ArrayList<>(members.size());
        for (SameValueZero member : members) {
            list.add(member.value());
        }
        return list;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsSet && GraphEquality.equal(this, o);
    }

    @Override
    public int hashCode() {
        return 31 * members.size() + 13;
    }

    @Override
    public String toString() {
        return WireValues.toString(this);
    }
}
