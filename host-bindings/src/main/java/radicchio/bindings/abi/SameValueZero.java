package radicchio.bindings.abi;

import java.math.BigInteger;

/**
 * A key of a {@link JsMap} or member of a {@link JsSet}, compared the way JS compares them
 * (SameValueZero): primitives by value, with every number type meaning the same number (Integer 1
 * is Double 1.0, +0 is -0, NaN is NaN); objects by identity.
 *
 * <p>It is also {@link Comparable}, consistently with equals for primitives, because a hostile
 * guest can send a Map of thousands of strings with one Java hash code: HashMap then keeps the
 * colliding bucket as a tree ordered by compareTo, and lookups stay logarithmic instead of
 * turning the decode quadratic. Objects (rank OTHER) compare as equal ranks, which HashMap
 * tolerates; their identity hash codes are not under the guest's control.
 */
final class SameValueZero implements Comparable<SameValueZero> {
    private static final int NULL = 0;
    private static final int UNDEFINED = 1;
    private static final int BOOLEAN = 2;
    private static final int NUMBER = 3;
    private static final int STRING = 4;
    private static final int BIGINT = 5;
    private static final int OTHER = 6;

    private final Object value;
    private final int rank;
    /** The number, normalised so that +0/-0 and all NaNs compare equal; 0 for non-numbers. */
    private final double number;

    SameValueZero(Object value) {
        this.value = value;
        this.rank = rankOf(value);
        if (rank == NUMBER) {
            double d = ((Number) value).doubleValue();
            this.number = d == 0 ? 0.0 : d; // folds -0.0 into +0.0; NaN stays NaN
        } else {
            this.number = 0;
        }
    }

    /** The original key, as given. */
    Object value() {
        return value;
    }

    private static int rankOf(Object v) {
        if (v == null) {
            return NULL;
        }
        if (v == Undefined.INSTANCE) {
            return UNDEFINED;
        }
        if (v instanceof Boolean) {
            return BOOLEAN;
        }
        if (WireKind.of(v) == WireKind.NUMBER) {
            return NUMBER;
        }
        if (v instanceof String) {
            return STRING;
        }
        if (v instanceof BigInteger) {
            return BIGINT;
        }
        return OTHER;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SameValueZero other) || other.rank != rank) {
            return false;
        }
        switch (rank) {
            case NULL, UNDEFINED:
                return true;
            case NUMBER:
                return Double.compare(number, other.number) == 0;
            case OTHER:
                return value == other.value;
            default:
                return value.equals(other.value);
        }
    }

    @Override
    public int hashCode() {
        switch (rank) {
            case NULL, UNDEFINED:
                return rank;
            case NUMBER:
                return Double.hashCode(number);
            case OTHER:
                return System.identityHashCode(value);
            default:
                return value.hashCode();
        }
    }

    @Override
    public int compareTo(SameValueZero other) {
        if (rank != other.rank) {
            return Integer.compare(rank, other.rank);
        }
        switch (rank) {
            case BOOLEAN:
                return Boolean.compare((Boolean) value, (Boolean) other.value);
            case NUMBER:
                return Double.compare(number, other.number);
            case STRING:
                return ((String) value).compareTo((String) other.value);
            case BIGINT:
                return ((BigInteger) value).compareTo((BigInteger) other.value);
            default:
                return 0;
        }
    }
}
