package radicchio.bindings;

/** An exception thrown by worker code, carried across the boundary with its JS name, message and stack. */
public final class JsException extends GuestException {
    private final String name;
    private final String jsMessage;
    private final String jsStack;
    private final Object value;

    /**
     * @param value the decoded wire value of the error (a {@code JsError} normally), kept so that
     *              callers can re-throw it into another isolate unchanged
     */
    public JsException(String name, String message, String stack, Object value) {
        super(name + ": " + message + (stack == null || stack.isEmpty() ? "" : "\n" + stack));
        this.name = name;
        this.jsMessage = message;
        this.jsStack = stack;
        this.value = value;
    }

    /** The JS error's {@code name}, e.g. {@code TypeError}. */
    public String name() {
        return name;
    }

    /** The JS error's {@code message}. */
    public String jsMessage() {
        return jsMessage;
    }

    /** The JS stack ("    at fn (file.js:3:7)" lines), or null when the error had none. */
    public String jsStack() {
        return jsStack;
    }

    /** The error as a wire value. */
    public Object value() {
        return value;
    }
}
