package radicchio.bindings.abi;

import java.util.Arrays;
import java.util.Objects;

/**
 * A typed array or DataView over a {@link JsArrayBuffer}. Invariant (the one JS enforces): the
 * view lies inside its buffer and its offset is a multiple of the element size. {@code length}
 * counts elements (bytes for a DataView). Equality: same kind, offset, length and the same buffer
 * (buffers have identity).
 */
public record JsView(ViewKind kind, JsArrayBuffer buffer, int byteOffset, int length) {
    public JsView {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(buffer, "buffer");
        String problem = boundsProblem(kind, buffer.byteLength(), byteOffset, length);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A Uint8Array over all of {@code buffer}. */
    public static JsView uint8(JsArrayBuffer buffer) {
        return new JsView(ViewKind.UINT8_ARRAY, buffer, 0, buffer.byteLength());
    }

    public int byteLength() {
        return length * kind.bytesPerElement();
    }

    /** A copy of the bytes the view covers. */
    public byte[] toByteArray() {
        return Arrays.copyOfRange(buffer.bytes(), byteOffset, byteOffset + byteLength());
    }

    /**
     * Why a view with these numbers cannot exist, or null if it can. Shared by the constructor
     * and {@link WireReader}, which must reject the same views with its own exception. Offsets
     * and lengths are longs so that hostile varuints cannot overflow the check.
     */
    static String boundsProblem(ViewKind kind, long bufferLength, long byteOffset, long length) {
        if (byteOffset < 0 || length < 0) {
            return "negative view offset or length";
        }
        int size = kind.bytesPerElement();
        if (byteOffset % size != 0) {
            return kind.jsName() + " offset " + byteOffset + " is not a multiple of " + size;
        }
        if (byteOffset > bufferLength || length * size > bufferLength - byteOffset) {
            return kind.jsName() + " at " + byteOffset + " with length " + length
                    + " does not fit a buffer of " + bufferLength + " bytes";
        }
        return null;
    }

    @Override
    public String toString() {
        return kind.jsName() + "(" + buffer + ", " + byteOffset + ", " + length + ")";
    }
}
