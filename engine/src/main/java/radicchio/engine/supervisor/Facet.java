package radicchio.engine.supervisor;

import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;

/**
 * A running facet, for the event that got it: each call is one event of the facet, committed
 * before it returns. A JS exception of the facet arrives as a {@link radicchio.bindings.JsException};
 * a limit it hit resets it and arrives as a JS {@code Error} naming the limit.
 */
public interface Facet {
    WireResponse fetch(WireRequest request) throws Exception;

    /** An RPC call; arguments and result are wire values, as for {@link Worker#call}. */
    Object call(String method, Object... args) throws Exception;
}
