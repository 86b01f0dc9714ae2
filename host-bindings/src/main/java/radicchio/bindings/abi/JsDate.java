package radicchio.bindings.abi;

/**
 * A JS Date: milliseconds since the epoch, NaN for an invalid date. Equality is by value, NaN
 * included (record semantics compare doubles bitwise-canonically).
 */
public record JsDate(double millis) {
    public boolean isValid() {
        return !Double.isNaN(millis);
    }

    @Override
    public String toString() {
        return isValid() ? "Date(" + (long) millis + ")" : "Date(Invalid)";
    }
}
