package radicchio.engine;

import java.util.concurrent.Executor;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;

/**
 * Answers HTTP-shaped requests: an app's main worker, as the HTTP listener and embedders see it.
 * Implementations may block (JS and SQLite run inside), so callers must not call it on an IO thread.
 */
@FunctionalInterface
public interface FetchHandler {
    WireResponse fetch(WireRequest request) throws Exception;

    /**
     * Where a caller that hands requests to other threads (the HTTP listener) should call
     * {@link #fetch}: threads on which it runs without a further thread switch (an app's: the
     * engine's JS pool), or null when any thread will do. Its {@code execute} throws
     * {@code RejectedExecutionException} when the app is overloaded (Undertow then answers 503).
     */
    default Executor executor() {
        return null;
    }
}
