package radicchio.engine;

import radicchio.bindings.Limits;

/**
 * What an app's workers may do and who watches them: the limits of every isolate it starts (its
 * dynamic workers' code may only lower them), the outbound its top-level workers' {@code fetch()}
 * goes to, and the observer of their CPU time, logs and storage. An app from {@link Engine#start}
 * gets the engine's limits and outbound and no observer; a tenant's host app gets the tenant's.
 */
record AppPolicy(Limits limits, Outbound outbound, WorkerObserver observer) {
    static AppPolicy of(EngineSettings settings) {
        return new AppPolicy(settings.limits(), Outbound.of(settings.outbound()), WorkerObserver.NONE);
    }
}
