package radicchio.engine;

/**
 * One logical stack of synchronous calls: a request to a main worker, and the Durable Object
 * events it waits for, and the ones those wait for. An event called from JS runs on a thread of
 * its own (one called from Java outside any isolate may run on its caller's: ObjectEventThreads),
 * but only one event of a chain runs JS at a time: every caller waits for its callee. Object locks are
 * owned by chains, which is what lets {@link ObjectLocks} see a cycle (A → B → A) or a deadlock
 * between two chains.
 *
 * <p>The chain of the code running on a thread is in {@link #current()}; host requests read it to
 * know on whose behalf they call.
 */
final class CallChain {
    /** Calls nested deeper than this fail: each level holds a thread and a lock. */
    static final int MAX_DEPTH = 16;

    private static final ThreadLocal<CallChain> CURRENT = new ThreadLocal<>();

    private final CallChain root;
    private final int depth;
    /** The listener's trace of the request that began the chain; null for other chains. */
    private final RequestTrace trace;
    /**
     * Subrequests made by the event at this level of the chain (each event has its own level).
     * Only the thread running that event's JS counts them.
     */
    private int subrequests;

    private CallChain(CallChain root, int depth, RequestTrace trace) {
        this.root = root == null ? this : root;
        this.depth = depth;
        this.trace = trace;
    }

    /** A new chain (a request entering the engine). */
    static CallChain begin() {
        return new CallChain(null, 0, null);
    }

    /** A new chain for a request the listener traces (null: none). */
    static CallChain begin(RequestTrace trace) {
        return new CallChain(null, 0, trace);
    }

    /** The chain of the code running on this thread, or a new one if none is set. */
    static CallChain current() {
        CallChain c = CURRENT.get();
        return c == null ? begin() : c;
    }

    /** Runs {@code body} with {@code chain} as this thread's current chain. */
    static <T, E extends Exception> T runAs(CallChain chain, ThrowingSupplier<T, E> body) throws E {
        CallChain before = CURRENT.get();
        CURRENT.set(chain);
        try {
            return body.get();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** The same chain one call deeper; throws a JS error past {@link #MAX_DEPTH}. */
    CallChain deeper() {
        if (depth + 1 > MAX_DEPTH) {
            throw GuestRequest.jsError("RangeError", "Durable Object calls are nested more than " + MAX_DEPTH + " deep.");
        }
        return new CallChain(root, depth + 1, trace);
    }

    /** Counts one subrequest of this level's event; past {@code limit}, throws the platform's error. */
    void countSubrequest(int limit) {
        if (subrequests >= limit) {
            throw GuestRequest.jsError("Error", "Too many subrequests by single Worker invocation.");
        }
        subrequests++;
    }

    /** Notes that code of this chain calls the object at {@code address}: the request's trace keeps the first one. */
    void reached(ObjectAddress address, String name) {
        if (trace != null) {
            trace.reached(address, name);
        }
    }

    /** The identity of the whole chain (every level shares it). */
    CallChain root() {
        return root;
    }

    @FunctionalInterface
    interface ThrowingSupplier<T, E extends Exception> {
        T get() throws E;
    }
}
