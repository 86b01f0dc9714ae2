package radicchio.bindings;

/** A call on an isolate that an earlier limit, trap or ABI violation discarded. Start a new one. */
public final class IsolateDiscardedException extends GuestException {
    public IsolateDiscardedException(String reason) {
        super("This isolate was discarded: " + reason);
    }
}
