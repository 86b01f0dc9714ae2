package radicchio.engine;

import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;

/**
 * Answers HTTP-shaped requests: an app's main worker, as the HTTP listener and embedders see it.
 * Implementations may block (JS and SQLite run inside), so callers must not call it on an IO thread.
 */
@FunctionalInterface
public interface FetchHandler {
    WireResponse fetch(WireRequest request) throws Exception;
}
