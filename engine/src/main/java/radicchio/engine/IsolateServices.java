package radicchio.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.bindings.GuestException;
import radicchio.bindings.HostServices;

/**
 * The host services of one isolate: its console, and its host requests routed by
 * {@link GuestRequests} on behalf of the object it belongs to ({@code null} for a main-worker
 * isolate).
 */
final class IsolateServices implements HostServices {
    private static final Logger LOG = LoggerFactory.getLogger(IsolateServices.class);

    private final WorkerConsole console;
    private final GuestRequests requests;
    private final LiveObject object;
    private final boolean loading;

    /** @param loading whether this isolate only evaluates the modules' top level (no I/O allowed) */
    IsolateServices(WorkerConsole console, GuestRequests requests, LiveObject object, boolean loading) {
        this.console = console;
        this.requests = requests;
        this.object = object;
        this.loading = loading;
    }

    IsolateServices(WorkerConsole console, GuestRequests requests, LiveObject object) {
        this(console, requests, object, false);
    }

    @Override
    public void log(int level, String message) {
        console.log(level, message);
    }

    @Override
    public Object call(Object request) throws Exception {
        try {
            return requests.handle(GuestRequest.of(request), object, loading);
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
