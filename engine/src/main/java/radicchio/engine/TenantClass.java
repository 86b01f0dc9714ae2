package radicchio.engine;

import radicchio.engine.supervisor.DurableObjectClass;

/**
 * A Durable Object class of a tenant's worker: the worker's handle, the class name, and the
 * options its facets start with ({@code props}: their {@code ctx.props}, null for none; limits
 * lowering the code's).
 */
record TenantClass(TenantRuntime tenant, String handle, String className, Object props, CodeLimits limits)
        implements DurableObjectClass {}
