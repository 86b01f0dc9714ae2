package radicchio.bindings;

import java.security.SecureRandom;

/**
 * What an isolate may ask of its host: the only way out of the sandbox. One method per guest
 * import (see wasm-guest/README.md, "Imports"); the engine implements storage, outbound fetch and
 * calls to other workers behind {@link #call}. Every method has a safe default, so tests and
 * embedders implement only what they need.
 *
 * <p>Methods run on the thread executing the isolate, in the middle of a JS call. They may block
 * (the isolate waits), and anything they throw from {@link #call} reaches JS as an exception.
 */
public interface HostServices {
    /** Log levels, as the guest's {@code log} import numbers them. */
    int DEBUG = 0;
    int INFO = 1;
    int WARN = 2;
    int ERROR = 3;

    /** Host services that log nowhere and refuse every host call. */
    HostServices NONE = new HostServices() {};

    /** A line of console output (or of guest stdout/stderr) at one of the levels above. */
    default void log(int level, String message) {}

    /** Wall-clock time, ms since the epoch, for {@code Date.now()} and timers. */
    default double now() {
        return System.currentTimeMillis();
    }

    /** Fills {@code out} with cryptographically strong random bytes. */
    default void fillRandom(byte[] out) {
        Holder.RANDOM.nextBytes(out);
    }

    /**
     * Waits until the guest's next timer is due. The default sleeps; a host with a virtual clock
     * advances it instead.
     */
    default void sleep(double millis) throws InterruptedException {
        long whole = (long) Math.ceil(millis);
        if (whole > 0) {
            Thread.sleep(whole);
        }
    }

    /**
     * A host request from the guest, as a decoded wire value (an object {@code {op: ..., ...}}).
     * Returns the reply value; a thrown {@link JsException} reaches JS as that error, any other
     * exception as an {@code Error} with its message.
     */
    default Object call(Object request) throws Exception {
        throw new UnsupportedOperationException("this isolate has no host services for " + request);
    }

    /** Lazily created, so that hosts that never ask for randomness never seed a SecureRandom. */
    final class Holder {
        static final SecureRandom RANDOM = new SecureRandom();

        private Holder() {}
    }
}
