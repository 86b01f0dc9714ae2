package radicchio.engine.storage;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import radicchio.bindings.abi.HostRef;
import radicchio.bindings.abi.JsArray;
import radicchio.bindings.abi.JsError;
import radicchio.bindings.abi.JsMap;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.JsSet;
import radicchio.bindings.abi.WireFormatException;
import radicchio.bindings.abi.WireReader;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;

/**
  * Checks a KV value (the guest's wire bytes) before it is stored. The wire carries more than the
  * platform's storage serializer does: Requests, Responses and host bindings (stubs, ids,
  * namespaces) cross between isolates but cannot be stored, so the platform refuses them with a
  * {@code DataCloneError}, and so do we. The bytes must also be one well-formed value, so that
  * nothing a later reader decodes was malformed when written.
  *
  * <p>Cost: one decode and one walk of the value (a 2 MiB value takes milliseconds); the walk is
  * iterative and visits each object once, so cyclic and deep values are fine.
  */
final class StorableValues {
    private StorableValues() {}

    /** Throws the JS error that storing {@code bytes} must raise, if any. */
    static void check(String field, byte[] bytes) {
        Object value;
        try {
            value = WireReader.decode(bytes, WireReader.DEFAULT_MAX_BYTES);
        } catch (WireFormatException e) {
            throw StorageErrors.typeError("\"" + field + "\" is not a valid structured-clone value: "
                    + e.getMessage());
        }
        String refused = firstUnstorable(value);
        if (refused != null) {
            throw StorageErrors.error("DataCloneError", refused + " could not be cloned for storage.");
        }
    }

    /** What in the graph cannot be stored, described for a message, or null. */
    private static String firstUnstorable(Object root) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Object> pending = new ArrayDeque<>();
        push(pending, root);
        while (!pending.isEmpty()) {
            Object value = pending.pop();
            if (value instanceof WireRequest) {
                return "A Request";
            }
            if (value instanceof WireResponse) {
                return "A Response";
            }
            if (value instanceof HostRef ref) {
                return "A binding of kind \"" + ref.kind() + "\"";
            }
            if (!isContainer(value) || !seen.add(value)) {
                continue;
            }
            if (value instanceof JsObject object) {
                pushAll(pending, object.properties().values());
            } else if (value instanceof JsArray array) {
                pushAll(pending, array.elements());
            } else if (value instanceof JsSet set) {
                pushAll(pending, set.values());
            } else if (value instanceof JsMap map) {
                for (Map.Entry<Object, Object> entry : map.entries()) {
                    push(pending, entry.getKey());
                    push(pending, entry.getValue());
                }
            } else if (value instanceof JsError error) {
                push(pending, error.cause());
            }
        }
        return null;
    }

    private static boolean isContainer(Object value) {
        return value instanceof JsObject || value instanceof JsArray || value instanceof JsSet
                || value instanceof JsMap || value instanceof JsError;
    }

    private static void pushAll(ArrayDeque<Object> pending, Iterable<Object> values) {
        for (Object value : values) {
            push(pending, value);
        }
    }

    /** ArrayDeque holds no nulls; a JS null is a leaf anyway. */
    private static void push(ArrayDeque<Object> pending, Object value) {
        if (value != null) {
            pending.push(value);
        }
    }
}
