package radicchio.bindings.abi;

/**
 * JS {@code undefined}. Java {@code null} stands for JS {@code null}, so undefined needs a value
 * of its own; there is exactly one.
 */
public enum Undefined {
    INSTANCE;

    @Override
    public String toString() {
        return "undefined";
    }
}
