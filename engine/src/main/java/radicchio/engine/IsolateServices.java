package radicchio.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.bindings.GuestException;
import radicchio.bindings.HostServices;

/**
 * The host services of one isolate: its console, its outbound ({@code fetch()}), and its host
 * requests routed by {@link GuestRequests} on behalf of the object it belongs to ({@code null}
 * for a main-worker or dynamic-worker isolate).
 */
final class IsolateServices implements HostServices {
    private static final Logger LOG = LoggerFactory.getLogger(IsolateServices.class);

    private final WorkerConsole console;
    private final GuestRequests requests;
    private final LiveObject object;
    private final boolean loading;
    private final Outbound outbound;
    private final int subrequestLimit;

    /**
     * @param loading whether this isolate only evaluates the modules' top level (no I/O allowed)
     * @param subrequestLimit the code's {@code limits.subRequests} ({@link IsolateFactory#UNLIMITED} for none)
     */
    IsolateServices(WorkerConsole console, GuestRequests requests, LiveObject object, boolean loading, Outbound outbound,
            int subrequestLimit) {
        this.console = console;
        this.requests = requests;
        this.object = object;
        this.loading = loading;
        this.outbound = outbound;
        this.subrequestLimit = subrequestLimit;
    }

    /** The object whose isolate this is, or null. */
    LiveObject object() {
        return object;
    }

    boolean loading() {
        return loading;
    }

    Outbound outbound() {
        return outbound;
    }

    /**
     * Counts one subrequest (a {@code fetch()}, or a call to another worker, object or facet) of
     * the event this isolate is running, and throws the platform's error past the code's limit.
     */
    void countSubrequest() {
        CallChain.current().countSubrequest(subrequestLimit);
    }

    /** The worker's log tag (also its name in usage counts and for outbound fetchers). */
    String tag() {
        return console.tag();
    }

    /** Waiting for a timer uses no CPU: it does not hold one of the engine's JavaScript threads. */
    @Override
    public void sleep(double millis) throws InterruptedException {
        JsThreadPool.whileWaiting(() -> {
            HostServices.super.sleep(millis);
            return null;
        });
    }

    @Override
    public void log(int level, String message) {
        console.log(level, message);
    }

    @Override
    public Object call(Object request) throws Exception {
        try {
            return requests.handle(GuestRequest.of(request), this);
        } catch (GuestException | InterruptedException e) {
            throw e;
        } catch (RuntimeException e) {
            // Not an error the guest caused on purpose: a host bug or failure. JS gets its message;
            // the log gets the stack.
            LOG.warn("[{}] host request failed", console.tag(), e);
            throw e;
        }
    }
}
