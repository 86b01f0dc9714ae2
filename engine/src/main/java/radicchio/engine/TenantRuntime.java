package radicchio.engine;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import radicchio.bindings.abi.JsObject;
import radicchio.engine.supervisor.SupervisedObject;
import radicchio.engine.supervisor.Tenant;
import radicchio.engine.supervisor.Usage;
import radicchio.engine.supervisor.Worker;
import radicchio.engine.supervisor.WorkerCode;

/**
 * A {@link Tenant}: a host app ({@link RunningApp#startHost}: no main worker) under the tenant's
 * {@link AppPolicy}, whose dynamic workers are loaded from Java ({@link DynamicWorkers}, under
 * the loader name {@link #LOADER}) and whose objects are host objects ({@link LiveObject#host}).
 */
final class TenantRuntime implements Tenant {
    /** The Worker Loader name of a tenant's Java loads (JS loader bindings cannot reach them: the host app declares none). */
    static final String LOADER = "loader";

    private final RunningApp app;
    private final TenantUsage usage;

    TenantRuntime(RunningApp app, TenantUsage usage) {
        this.app = app;
        this.usage = usage;
    }

    RunningApp app() {
        return app;
    }

    @Override
    public String name() {
        return app.name();
    }

    @Override
    public Worker worker(String id, Supplier<WorkerCode> getCode) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(getCode, "getCode");
        String handle = app.dynamicWorkers().handle(LOADER, id);
        if (handle == null) {
            handle = load(id, Objects.requireNonNull(getCode.get(), "getCode returned null"));
        }
        return new TenantWorker(this, handle, null);
    }

    @Override
    public Worker load(WorkerCode code) {
        return new TenantWorker(this, load(null, Objects.requireNonNull(code, "code")), null);
    }

    private String load(String id, WorkerCode code) {
        Outbound outbound = switch (code.outbound().kind()) {
            case INHERIT -> app.outbound();
            case DENIED -> Outbound.DENIED;
            case FETCHER -> Outbound.of(code.outbound().fetcher());
        };
        return call(() -> app.dynamicWorkers().load(LOADER, id, wireCode(code), outbound));
    }

    /** The WorkerCode wire value (wasm-guest/README.md) of {@code code}; the outbound is kept apart. */
    private static JsObject wireCode(WorkerCode code) {
        JsObject modules = new JsObject();
        new TreeMap<>(code.modules()).forEach((name, content) ->
                modules.set(name, content instanceof Map<?, ?> text ? JsObject.of("text", text.get("text")) : content));
        JsObject wire = JsObject.of("mainModule", code.mainModule(), "modules", modules, "env", code.env(),
                "compatibilityFlags", code.compatibilityFlags());
        if (code.compatibilityDate() != null) {
            wire.set("compatibilityDate", code.compatibilityDate());
        }
        JsObject limits = new JsObject();
        if (code.cpuMs() != null) {
            limits.set("cpuMs", code.cpuMs());
        }
        if (code.subRequests() != null) {
            limits.set("subRequests", code.subRequests());
        }
        wire.set("limits", limits);
        return wire;
    }

    @Override
    public SupervisedObject object(String className, String name) {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(name, "name");
        if (className.isEmpty() || className.length() > 128 || name.length() > GuestRequest.MAX_NAME_CHARS) {
            throw new IllegalArgumentException("a class name has 1 to 128 characters, an object name at most "
                    + GuestRequest.MAX_NAME_CHARS);
        }
        ObjectAddress address = new ObjectAddress(className, className, ObjectNamespaces.idOf(app.name(), className, name));
        return new TenantObject(this, address, name);
    }

    @Override
    public Usage usage() {
        return usage.total();
    }

    @Override
    public Map<String, Usage> usageByWorker() {
        return usage.byWorker();
    }

    /** A call from Java into the tenant: refused once the tenant is closing, awaited by its close. */
    <T, E extends Exception> T call(CallChain.ThrowingSupplier<T, E> body) throws E {
        if (!app.enter()) {
            throw new IllegalStateException("the tenant " + app.name() + " is closed");
        }
        try {
            return body.get();
        } finally {
            app.exit();
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
