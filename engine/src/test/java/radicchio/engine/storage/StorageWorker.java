package radicchio.engine.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radicchio.bindings.GuestModule;
import radicchio.bindings.HostServices;
import radicchio.bindings.Isolate;
import radicchio.bindings.JsException;
import radicchio.bindings.Snapshot;
import radicchio.bindings.abi.HostRef;
import radicchio.bindings.abi.JsObject;
import radicchio.storage.ObjectKey;
import radicchio.storage.ObjectStore;
import radicchio.storage.StorageLimits;

/**
  * A Durable Object class from a test resource, running in a real isolate whose storage host
  * requests go through a {@link StorageBridge} to a real {@link ObjectStore}: what the engine does,
  * minus the engine. Each {@link #call} is one event (begin, dispatch, commit), as the engine runs
  * it; a call that throws in JS still commits what it wrote before throwing.
  */
final class StorageWorker implements AutoCloseable {
    private static final Snapshot BASE = GuestModule.get().baseSnapshot();

    final ObjectStore store;
    private final StorageBridge bridge;
    private final String resource;
    private final String className;
    private Isolate isolate;

    private StorageWorker(ObjectStore store, StorageBridge bridge, String resource, String className) {
        this.store = store;
        this.bridge = bridge;
        this.resource = resource;
        this.className = className;
        this.isolate = newIsolate();
    }

    static StorageWorker open(Path dataDir, String resource, String className) {
        return open(dataDir, resource, className, StorageLimits.defaults());
    }

    static StorageWorker open(Path dataDir, String resource, String className, StorageLimits limits) {
        ObjectStore store = ObjectStore.open(dataDir, ObjectKey.of("Test", "0a"), limits, Clock.systemUTC());
        return new StorageWorker(store, new StorageBridge(), resource, className);
    }

    /** Replaces the isolate with a fresh one (same store): nothing cached in JS survives. */
    void restartIsolate() {
        isolate.close();
        isolate = newIsolate();
    }

    private Isolate newIsolate() {
        Isolate fresh = Isolate.builder(BASE).withServices(new HostServices() {
            @Override
            public Object call(Object request) throws Exception {
                if (request instanceof JsObject object && "storage".equals(object.get("op"))) {
                    return bridge.handle(store, request);
                }
                throw new UnsupportedOperationException("no host service for " + request);
            }
        }).build();
        Map<String, Object> modules = new LinkedHashMap<>();
        modules.put("worker.js", source(resource));
        Map<String, Object> code = new LinkedHashMap<>();
        code.put("mainModule", "worker.js");
        code.put("modules", modules);
        code.put("env", new LinkedHashMap<>());
        fresh.load(code);
        return fresh;
    }

    /** Calls {@code method(args)} on the object as one event and returns the decoded result. */
    Object call(String method, Object... args) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("storage", new HostRef("storage", null));
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("type", "call");
        call.put("entrypoint", className);
        call.put("method", method);
        call.put("args", List.of(args));
        call.put("ctx", ctx);
        store.beginEvent();
        Object result;
        try {
            result = isolate.dispatch(call);
        } catch (JsException e) {
            store.commitEvent();
            throw e;
        } catch (RuntimeException e) {
            store.rollbackEvent();
            throw e;
        }
        store.commitEvent();
        return result;
    }

    private static String source(String resource) {
        try (InputStream in = StorageWorker.class.getResourceAsStream("/storage/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource storage/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        isolate.close();
        store.close();
    }
}
