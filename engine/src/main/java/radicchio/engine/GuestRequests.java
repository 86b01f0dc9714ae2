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
 *   <li>{@code callStub {stub, method, args}} with a stub of kind {@code "object"}: one event on
 *       that Durable Object ({@code fetch} with a Request, or an RPC method)</li>
 *   <li>{@code objects.abort {reason}}: ctx.abort() of the calling object</li>
 *   <li>{@code storage ...}: the calling object's ctx.storage, served by {@link StorageBridge}</li>
 *   <li>{@code loader.get}, {@code loader.load}, {@code loader.call}: Worker Loader bindings,
 *       served by {@link DynamicWorkers}</li>
 *   <li>{@code facets.running|start|call|abort|delete|clone}: the calling object's ctx.facets
 *       (see wasm-guest/js/objects.js)</li>
 * </ul>
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
     * @param caller  the object whose isolate sent the request, or null for a main-worker isolate
     * @param loading whether the request comes from a module's top level, where (as on the
     *                platform) only pure operations are allowed
     */
    Object handle(GuestRequest request, LiveObject caller, boolean loading) throws Exception {
        if (loading && !request.op().equals("objects.idFromName")) {
            throw GuestRequest.jsError("Error", "Disallowed operation called within global scope: I/O, calls to"
                    + " other workers and Durable Objects can only be done while handling a request.");
        }
        switch (request.op()) {
            case "objects.idFromName":
                return app.namespaces().idFromName(request.string("namespace"), request.string("name"));
            case "callStub":
                return callStub(request);
            case "objects.abort":
                requireObject(caller, "ctx.abort()").requestAbort(request.string("reason"));
                return Undefined.INSTANCE;
            case "loader.get":
                return app.dynamicWorkers().get(request);
            case "loader.load":
                return app.dynamicWorkers().load(request);
            case "loader.call":
                return app.dynamicWorkers().call(request);
            case "facets.running":
                return requireObject(caller, "ctx.facets").runningFacet(request.string("name")) != null;
            case "facets.start": {
                LiveObject parent = requireObject(caller, "ctx.facets");
                IsolateFactory code = app.dynamicWorkers().durableObjectClass(request.string("worker"), request.string("className"));
                parent.startFacet(request.string("name"), code, request.string("className"));
                return Undefined.INSTANCE;
            }
            case "facets.call":
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
                return storage.handle(requireObject(caller, "ctx.storage").store(), request.raw());
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

    private Object callFacet(LiveObject parent, GuestRequest request) throws Exception {
        String name = request.string("name");
        LiveObject facet = parent.runningFacet(name);
        if (facet == null) {
            throw GuestRequest.jsError("Error", "The facet \"" + name + "\" is not running.");
        }
        Map<String, Object> call = callOf(request.get("call"));
        try {
            return app.objects().callFacet(app, facet, call, CallChain.current());
        } catch (JsException e) {
            throw e;
        } catch (LimitExceededException e) {
            throw GuestRequest.jsError("Error", "The facet \"" + name + "\" was reset: " + e.getMessage() + ".");
        } catch (GuestException e) {
            throw GuestRequest.jsError("Error", "The facet \"" + name + "\" failed and was reset: " + e.getMessage());
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
        if (!"object".equals(stub.kind())) {
            throw GuestRequest.typeError("The binding \"" + stub.kind() + "\" cannot be called here.");
        }
        ObjectAddress address = app.namespaces().address(stub.id());
        Map<String, Object> call = new LinkedHashMap<>();
        if (method.equals("fetch")) {
            if (args.size() != 1 || !(args.get(0) instanceof WireRequest r)) {
                throw GuestRequest.typeError("fetch() on a Durable Object stub needs one Request.");
            }
            call.put("type", "fetch");
            call.put("request", r);
        } else {
            call.put("type", "call");
            call.put("method", method);
            call.put("args", args);
        }
        try {
            return app.objects().call(app, address, call, ObjectNamespaces.nameIn(stub.id()), CallChain.current());
        } catch (JsException e) {
            throw e;
        } catch (LimitExceededException e) {
            throw GuestRequest.jsError("Error", "Durable Object " + address + " was reset: " + e.getMessage() + ".");
        } catch (GuestException e) {
            throw GuestRequest.jsError("Error", "Durable Object " + address + " failed and was reset: " + e.getMessage());
        }
    }
}
