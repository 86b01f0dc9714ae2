package radicchio.bindings;

/**
 * Root of everything that can go wrong inside or at the edge of a guest isolate. Unchecked, like
 * Chicory's {@code ChicoryException}: callers that care catch the subclasses.
 *
 * <ul>
 *   <li>{@link JsException}: the worker's code threw (or failed to load); the isolate is fine.</li>
 *   <li>{@link LimitExceededException}: a CPU, memory or stack limit stopped the call.</li>
 *   <li>{@link GuestTrapException}: the guest trapped (a Wasm trap, an assertion in QuickJS).</li>
 *   <li>{@link AbiException}: the guest broke the host ABI (bad pointers, malformed messages).</li>
 * </ul>
 * After anything but a {@code JsException} the isolate is discarded: further calls throw.
 */
public class GuestException extends RuntimeException {
    public GuestException(String message) {
        super(message);
    }

    public GuestException(String message, Throwable cause) {
        super(message, cause);
    }
}
