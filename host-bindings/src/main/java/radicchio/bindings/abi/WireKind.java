package radicchio.bindings.abi;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Which wire value a Java object stands for: the one place that maps Java types to JS kinds, used
 * by {@link WireWriter}, {@link GraphEquality} and the formatter so they cannot disagree.
 *
 * <p>Kinds marked {@code ref} are the README's <i>ref</i> values: they have identity, so the
 * writer emits a reference when it meets the same Java instance again.
 */
enum WireKind {
    UNDEFINED(false),
    NULL(false),
    BOOLEAN(false),
    /** Integer, Long, Short, Byte, Double, Float. */
    NUMBER(false),
    BIGINT(false),
    STRING(false),
    /** JsObject, or a Map with String keys. */
    OBJECT(true),
    /** JsArray, or a List. */
    ARRAY(true),
    DATE(true),
    MAP(true),
    SET(true),
    /** JsArrayBuffer, or a byte[]. */
    ARRAY_BUFFER(true),
    VIEW(true),
    ERROR(true),
    REGEXP(true),
    REQUEST(false),
    RESPONSE(false),
    HOST_REF(false);

    final boolean ref;

    WireKind(boolean ref) {
        this.ref = ref;
    }

    /** The kind of {@code v}, or null if no wire value stands for it. */
    static WireKind of(Object v) {
        if (v == null) {
            return NULL;
        }
        if (v == Undefined.INSTANCE) {
            return UNDEFINED;
        }
        if (v instanceof Boolean) {
            return BOOLEAN;
        }
        if (v instanceof Integer || v instanceof Double || v instanceof Long
                || v instanceof Short || v instanceof Byte || v instanceof Float) {
            return NUMBER;
        }
        if (v instanceof String) {
            return STRING;
        }
        if (v instanceof BigInteger) {
            return BIGINT;
        }
        if (v instanceof JsObject || v instanceof Map) {
            return OBJECT;
        }
        if (v instanceof JsArray || v instanceof List) {
            return ARRAY;
        }
        if (v instanceof JsArrayBuffer || v instanceof byte[]) {
            return ARRAY_BUFFER;
        }
        if (v instanceof JsDate) {
            return DATE;
        }
        if (v instanceof JsMap) {
            return MAP;
        }
        if (v instanceof JsSet) {
            return SET;
        }
        if (v instanceof JsView) {
            return VIEW;
        }
        if (v instanceof JsError) {
            return ERROR;
        }
        if (v instanceof JsRegExp) {
            return REGEXP;
        }
        if (v instanceof WireRequest) {
            return REQUEST;
        }
        if (v instanceof WireResponse) {
            return RESPONSE;
        }
        if (v instanceof HostRef) {
            return HOST_REF;
        }
        return null;
    }

    /** The properties of an OBJECT value. */
    static Map<?, ?> properties(Object v) {
        return v instanceof JsObject o ? o.properties() : (Map<?, ?>) v;
    }

    /** The elements of an ARRAY value. */
    static List<?> elements(Object v) {
        return v instanceof JsArray a ? a.elements() : (List<?>) v;
    }

    /** The bytes of an ARRAY_BUFFER value. */
    static byte[] bytes(Object v) {
        return v instanceof JsArrayBuffer b ? b.bytes() : (byte[]) v;
    }
}
