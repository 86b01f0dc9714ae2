package radicchio.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import radicchio.bindings.GuestException;
import radicchio.bindings.JsException;
import radicchio.bindings.LimitExceededException;
import radicchio.bindings.abi.HostRef;
import radicchio.bindings.abi.JsArray;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.Undefined;
import radicchio.bindings.abi.WireRequest;
import radicchio.engine.storage.StorageBridge;

/**
 * Routes an app's host requests (wasm-guest/README.md, "Host requests") to what serves them:
 *
 * <ul>
 *   <li>{@code objects.idFromName {namespace, name}} → the id (64 hex)</li>
 *   <li>{@code callStub {stub, method, args}} with a stub of kind {@code "object"} (one event on
 *       that Durable Object: {@code fetch} with a Request, or an RPC method) or {@code "entrypoint"}
 *       (a {@code ctx.exports} loopback to one of the app's own entrypoints)</li>
 *   <li>{@code fetch {request}}: the global fetch(), sent to the isolate's {@link Outbound}</li>
 *   <li>{@code objects.abort {reason}}: ctx.abort() of the calling object</li>
 *   <li>{@code storage ...}: the calling object's ctx.storage, served by {@link StorageBridge}</li>
 *   <li>{@code loader.get}, {@code loader.load}, {@code loader.call}: Worker Loader bindings,
 *       served by {@link DynamicWorkers}</li>
 *   <li>{@code facets.running|start|call|abort|delete|clone}: the calling object's ctx.facets
 *       (see wasm-guest/js/objects.js)</li>
 * </ul>
 *
 * {@code fetch}, {@code callStub}, {@code loader.call} and {@code facets.call} are subrequests: each
 * counts against the calling code's {@code limits.subRequests} for the event it is part of.
 *
 * A failure of the callee never fails the caller's isolate: limits and traps of the callee reach
 * the caller as a JS {@code Error} saying what happened.
 */
final class GuestRequests {
    private final RunningApp app;
    private final StorageBridge storage = new StorageBridge();

    GuestRequests(RunningApp app) {
        this.app = app;
    }

    /**
     * @param from the services of the isolate that sent the request: the object it belongs to (or
     *             none, for a main-worker isolate), whether it is only evaluating its modules' top
     *             level (where, as on the platform, only pure operations are allowed), its outbound
     */
    Object handle(GuestRequest request, IsolateServices from) throws Exception {
        LiveObject caller = from.object();
        if (from.loading() && !request.op().equals("objects.idFromName")) {
            throw GuestRequest.jsError("Error", "Disallowed operation called within global scope: I/O, calls to"
                    + " other workers and Durable Objects can only be done while handling a request.");
        }
        switch (request.op()) {
            case "objects.idFromName":
                return app.namespaces().idFromName(request.string("namespace"), request.string("name"));
            case "callStub":
                from.countSubrequest();
                return callStub(request);
            case "fetch":
                from.countSubrequest();
                return fetch(request, from);
            case "objects.abort":
                requireObject(caller, "ctx.abort()").requestAbort(request.string("reason"));
                return Undefined.INSTANCE;
            case "loader.get":
                return app.dynamicWorkers().get(request);
            case "loader.load":
                return app.dynamicWorkers().load(request, from.outbound());
            case "loader.call":
                from.countSubrequest();
                return app.dynamicWorkers().call(request);
            case "facets.running":
                return requireObject(caller, "ctx.facets").runningFacet(request.string("name")) != null;
            case "facets.start": {
                LiveObject parent = requireObject(caller, "ctx.facets");
                String className = request.string("className");
                Object props = request.get("props");
                DynamicWorkers.WorkerClass code = app.dynamicWorkers().durableObjectClass(request.string("worker"), className,
                        props == Undefined.INSTANCE ? null : props, CodeLimits.of(request.get("limits")));
                parent.startFacet(request.string("name"), code, className, facetId(request.get("id")));
                return Undefined.INSTANCE;
            }
            case "facets.call":
                from.countSubrequest();
                return callFacet(requireObject(caller, "ctx.facets"), request);
            case "facets.abort":
                requireObject(caller, "ctx.facets").abortFacet(request.string("name"));
                return Undefined.INSTANCE;
            case "facets.delete":
                requireObject(caller, "ctx.facets").deleteFacet(request.string("name"));
                return Undefined.INSTANCE;
            case "facets.clone":
                requireObject(caller, "ctx.facets").cloneFacet(request.string("source"), request.string("destination"));
                return Undefined.INSTANCE;
            case "storage":
                return storage(requireObject(caller, "ctx.storage"), request);
            default:
                throw GuestRequest.typeError("Unknown host request \"" + request.op() + "\".");
        }
    }

    private static LiveObject requireObject(LiveObject caller, String what) {
        if (caller == null) {
            throw GuestRequest.typeError(what + " is only available in a Durable Object.");
        }
        return caller;
    }

    private Object fetch(GuestRequest request, IsolateServices from) throws Exception {
        if (!(request.get("request") instanceof WireRequest r)) {
            throw GuestRequest.typeError("fetch() needs a Request.");
        }
        app.observer().outbound(from.tag());
        return from.outbound().fetch(from.tag(), r);
    }

    private Object storage(LiveObject object, GuestRequest request) throws Exception {
        Object result = storage.handle(object.store(), request.raw());
        WorkerObserver observer = app.observer();
        if (observer.measuresStorage()) {
            StorageUsage.report(observer, object.tag(), request, result);
        }
        return result;
    }

    /**
     * The {@code id} a facet's getOptions returned, as its {@code ctx.id} will show it: a
     * DurableObjectId of this app (a checked {@code objectId} reference), a string, or null when
     * omitted (the facet then shows its parent's id).
     */
    private HostRef facetIdRef(Object id) {
        return id instanceof HostRef ref && "objectId".equals(ref.kind())
                ? app.namespaces().idRef(app.namespaces().address(ref.id()), ObjectNamespaces.nameIn(ref.id()))
                : null;
    }

    private Object facetId(Object id) {
        if (id == null || id == Undefined.INSTANCE) {
            return null;
        }
        if (id instanceof String s) {
            if (s.isEmpty() || s.length() > GuestRequest.MAX_NAME_CHARS) {
                throw GuestRequest.typeError("A facet's id string must have 1 to " + GuestRequest.MAX_NAME_CHARS + " characters.");
            }
            return s;
        }
        HostRef ref = facetIdRef(id);
        if (ref == null) {
            throw GuestRequest.typeError("A facet's id must be a DurableObjectId or a string.");
        }
        return ref;
    }

    private Object callFacet(LiveObject parent, GuestRequest request) throws Exception {
        String name = request.string("name");
        LiveObject facet = parent.runningFacet(name);
        if (facet == null) {
            throw GuestRequest.jsError("Error", "The facet \"" + name + "\" is not running.");
        }
        return callFacet(facet, name, callOf(request.get("call")));
    }

    /** One event on a running facet; limits and traps of the facet become JS errors. */
    Object callFacet(LiveObject facet, String name, Map<String, Object> call) throws Exception {
        return callee("The facet \"" + name + "\"", () -> app.objects().callFacet(app, facet, call, CallChain.current()));
    }

    /**
     * Runs one event on another object or facet ({@code who} names it in messages): its JS errors
     * reach the caller as they are; its limits and traps, which reset it, become JS errors saying so.
     */
    private static Object callee(String who, CallChain.ThrowingSupplier<Object, Exception> event) throws Exception {
        try {
            return event.get();
        } catch (JsException e) {
            throw e;
        } catch (LimitExceededException e) {
            throw GuestRequest.jsError("Error", who + " was reset: " + e.getMessage() + ".");
        } catch (GuestException e) {
            throw GuestRequest.jsError("Error", who + " failed and was reset: " + e.getMessage());
        }
    }

    /** {@code {type: "fetch", request}} or {@code {type: "call", method, args}}, checked. */
    static Map<String, Object> callOf(Object value) {
        if (!(value instanceof JsObject c) || !(c.get("type") instanceof String type)) {
            throw GuestRequest.typeError("A call must be an object with a type.");
        }
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("type", type);
        switch (type) {
            case "fetch" -> {
                if (!(c.get("request") instanceof WireRequest r)) {
                    throw GuestRequest.typeError("A fetch call needs a Request.");
                }
                call.put("request", r);
            }
            case "call" -> {
                if (!(c.get("method") instanceof String method) || method.length() > GuestRequest.MAX_NAME_CHARS
                        || !(c.get("args") instanceof JsArray args)) {
                    throw GuestRequest.typeError("An RPC call needs a method name and an args array.");
                }
                call.put("method", method);
                call.put("args", args);
            }
            default -> throw GuestRequest.typeError("Unknown call type \"" + type + "\".");
        }
        return call;
    }

    private Object callStub(GuestRequest request) throws Exception {
        if (!(request.get("stub") instanceof HostRef stub)) {
            throw GuestRequest.typeError("callStub: \"stub\" must be a host reference.");
        }
        String method = request.string("method");
        if (!(request.get("args") instanceof JsArray args)) {
            throw GuestRequest.typeError("callStub: \"args\" must be an array.");
        }
        Map<String, Object> call = new LinkedHashMap<>();
        if (method.equals("fetch")) {
            if (args.size() != 1 || !(args.get(0) instanceof WireRequest r)) {
                throw GuestRequest.typeError("fetch() on a stub needs one Request.");
            }
            call.put("type", "fetch");
            call.put("request", r);
        } else {
            call.put("type", "call");
            call.put("method", method);
            call.put("args", args);
        }
        return callRef(stub, call);
    }

    /**
     * Delivers {@code call} (a DISPATCH call value without entrypoint and ctx) to the Fetcher a
     * host reference names: a Durable Object, a {@code ctx.exports} entrypoint of this app, or an
     * entrypoint of one of its dynamic workers.
     */
    Object callRef(HostRef stub, Map<String, Object> call) throws Exception {
        switch (stub.kind()) {
            case "object": {
                ObjectAddress address = app.namespaces().address(stub.id());
                String name = ObjectNamespaces.nameIn(stub.id());
                CallChain chain = CallChain.current();
                chain.reached(address, name);
                return callee("Durable Object " + address, () -> app.objects().call(app, address, call, name, chain));
            }
            case "entrypoint":
                return app.callLoopback(stub.id(), call);
            case "workerEntrypoint":
                return app.dynamicWorkers().callEntrypoint(stub.id(), call);
            default:
                throw GuestRequest.typeError("The binding \"" + stub.kind() + "\" cannot be called here.");
        }
    }

    /**
     * Checks that {@code value} (a {@code globalOutbound} the guest sent) is a Fetcher this app
     * can deliver to, and returns it.
     */
    HostRef checkFetcher(Object value) {
        if (value instanceof HostRef ref) {
            switch (ref.kind()) {
                case "object" -> {
                    app.namespaces().address(ref.id());
                    return ref;
                }
                case "entrypoint" -> {
                    app.loopbackName(ref.id());
                    return ref;
                }
                case "workerEntrypoint" -> {
                    app.dynamicWorkers().checkEntrypoint(ref.id());
                    return ref;
                }
                default -> { }
            }
        }
        throw GuestRequest.typeError("globalOutbound must be null or a Fetcher: a Durable Object stub, an entrypoint of"
                + " ctx.exports, or an entrypoint of a dynamic worker.");
    }
}
