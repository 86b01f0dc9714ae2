package radicchio.bindings.abi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A JS ArrayBuffer: a holder for a byte array. Like its JS counterpart it has identity: equality
 * is identity (two buffers are the same buffer or not), {@link #contentEquals} compares bytes.
 * The array is adopted, not copied, and {@link #bytes()} returns it live: a write through it is a
 * write to the buffer, seen by every {@link JsView} on it.
 */
public final class JsArrayBuffer {
    private final byte[] bytes;

    /** Adopts {@code bytes}; the caller should not keep writing to it unless that is the intent. */
    public JsArrayBuffer(byte[] bytes) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
    }

    /** The live contents. */
    public byte[] bytes() {
        return bytes;
    }

    public int byteLength() {
        return bytes.length;
    }

    public boolean contentEquals(JsArrayBuffer other) {
        return other != null && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return "ArrayBuffer(" + bytes.length + ")";
    }
}
