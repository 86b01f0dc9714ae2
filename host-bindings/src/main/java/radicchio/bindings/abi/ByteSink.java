package radicchio.bindings.abi;

import java.util.Arrays;

/**
 * A growable little-endian output buffer for {@link WireWriter}. Invariant: {@code size} bytes of
 * {@code buf} are written; the rest is spare capacity. Growth past what a Java array can hold is
 * a {@link WireFormatException}, not an OutOfMemoryError on a negative size.
 */
final class ByteSink {
    private static final int MAX_SIZE = Integer.MAX_VALUE - 16;

    private byte[] buf = new byte[64];
    private int size;

    /** Makes room for {@code n} more bytes, claims them and returns where they start. */
    int claim(long n) {
        long needed = size + n;
        if (needed > MAX_SIZE) {
            throw new WireFormatException("encoded value would exceed " + MAX_SIZE + " bytes");
        }
        if (needed > buf.length) {
            long grown = Math.max(needed, Math.min((long) buf.length * 2, MAX_SIZE));
            buf = Arrays.copyOf(buf, (int) grown);
        }
        int at = size;
        size = (int) needed;
        return at;
    }

    /** The array behind the buffer, for writing into a range returned by {@link #claim}. */
    byte[] array() {
        return buf;
    }

    void writeByte(int b) {
        int at = claim(1);
        buf[at] = (byte) b;
    }

    void writeInt32(int v) {
        int at = claim(4);
        buf[at] = (byte) v;
        buf[at + 1] = (byte) (v >> 8);
        buf[at + 2] = (byte) (v >> 16);
        buf[at + 3] = (byte) (v >> 24);
    }

    void writeFloat64(double d) {
        // doubleToLongBits, not the raw variant: every NaN goes out as the one canonical NaN.
        long v = Double.doubleToLongBits(d);
        int at = claim(8);
        for (int i = 0; i < 8; i++) {
            buf[at + i] = (byte) (v >> (8 * i));
        }
    }

    /** Unsigned LEB128; {@code v} must be in 0..2^32-1, so at most 5 bytes. */
    void writeVarUint(long v) {
        if (v < 0 || v > 0xFFFF_FFFFL) {
            throw new WireFormatException("varuint out of range: " + v);
        }
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            writeByte(v == 0 ? b : b | 0x80);
        } while (v != 0);
    }

    void writeBytes(byte[] bytes) {
        int at = claim(bytes.length);
        System.arraycopy(bytes, 0, buf, at, bytes.length);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
