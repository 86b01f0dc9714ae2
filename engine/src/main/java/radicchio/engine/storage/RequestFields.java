package radicchio.engine.storage;

import java.util.ArrayList;
import java.util.List;
import radicchio.bindings.JsException;
import radicchio.bindings.abi.JsArray;
import radicchio.bindings.abi.JsArrayBuffer;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.Undefined;

/**
  * Typed, checked access to the fields of one storage host request (a decoded wire object). The
  * request comes from the guest, so every field may be missing or of any type: each accessor
  * either returns a value of the promised type or throws a {@code TypeError} naming the field.
  */
final class RequestFields {
    private final JsObject request;
    private final String method;

    private RequestFields(JsObject request, String method) {
        this.request = request;
        this.method = method;
    }

    static RequestFields of(Object request) {
        if (!(request instanceof JsObject object)) {
            throw StorageErrors.typeError("A storage request must be an object.");
        }
        if (!(object.get("method") instanceof String method)) {
            throw StorageErrors.typeError("A storage request needs a string \"method\".");
        }
        return new RequestFields(object, method);
    }

    String method() {
        return method;
    }

    String string(String field) {
        Object value = request.get(field);
        if (value instanceof String s) {
            return s;
        }
        throw invalid(field, "a string");
    }

    /** The string, or null when the field is absent or undefined. */
    String optionalString(String field) {
        Object value = request.get(field);
        return value == Undefined.INSTANCE ? null : string(field);
    }

    /** The boolean; false when absent or undefined. */
    boolean flag(String field) {
        Object value = request.get(field);
        if (value == Undefined.INSTANCE) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw invalid(field, "a boolean");
    }

    /** An int32 number, or null when absent or undefined. */
    Integer optionalInt(String field) {
        Object value = request.get(field);
        if (value == Undefined.INSTANCE) {
            return null;
        }
        if (value instanceof Integer i) {
            return i;
        }
        throw invalid(field, "a 32-bit integer");
    }

    /** Any finite JS number. */
    double finiteNumber(String field) {
        Object value = request.get(field);
        if ((value instanceof Integer || value instanceof Double)
                && Double.isFinite(((Number) value).doubleValue())) {
            return ((Number) value).doubleValue();
        }
        throw invalid(field, "a finite number");
    }

    /** An int32 number, the id of a host-side object such as a cursor. */
    int id(String field) {
        Integer id = optionalInt(field);
        if (id == null) {
            throw invalid(field, "an id");
        }
        return id;
    }

    byte[] bytes(String field) {
        Object value = request.get(field);
        if (value instanceof JsArrayBuffer buffer) {
            return buffer.bytes();
        }
        throw invalid(field, "an ArrayBuffer");
    }

    /** An array's elements (at most {@code max}, else a RangeError with {@code tooMany}). */
    List<Object> array(String field, int max, String tooMany) {
        Object value = request.get(field);
        if (!(value instanceof JsArray array)) {
            throw invalid(field, "an array");
        }
        if (array.size() > max) {
            throw StorageErrors.rangeError(tooMany);
        }
        return array.elements();
    }

    /** An array of strings (at most {@code max}, else a RangeError with {@code tooMany}). */
    List<String> strings(String field, int max, String tooMany) {
        List<Object> elements = array(field, max, tooMany);
        List<String> strings = new ArrayList<>(elements.size());
        for (Object element : elements) {
            if (!(element instanceof String s)) {
                throw invalid(field, "an array of strings");
            }
            strings.add(s);
        }
        return strings;
    }

    /** An array of ArrayBuffers, as byte arrays (at most {@code max}). */
    List<byte[]> buffers(String field, int max, String tooMany) {
        List<Object> elements = array(field, max, tooMany);
        List<byte[]> buffers = new ArrayList<>(elements.size());
        for (Object element : elements) {
            if (!(element instanceof JsArrayBuffer buffer)) {
                throw invalid(field, "an array of ArrayBuffers");
            }
            buffers.add(buffer.bytes());
        }
        return buffers;
    }

    private JsException invalid(String field, String expected) {
        return StorageErrors.typeError("storage." + method + ": \"" + field + "\" must be " + expected + ".");
    }
}
