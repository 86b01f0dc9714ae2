package radicchio.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;
import radicchio.engine.supervisor.DurableObjectClass;
import radicchio.engine.supervisor.Worker;

/** A {@link Worker} of a tenant: a dynamic worker's handle and an entrypoint (null: the default). */
final class TenantWorker implements Worker {
    private final TenantRuntime tenant;
    private final String handle;
    private final String entrypoint;

    TenantWorker(TenantRuntime tenant, String handle, String entrypoint) {
        this.tenant = tenant;
        this.handle = handle;
        this.entrypoint = entrypoint;
    }

    @Override
    public String name() {
        return tenant.app().dynamicWorkers().name(handle);
    }

    @Override
    public WireResponse fetch(WireRequest request) throws Exception {
        return JavaCalls.response(run(JavaCalls.fetch(request)), "the worker");
    }

    @Override
    public Object call(String method, Object... args) throws Exception {
        return run(JavaCalls.rpc(method, args));
    }

    private Object run(Map<String, Object> call) throws Exception {
        Map<String, Object> full = new LinkedHashMap<>(call);
        if (entrypoint != null) {
            full.put("entrypoint", entrypoint);
        }
        return tenant.call(() -> tenant.app().dynamicWorkers().call(handle, full));
    }

    @Override
    public Worker entrypoint(String name) {
        return new TenantWorker(tenant, handle, java.util.Objects.requireNonNull(name, "name"));
    }

    @Override
    public DurableObjectClass durableObjectClass(String className) {
        // Checked now, so a wrong name fails here rather than when a facet starts.
        tenant.app().dynamicWorkers().durableObjectClass(handle, className, null, CodeLimits.NONE);
        return new TenantClass(tenant, handle, className);
    }
}
