package radicchio.bindings;

/** The guest handed the host something that breaks the ABI: a bad pointer or length, a malformed message. */
public final class AbiException extends GuestException {
    public AbiException(String message) {
        super(message);
    }

    public AbiException(String message, Throwable cause) {
        super(message, cause);
    }
}
