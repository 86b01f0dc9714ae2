package radicchio.engine.supervisor;

import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;

/**
 * A worker loaded into a tenant: its default entrypoint (or a named one) answers {@code fetch}
 * and RPC calls, each in one of its isolates; its exported Durable Object classes can run as
 * facets. Errors of the worker arrive as {@link radicchio.bindings.JsException}s (a limit it hit
 * as a JS {@code Error} naming the limit).
 *
 * <p>A tenant keeps a bounded number of loaded workers; one evicted to make room fails its calls
 * with an error: get it again from {@link Tenant#worker}.
 */
public interface Worker {
    /** The worker's name in logs and usage counts, e.g. {@code acme/loader:code-7}. */
    String name();

    WireResponse fetch(WireRequest request) throws Exception;

    /**
     * {@code await entrypoint.method(...args)}: arguments and result are wire values (String,
     * Number, Boolean, null, List, Map, byte[] and the {@code radicchio.bindings.abi} types).
     */
    Object call(String method, Object... args) throws Exception;

    /** The named {@code WorkerEntrypoint} export (as {@code getEntrypoint(name)}). */
    Worker entrypoint(String name);

    /**
     * The named export with options (as {@code getEntrypoint(name, {props, limits})}): its
     * instances see {@code options.props()} as {@code ctx.props}; its limits lower the code's for
     * its calls only (such a call runs on an isolate of its own).
     */
    Worker entrypoint(String name, ExportOptions options);

    /** The exported Durable Object class {@code className}, to start facets with. */
    DurableObjectClass durableObjectClass(String className);

    /**
     * The class with options (as {@code getDurableObjectClass(name, {props, limits})}): facets
     * started with it see {@code options.props()} as {@code ctx.props}, and its limits lower the
     * code's for their events.
     */
    DurableObjectClass durableObjectClass(String className, ExportOptions options);
}
