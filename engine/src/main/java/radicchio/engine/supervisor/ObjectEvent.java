package radicchio.engine.supervisor;

/** The body of one event of a {@link SupervisedObject}. */
@FunctionalInterface
public interface ObjectEvent<T> {
    T run(ObjectContext ctx) throws Exception;
}
