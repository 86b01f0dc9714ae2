package radicchio.engine;

import java.util.Arrays;
import java.util.Map;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;

/** The DISPATCH call values the Java supervisor API sends (fetch and RPC), and the check of a fetch's answer. */
final class JavaCalls {
    private JavaCalls() {}

    static Map<String, Object> fetch(WireRequest request) {
        return Map.of("type", "fetch", "request", request);
    }

    static Map<String, Object> rpc(String method, Object... args) {
        return Map.of("type", "call", "method", method, "args", Arrays.asList(args));
    }

    /** {@code result} as a Response; {@code who} names the callee in the error otherwise. */
    static WireResponse response(Object result, String who) {
        if (!(result instanceof WireResponse response)) {
            throw new IllegalStateException(who + " answered with something other than a Response");
        }
        return response;
    }
}
