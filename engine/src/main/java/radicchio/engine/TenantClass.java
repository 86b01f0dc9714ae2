package radicchio.engine;

import radicchio.engine.supervisor.DurableObjectClass;

/** A Durable Object class of a tenant's worker: the worker's handle and the class name. */
record TenantClass(TenantRuntime tenant, String handle, String className) implements DurableObjectClass {}
