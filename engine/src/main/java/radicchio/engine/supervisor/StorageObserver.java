package radicchio.engine.supervisor;

/**
 * Sees every storage request of a tenant's objects and facets (JS {@code ctx.storage} and the
 * supervisor's own {@link ObjectStorage}), after it ran, on the thread that made it: keep it
 * quick and thread-safe. Bytes are the request's (for a write) or the reply's (for a read) wire
 * size: keys, values, SQL text and rows as they crossed the storage boundary.
 */
public interface StorageObserver {
    /** A read of {@code bytes} by {@code worker} (its log tag). */
    default void read(String worker, long bytes) {}

    /** A write of {@code bytes} by {@code worker}. */
    default void write(String worker, long bytes) {}
}
