package radicchio.engine.supervisor;

import java.util.Map;
import java.util.function.Supplier;

/**
 * One tenant of an engine ({@code engine.tenant(policy)}): the code it loads and the durable
 * objects it drives, all under its {@link TenantPolicy}. Thread-safe. Closing it (or the engine)
 * lets calls in flight finish, commits and closes its objects' databases.
 */
public interface Tenant extends AutoCloseable {
    String name();

    /**
     * The worker loaded under {@code id}, loading it with {@code getCode} if this tenant has none
     * (as {@code env.LOADER.get(id, getCode)}: use a new id whenever the code changes). Identical
     * code is evaluated once per engine, whatever the id.
     *
     * @throws radicchio.bindings.JsException when the code does not load (syntax error, a throw at
     *                                        the top level, a missing module)
     */
    Worker worker(String id, Supplier<WorkerCode> getCode);

    /** A new worker of {@code code}, not cached (as {@code env.LOADER.load(code)}). */
    Worker load(WorkerCode code);

    /**
     * The durable object {@code name} of class {@code className}: its storage lives in the
     * engine's data folder under {@code <className>/<id>/}, its id derived from the tenant's name,
     * the class and the name, so it is found again after a restart. Nothing is opened until its
     * first event.
     */
    SupervisedObject object(String className, String name);

    /** The sum of {@link #usageByWorker()}. */
    Usage usage();

    /** Usage per worker, object and facet, by their log tags. */
    Map<String, Usage> usageByWorker();

    @Override
    void close();
}
