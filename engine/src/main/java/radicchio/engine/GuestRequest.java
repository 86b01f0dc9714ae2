package radicchio.engine;

import radicchio.bindings.JsException;
import radicchio.bindings.abi.JsError;
import radicchio.bindings.abi.JsObject;

/**
 * A host request from an isolate ({@code {op, ...}}), read defensively: the guest is hostile, so
 * every field is type-checked and a bad one becomes a JS {@code TypeError}, never a JVM failure.
 */
final class GuestRequest {
    /** Longest string field accepted (names, ids); the wire itself caps whole requests. */
    static final int MAX_NAME_CHARS = 4096;

    private final JsObject fields;
    private final String op;

    private GuestRequest(JsObject fields, String op) {
        this.fields = fields;
        this.op = op;
    }

    static GuestRequest of(Object request) {
        if (!(request instanceof JsObject o) || !(o.get("op") instanceof String op)) {
            throw typeError("A host request must be an object with a string \"op\".");
        }
        return new GuestRequest(o, op);
    }

    String op() {
        return op;
    }

    /** The request as decoded (for a handler that reads it itself). */
    Object raw() {
        return fields;
    }

    Object get(String field) {
        return fields.get(field);
    }

    /** A string field of at most {@link #MAX_NAME_CHARS} characters. */
    String string(String field) {
        if (!(fields.get(field) instanceof String s)) {
            throw typeError("Host request \"" + op + "\": \"" + field + "\" must be a string.");
        }
        if (s.length() > MAX_NAME_CHARS) {
            throw typeError("Host request \"" + op + "\": \"" + field + "\" is longer than " + MAX_NAME_CHARS + " characters.");
        }
        return s;
    }

    static JsException typeError(String message) {
        return jsError("TypeError", message);
    }

    static JsException jsError(String name, String message) {
        return new JsException(name, message, null, new JsError(name, message));
    }
}
