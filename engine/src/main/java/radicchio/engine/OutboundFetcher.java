package radicchio.engine;

import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;

/**
 * Where a worker's global {@code fetch()} goes when the embedder lets it out: given the request
 * (body fully buffered), answers the response. The engine calls it on the thread running the
 * worker, which waits; it may block, and whatever it throws reaches the worker's {@code fetch()}
 * as a rejected promise ({@code TypeError: fetch failed: <message>}, or the JS error itself for a
 * {@link radicchio.bindings.JsException}).
 *
 * <p>The engine has none unless {@link Engine.Builder#outbound} sets one: without it, top-level
 * workers' {@code fetch()} fails as with {@code globalOutbound: null}.
 */
@FunctionalInterface
public interface OutboundFetcher {
    /**
     * @param worker  the worker (or object, or facet) that called {@code fetch()}, as its console
     *                lines are tagged, e.g. {@code app/AppRunner:1f2e…/app}
     * @param request the request as the worker built it
     */
    WireResponse fetch(String worker, WireRequest request) throws Exception;
}
