package radicchio.bindings;

/** The guest trapped (Wasm trap, QuickJS assertion, out-of-bounds access); the isolate is discarded. */
public final class GuestTrapException extends GuestException {
    public GuestTrapException(String message, Throwable cause) {
        super(message, cause);
    }
}
