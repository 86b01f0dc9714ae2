package radicchio.bindings.abi;

/** Operations on whole value graphs, for host code and tests. */
public final class WireValues {
    private WireValues() {}

    /**
     * Whether {@code a} and {@code b} would encode to the same wire bytes: numbers by JS value
     * whatever their Java type, Lists/Maps/byte[] like JsArray/JsObject/JsArrayBuffer, buffers
     * by content, and the same sharing and cycles. Safe on cyclic and arbitrarily deep graphs.
     */
    public static boolean equal(Object a, Object b) {
        return GraphEquality.equal(a, b);
    }

    /** A short rendering for logs and messages, bounded however large or cyclic the graph. */
    public static String toString(Object value) {
        return ValueFormatter.format(value);
    }
}
