package radicchio.bindings.abi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A JS array: an ordered list of values (holes are {@link Undefined#INSTANCE}). Mutable, because a
 * decoded array must exist before its elements do (it may contain itself). Equality is structural
 * over the graph, as for {@link JsObject}; {@code hashCode} looks only at the size.
 */
public final class JsArray {
    private final ArrayList<Object> elements;

    public JsArray() {
        this.elements = new ArrayList<>();
    }

    /** An empty array with room for {@code capacity} elements. */
    JsArray(int capacity) {
        this.elements = new ArrayList<>(capacity);
    }

    public static JsArray of(Object... values) {
        JsArray array = new JsArray(values.length);
        array.elements.addAll(Arrays.asList(values));
        return array;
    }

    /** Appends; returns this. */
    public JsArray add(Object value) {
        elements.add(value);
        return this;
    }

    /** @throws IndexOutOfBoundsException as {@link List#get} does */
    public Object get(int index) {
        return elements.get(index);
    }

    /** @throws IndexOutOfBoundsException as {@link List#set} does */
    public void set(int index, Object value) {
        elements.set(index, value);
    }

    public int size() {
        return elements.size();
    }

    /** The elements in order (a read-only view). */
    public List<Object> elements() {
        return Collections.unmodifiableList(elements);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsArray && GraphEquality.equal(this, o);
    }

    @Override
    public int hashCode() {
        return 31 * elements.size() + 7;
    }

    @Override
    public String toString() {
        return WireValues.toString(this);
    }
}
