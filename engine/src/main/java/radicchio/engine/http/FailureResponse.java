package radicchio.engine.http;

import radicchio.bindings.JsException;
import radicchio.bindings.LimitExceededException;
import radicchio.engine.EngineOverloadedException;

/**
 * What the client is told when the app fails: a status and a short plain-text body with the
 * request id (the details, such as the JS stack, go to the log under that id, never to the
 * client). A worker over its CPU or memory limit is a 503 (the platform's "exceeded resources"),
 * an overloaded engine a 503 with Retry-After, anything else a 500.
 */
record FailureResponse(int status, String body, boolean retryLater) {

    static FailureResponse of(Throwable failure, String requestId) {
        LimitExceededException limit = find(failure, LimitExceededException.class);
        if (limit != null) {
            return new FailureResponse(503, limit.getMessage() + ".\nRequest id: " + requestId + "\n", false);
        }
        if (find(failure, EngineOverloadedException.class) != null) {
            return new FailureResponse(503, "The server is overloaded; retry later.\nRequest id: " + requestId + "\n", true);
        }
        return new FailureResponse(500, "The worker threw an exception.\nRequest id: " + requestId + "\n", false);
    }

    static FailureResponse busy(String requestId) {
        return new FailureResponse(503, "Too many requests in flight; retry later.\nRequest id: " + requestId + "\n", true);
    }

    /** What the log says about the failure: the JS error with its stack when there is one. */
    static String describe(Throwable failure) {
        JsException js = find(failure, JsException.class);
        if (js != null) {
            String stack = js.jsStack() == null ? "" : js.jsStack().stripTrailing();
            return js.name() + ": " + js.jsMessage() + (stack.isBlank() ? "" : "\n" + stack);
        }
        return String.valueOf(failure);
    }

    /** Whether the log should also get the Java stack (not for JS errors: theirs is the useful one). */
    static boolean isHostProblem(Throwable failure) {
        return find(failure, JsException.class) == null && find(failure, LimitExceededException.class) == null;
    }

    /** The first throwable of {@code type} in the cause chain (cycles guarded). */
    static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
