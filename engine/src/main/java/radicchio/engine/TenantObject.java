package radicchio.engine;

import radicchio.engine.supervisor.ObjectEvent;
import radicchio.engine.supervisor.SupervisedObject;

/** A {@link SupervisedObject}: a tenant's host object, found (or created) in the registry per event. */
final class TenantObject implements SupervisedObject {
    private final TenantRuntime tenant;
    private final ObjectAddress address;
    private final String name;

    TenantObject(TenantRuntime tenant, ObjectAddress address, String name) {
        this.tenant = tenant;
        this.address = address;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String tag() {
        return LiveObject.rootTag(tenant.app(), address); // as the object's own logs and usage counts name it
    }

    @Override
    public <T> T run(ObjectEvent<T> event) throws Exception {
        RunningApp app = tenant.app();
        return tenant.call(() -> app.objects().runHostEvent(app, address, name, (object, store) -> {
            HostObjectContext ctx = new HostObjectContext(tenant, object, store);
            try {
                return event.run(ctx);
            } finally {
                ctx.end();
            }
        }));
    }
}
