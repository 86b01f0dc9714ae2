package radicchio.engine;

/**
 * What one incoming request touched, for its access-log line: the first Durable Object its worker
 * called. The listener {@link #start}s a trace on the thread that calls the app; the engine
 * carries it along the request's {@link CallChain} to wherever the worker's calls run.
 */
public final class RequestTrace {
    private static final ThreadLocal<RequestTrace> CURRENT = new ThreadLocal<>();
    /** Object names come from the request's URL or body: a log line shows at most this much. */
    private static final int MAX_NAME_CHARS = 80;

    private volatile String object;

    private RequestTrace() {}

    /** A new trace, current on this thread until {@link #finish}. */
    public static RequestTrace start() {
        RequestTrace trace = new RequestTrace();
        CURRENT.set(trace);
        return trace;
    }

    /** Stops being this thread's current trace (what it recorded stays readable). */
    public void finish() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }

    /** This thread's trace, or null when no listener started one (an embedder's direct call). */
    static RequestTrace current() {
        return CURRENT.get();
    }

    /** The first Durable Object the request's worker called ({@code Class/name}, or {@code Class/<id prefix>}), or null. */
    public String object() {
        return object;
    }

    /** Records {@code address} (reached by {@code name}, null for an id) unless an object is already recorded. */
    void reached(ObjectAddress address, String name) {
        if (object == null) {
            object = address.className() + "/" + (name != null ? printable(name) : address.idHex().substring(0, 16));
        }
    }

    /** The name as a log line may show it: no control characters or spaces, and capped. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), MAX_NAME_CHARS + 1));
        for (int i = 0; i < name.length() && out.length() < MAX_NAME_CHARS; i++) {
            char c = name.charAt(i);
            out.append(c <= 0x20 || c == 0x7f || Character.isISOControl(c) ? '?' : c);
        }
        if (name.length() > MAX_NAME_CHARS) {
            out.append('…');
        }
        return out.toString();
    }
}
