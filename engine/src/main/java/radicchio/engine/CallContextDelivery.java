package radicchio.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import radicchio.bindings.Isolate;

/**
 * Sends a worker's extra {@code ctx} bindings ({@code ctx.exports}; a Durable Object's id,
 * storage, facets...) to each of its isolates once, with the first call: the guest keeps them for
 * the isolate's later calls (wasm-guest/js/dispatch.js). They do not change between calls, and
 * decoding them on every call cost the guest as much as the rest of a small call.
 */
final class CallContextDelivery {
    /** Isolates that have the bindings (weak: an isolate dropped by its pool just goes). */
    private final Set<Isolate> delivered = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    /** {@code call}, with {@code ctx} added under "ctx" when {@code isolate} has not had it yet. */
    Map<String, Object> call(Isolate isolate, Map<String, Object> call, Supplier<Object> ctx) {
        if (!delivered.add(isolate)) {
            return call;
        }
        Map<String, Object> full = new LinkedHashMap<>(call);
        full.put("ctx", ctx.get());
        return full;
    }
}
