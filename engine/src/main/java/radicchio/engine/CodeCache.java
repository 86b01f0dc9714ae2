package radicchio.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import radicchio.bindings.GuestModule;
import radicchio.bindings.HostServices;
import radicchio.bindings.Isolate;
import radicchio.bindings.JsException;
import radicchio.bindings.Limits;
import radicchio.bindings.Snapshot;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.WireWriter;

/**
 * Code snapshots by code id: a worker's modules are evaluated once ({@link Isolate#load}), the
 * isolate frozen ({@link Isolate#snapshot}), and every later isolate of that code (each request
 * isolate, each Durable Object) starts from the snapshot instead of evaluating the code again.
 *
 * <p>The code id is the SHA-256 of the encoded WorkerCode, env included: the bindings are part of
 * what the snapshot holds. At most {@link #MAX_ENTRIES} snapshots are kept (least recently used
 * go first); a dropped one is rebuilt on demand. Failed loads are not cached.
 */
final class CodeCache {
    static final int MAX_ENTRIES = 64;

    private final Limits limits;
    private final Map<String, CompletableFuture<Loaded>> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Loaded>> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    private final java.util.concurrent.atomic.AtomicInteger evaluations = new java.util.concurrent.atomic.AtomicInteger();

    /** How many times code was actually evaluated (cache misses). */
    int evaluations() {
        return evaluations.get();
    }

    CodeCache(Limits limits) {
        this.limits = limits;
    }

    static String codeId(Object workerCode) {
        return Hashing.sha256Hex(WireWriter.encode(workerCode));
    }

    /**
     * The snapshot of {@code workerCode}, loading it if needed; concurrent callers for the same
     * code wait for one load.
     *
     * @param workerName    for messages
     * @param loadServices  host services while the modules' top level runs
     */
    Loaded load(String workerName, Object workerCode, HostServices loadServices) {
        String id = codeId(workerCode);
        CompletableFuture<Loaded> future;
        boolean mine = false;
        synchronized (entries) {
            future = entries.get(id);
            if (future == null) {
                future = new CompletableFuture<>();
                entries.put(id, future);
                mine = true;
            }
        }
        if (mine) {
            try {
                future.complete(evaluate(workerName, workerCode, loadServices));
            } catch (RuntimeException | Error e) {
                synchronized (entries) {
                    entries.remove(id, future);
                }
                future.completeExceptionally(e);
            }
        }
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** A loaded worker: the snapshot to start isolates from, and its main module's exports (name to kind). */
    record Loaded(Snapshot snapshot, Map<String, String> exports) {}

    /** {@code {exports: {name: kind}}} from LOAD, as a map. */
    private static Map<String, String> exportKinds(Object described) {
        Map<String, String> kinds = new LinkedHashMap<>();
        if (described instanceof JsObject o && o.get("exports") instanceof JsObject exports) {
            for (String name : exports.keys()) {
                if (exports.get(name) instanceof String kind) {
                    kinds.put(name, kind);
                }
            }
        }
        return kinds;
    }

    private Loaded evaluate(String workerName, Object workerCode, HostServices loadServices) {
        try (Isolate isolate = Isolate.builder(GuestModule.get().baseSnapshot())
                .withServices(loadServices).withLimits(limits).build()) {
            evaluations.incrementAndGet();
            Object described;
            try {
                described = isolate.load(workerCode);
            } catch (JsException e) {
                throw new WorkerLoadException("Worker \"" + workerName + "\" failed to load: " + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new WorkerLoadException("Worker \"" + workerName + "\" failed to load: " + e.getMessage(), e);
            }
            return new Loaded(isolate.snapshot(), exportKinds(described));
        }
    }
}
