package radicchio.engine.supervisor;

/** Says which class a facet that is not running starts with (the platform's {@code getOptions}). */
@FunctionalInterface
public interface FacetStart {
    DurableObjectClass start() throws Exception;
}
