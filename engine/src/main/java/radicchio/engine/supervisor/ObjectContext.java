package radicchio.engine.supervisor;

/**
 * What one event of a {@link SupervisedObject} may use: its storage and its facets. Valid only
 * during that event (afterwards every method throws {@link IllegalStateException}), on any thread.
 */
public interface ObjectContext {
    ObjectStorage storage();

    Facets facets();
}
