package radicchio.engine.supervisor;

/**
 * A supervised object's facets: child Durable Objects running a loaded worker's class, each with
 * its own SQLite database beside the parent's (neither can read the other's). As
 * {@code ctx.facets}: names of at most 256 characters; at most 16 run at once per object (starting
 * one more stops the oldest; its storage stays).
 */
public interface Facets {
    /**
     * The facet {@code name}, started with the class {@code start} gives if it is not running
     * (never started, aborted, or stopped with its idle parent); {@code start} is not called
     * otherwise. The handle is valid during this event only.
     */
    Facet get(String name, FacetStart start) throws Exception;

    /** Stops the facet (its storage stays); an unknown name does nothing. */
    void abort(String name);

    /** Stops the facet and deletes its storage and its descendants'; an unknown name does nothing. */
    void delete(String name);
}
