package radicchio.engine;

import java.util.Map;
import radicchio.bindings.abi.WireReader;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;
import radicchio.bindings.abi.WireWriter;
import radicchio.engine.supervisor.DurableObjectClass;
import radicchio.engine.supervisor.Facet;
import radicchio.engine.supervisor.FacetStart;
import radicchio.engine.supervisor.Facets;
import radicchio.engine.supervisor.ObjectContext;
import radicchio.engine.supervisor.ObjectStorage;
import radicchio.storage.ObjectStore;

/**
 * The {@link ObjectContext} of one Java event of a host object: its storage (counted for the
 * tenant like JS storage) and its facets. Everything checks that the event is still running:
 * a facet is reachable only while its parent holds its lock.
 */
final class HostObjectContext implements ObjectContext, Facets {
    private final TenantRuntime tenant;
    private final LiveObject object;
    private final ObjectStore store;
    private final ObjectStorage storage = new HostStorage();
    private volatile boolean ended;

    HostObjectContext(TenantRuntime tenant, LiveObject object, ObjectStore store) {
        this.tenant = tenant;
        this.object = object;
        this.store = store;
    }

    void end() {
        ended = true;
    }

    private void checkOpen() {
        if (ended) {
            throw new IllegalStateException("this event of " + object.describe() + " has ended");
        }
    }

    @Override
    public ObjectStorage storage() {
        checkOpen();
        return storage;
    }

    @Override
    public Facets facets() {
        checkOpen();
        return this;
    }

    /** The object's KV storage, counted for the tenant as JS storage is. */
    private final class HostStorage implements ObjectStorage {
        @Override
        public Object get(String key) {
            checkOpen();
            byte[] bytes = store.kv().get(key);
            tenant.app().observer().storage(object.tag(), 1, 0, bytes == null ? 0 : bytes.length, 0);
            return bytes == null ? null : WireReader.decode(bytes);
        }

        @Override
        public void put(String key, Object value) {
            checkOpen();
            byte[] bytes = WireWriter.encode(value);
            store.kv().put(key, bytes);
            tenant.app().observer().storage(object.tag(), 0, 1, 0, key.length() + (long) bytes.length);
        }

        @Override
        public boolean delete(String key) {
            checkOpen();
            boolean deleted = store.kv().delete(key);
            tenant.app().observer().storage(object.tag(), 0, 1, 0, key.length());
            return deleted;
        }
    }

    // ---- facets ----

    @Override
    public Facet get(String name, FacetStart start) throws Exception {
        checkOpen();
        LiveObject facet = object.runningFacet(name);
        if (facet == null) {
            DurableObjectClass cls = start.start();
            if (!(cls instanceof TenantClass c) || c.tenant() != tenant) {
                throw new IllegalArgumentException("a facet's class must come from durableObjectClass() of a worker of this tenant");
            }
            DynamicWorkers.WorkerClass code = tenant.app().dynamicWorkers().durableObjectClass(c.handle(), c.className(), c.props(), c.limits());
            facet = object.startFacet(name, code, c.className(), null);
        }
        return new HostFacet(facet, name);
    }

    @Override
    public void abort(String name) {
        checkOpen();
        object.abortFacet(name);
    }

    @Override
    public void delete(String name) {
        checkOpen();
        object.deleteFacet(name);
    }

    /** A facet for the rest of this event. */
    private final class HostFacet implements Facet {
        private final LiveObject facet;
        private final String name;

        HostFacet(LiveObject facet, String name) {
            this.facet = facet;
            this.name = name;
        }

        @Override
        public WireResponse fetch(WireRequest request) throws Exception {
            return JavaCalls.response(send(JavaCalls.fetch(request)), "the facet " + name);
        }

        @Override
        public Object call(String method, Object... args) throws Exception {
            return send(JavaCalls.rpc(method, args));
        }

        private Object send(Map<String, Object> call) throws Exception {
            checkOpen();
            return tenant.app().requests().callFacet(facet, name, call);
        }
    }
}
