package radicchio.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;
import radicchio.engine.supervisor.DurableObjectClass;
import radicchio.engine.supervisor.ExportOptions;
import radicchio.engine.supervisor.Worker;

/**
 * A {@link Worker} of a tenant: a dynamic worker's handle and an entrypoint (null: the default),
 * with the entrypoint's options ({@code props}: its {@code ctx.props}, null for none; limits
 * lowering the code's for its calls).
 */
final class TenantWorker implements Worker {
    private final TenantRuntime tenant;
    private final String handle;
    private final String entrypoint;
    private final Object props;
    private final CodeLimits limits;

    TenantWorker(TenantRuntime tenant, String handle, String entrypoint) {
        this(tenant, handle, entrypoint, null, CodeLimits.NONE);
    }

    private TenantWorker(TenantRuntime tenant, String handle, String entrypoint, Object props, CodeLimits limits) {
        this.tenant = tenant;
        this.handle = handle;
        this.entrypoint = entrypoint;
        this.props = props;
        this.limits = limits;
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
        if (props != null) {
            full.put("props", props);
        }
        return tenant.call(() -> tenant.app().dynamicWorkers().call(handle, full, limits));
    }

    @Override
    public Worker entrypoint(String name) {
        return entrypoint(name, ExportOptions.NONE);
    }

    @Override
    public Worker entrypoint(String name, ExportOptions options) {
        return new TenantWorker(tenant, handle, Objects.requireNonNull(name, "name"), options.props(), CodeLimits.of(options));
    }

    @Override
    public DurableObjectClass durableObjectClass(String className) {
        return durableObjectClass(className, ExportOptions.NONE);
    }

    @Override
    public DurableObjectClass durableObjectClass(String className, ExportOptions options) {
        // Checked now, so a wrong name fails here rather than when a facet starts.
        tenant.app().dynamicWorkers().durableObjectClass(handle, className, null, CodeLimits.NONE);
        return new TenantClass(tenant, handle, className, options.props(), CodeLimits.of(options));
    }
}
