package radicchio.bindings.abi;

import java.util.Objects;

/**
 * A JS Error as the wire carries it: name, message, stack (null when JS had none) and cause
 * ({@link Undefined#INSTANCE} when there is none; Java null is a JS {@code null} cause).
 *
 * <p>A value, not a Throwable: wrap it in an exception to throw it. Immutable once decoded; the
 * cause is filled in after construction only by {@link WireReader}, because a decoded error must
 * exist before its cause does (the cause may lead back to it). Equality is structural over the
 * graph, as for {@link JsObject}.
 */
public final class JsError {
    private final String name;
    private final String message;
    private final String stack;
    private Object cause;

    public JsError(String name, String message) {
        this(name, message, null, Undefined.INSTANCE);
    }

    public JsError(String name, String message, String stack, Object cause) {
        this.name = Objects.requireNonNull(name, "name");
        this.message = Objects.requireNonNull(message, "message");
        this.stack = stack;
        this.cause = cause;
    }

    /** For {@link WireReader} only: set once, right after the error is registered. */
    void initCause(Object cause) {
        this.cause = cause;
    }

    /** {@code "TypeError"}, {@code "Error"}, or any other name JS gave. */
    public String name() {
        return name;
    }

    public String message() {
        return message;
    }

    /** The stack trace text, or null if JS had none. */
    public String stack() {
        return stack;
    }

    /** The cause, {@link Undefined#INSTANCE} if none. */
    public Object cause() {
        return cause;
    }

    public boolean hasCause() {
        return cause != Undefined.INSTANCE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsError && GraphEquality.equal(this, o);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + message.hashCode();
    }

    /** {@code "TypeError: message"}, like JS's Error.prototype.toString. */
    @Override
    public String toString() {
        return message.isEmpty() ? name : name + ": " + message;
    }
}
