package radicchio.engine.storage;

import java.math.BigInteger;
import radicchio.bindings.abi.JsArrayBuffer;
import radicchio.bindings.abi.JsView;
import radicchio.bindings.abi.Undefined;

/**
  * Values between the wire and SQLite. Bindings (from JS): string, number, BigInt (must fit 64
  * bits), null/undefined, boolean (1/0), ArrayBuffer or view (its bytes). Results (to JS): SQLite
  * integers become numbers when a double holds them exactly and safely, i.e. within
  * ±(2^53 - 1) (Number.MAX_SAFE_INTEGER), and BigInts beyond; reals numbers, text strings, blobs
  * ArrayBuffers, NULL null.
  */
final class SqlWireValues {
    /** Number.MAX_SAFE_INTEGER: larger integers come back as BigInt. */
    static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);

    private SqlWireValues() {}

    /** One binding as a value {@code SqlDatabase.exec} accepts; {@code position} counts from 1. */
    static Object binding(Object value, int position) {
        if (value == null || value == Undefined.INSTANCE) {
            return null;
        }
        if (value instanceof String) {
            return value;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof Double d) {
            // Integral numbers bind as SQL integers, so they compare equal to integer columns' values.
            if (d == Math.rint(d) && Math.abs(d) <= MAX_SAFE_INTEGER) {
                return d.longValue();
            }
            return d;
        }
        if (value instanceof BigInteger big) {
            if (big.compareTo(MIN_LONG) < 0 || big.compareTo(MAX_LONG) > 0) {
                throw StorageErrors.rangeError("SQL binding " + position
                        + " is a BigInt outside the range of a 64-bit signed integer.");
            }
            return big.longValue();
        }
        if (value instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (value instanceof JsArrayBuffer buffer) {
            return buffer.bytes();
        }
        if (value instanceof JsView view) {
            return view.toByteArray();
        }
        throw StorageErrors.typeError("SQL binding " + position
                + " is not a string, number, bigint, null or ArrayBuffer.");
    }

    /** A SQLite result value as a wire value. */
    static Object result(Object value) {
        if (value instanceof Long l) {
            return integer(l);
        }
        return value; // Double, String, byte[] (an ArrayBuffer on the wire) or null
    }

    /** An integer as a JS number when that is exact and safe, else as a BigInt. */
    static Object integer(long l) {
        if (l == (int) l) {
            return (int) l;
        }
        if (l >= -MAX_SAFE_INTEGER && l <= MAX_SAFE_INTEGER) { // not Math.abs: it overflows at MIN_VALUE
            return (double) l;
        }
        return BigInteger.valueOf(l);
    }

    /** Rough wire size of a result value, to keep one batch of rows small. */
    static long approximateSize(Object value) {
        if (value instanceof String s) {
            return 8L + 3L * s.length();
        }
        if (value instanceof byte[] b) {
            return 8L + b.length;
        }
        return 9;
    }
}
