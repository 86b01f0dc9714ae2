package radicchio.engine;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.bindings.JsException;
import radicchio.bindings.abi.HostRef;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;

/**
 * Where one worker's global {@code fetch()} goes (the platform's {@code globalOutbound}), fixed
 * when the worker's code is loaded and kept with it: every isolate of that code, and every facet
 * running one of its classes, sends its {@code {op: "fetch"}} host requests here.
 *
 * <ul>
 *   <li>{@link #DENIED}: {@code globalOutbound: null}, and top-level workers of an engine without
 *       an {@link OutboundFetcher}: {@code fetch()} rejects with the platform's message.</li>
 *   <li>{@link #of(OutboundFetcher)}: the embedder's Java fetcher (the engine's, or a tenant's).</li>
 *   <li>{@link #toFetcher}: a JS Fetcher the loading worker named (a Durable Object stub, a
 *       {@code ctx.exports} entrypoint, an entrypoint of another dynamic worker): each request
 *       is delivered to that Fetcher's {@code fetch(request)}.</li>
 * </ul>
 * An omitted {@code globalOutbound} inherits the loading worker's Outbound (see DynamicWorkers).
 */
interface Outbound {
    /** The platform's message, word for word: code written for the platform may match on it. */
    String DENIED_MESSAGE = "This worker is not permitted to access the internet via global functions like fetch()."
            + " It must use capabilities (such as bindings in 'env') to talk to the outside world.";

    /**
     * Sends {@code request} on behalf of {@code worker} (its log tag) and returns the response, or
     * throws the JS error {@code fetch()} rejects with.
     */
    WireResponse fetch(String worker, WireRequest request) throws Exception;

    Outbound DENIED = (worker, request) -> {
        throw GuestRequest.jsError("Error", DENIED_MESSAGE);
    };

    /** The embedder's fetcher; {@link #DENIED} when there is none. */
    static Outbound of(OutboundFetcher fetcher) {
        if (fetcher == null) {
            return DENIED;
        }
        return (worker, request) -> {
            WireResponse response;
            try {
                response = fetcher.fetch(worker, request);
            } catch (JsException | InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Holder.LOG.debug("[{}] outbound fetch of {} failed", worker, request.url(), e);
                throw GuestRequest.typeError("fetch failed: " + e.getMessage());
            }
            if (response == null) {
                throw GuestRequest.typeError("fetch failed: the outbound fetcher gave no response.");
            }
            return response;
        };
    }

    /**
     * A JS Fetcher of {@code app} (a host reference the guest sent as {@code globalOutbound},
     * checked by {@link GuestRequests#checkFetcher} first).
     */
    static Outbound toFetcher(RunningApp app, HostRef fetcher) {
        return (worker, request) -> {
            Object result = app.requests().callRef(fetcher, Map.of("type", "fetch", "request", request));
            if (!(result instanceof WireResponse response)) {
                throw GuestRequest.typeError("The globalOutbound Fetcher did not answer with a Response.");
            }
            return response;
        };
    }

    /** The logger of the lambdas above (an interface has no private static fields). */
    final class Holder {
        static final Logger LOG = LoggerFactory.getLogger(Outbound.class);

        private Holder() {}
    }
}
