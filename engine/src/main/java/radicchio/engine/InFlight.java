package radicchio.engine;

/** Counts requests in flight, so that closing an app can wait for them (up to a deadline). */
final class InFlight {
    private int count;
    private boolean closed;

    /** Registers a request; false once closing has begun. */
    synchronized boolean enter() {
        if (closed) {
            return false;
        }
        count++;
        return true;
    }

    synchronized void exit() {
        if (--count == 0) {
            notifyAll();
        }
    }

    /** Refuses new requests and waits for the current ones; true if they all finished in time. */
    synchronized boolean closeAndAwait(long deadlineNanos) {
        closed = true;
        try {
            while (count > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
