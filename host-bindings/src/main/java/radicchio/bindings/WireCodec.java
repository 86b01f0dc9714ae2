package radicchio.bindings;

import radicchio.bindings.abi.JsError;
import radicchio.bindings.abi.WireFormatException;
import radicchio.bindings.abi.WireReader;
import radicchio.bindings.abi.WireWriter;

/**
 * The isolate's view of the wire codec: decoding guest bytes (hostile: a malformed message
 * becomes an {@link AbiException}), encoding host values, and turning error values into
 * {@link JsException}s.
 */
final class WireCodec {
    private WireCodec() {}

    static Object decode(byte[] bytes) {
        try {
            return WireReader.decode(bytes, Isolate.MAX_OUTPUT_BYTES);
        } catch (WireFormatException e) {
            throw new AbiException("malformed message from the guest: " + e.getMessage(), e);
        }
    }

    static byte[] encode(Object value) {
        return WireWriter.encode(value);
    }

    static Object error(String name, String message) {
        return new JsError(name, message);
    }

    /** The exception for an error value the guest returned (anything not an Error is wrapped). */
    static JsException toJsException(Object value) {
        if (value instanceof JsError) {
            JsError error = (JsError) value;
            return new JsException(error.name(), error.message(), error.stack(), value);
        }
        return new JsException("Error", String.valueOf(value), null, value);
    }
}
