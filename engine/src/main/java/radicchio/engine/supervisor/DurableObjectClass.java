package radicchio.engine.supervisor;

/**
 * A Durable Object class of a loaded {@link Worker} ({@link Worker#durableObjectClass}): opaque,
 * usable only to start a facet ({@link Facets#get}), as {@code getDurableObjectClass()} on the
 * platform.
 */
public interface DurableObjectClass {
    /** The exported class's name. */
    String className();
}
