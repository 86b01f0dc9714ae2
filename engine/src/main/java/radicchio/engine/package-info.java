/**
 * The engine core: apps (a main worker and its Durable Objects) running in this JVM.
 *
 * <h2>Public API</h2>
 * {@link radicchio.engine.Engine} (builder: data folder, limits, hibernation delay, threads,
 * meter registry, live-object cap, outbound), {@link radicchio.engine.App} (a
 * {@link radicchio.engine.FetchHandler}), {@link radicchio.engine.AppConfig},
 * {@link radicchio.engine.WorkerLoadException}, {@link radicchio.engine.EngineOverloadedException},
 * {@link radicchio.engine.OutboundFetcher}; the supervisor API in {@link radicchio.engine.supervisor}.
 *
 * <h2>How a request runs</h2>
 * <ol>
 *   <li>{@code App.fetch} hands the request to the bounded {@code JsThreadPool} and waits (or,
 *       called on a pool thread, as the HTTP listener does through {@code App.executor()}, runs
 *       it there). The main worker runs in a reused isolate started from the code snapshot
 *       ({@code CodeCache}: one evaluation of the modules per distinct code).</li>
 *   <li>A call to a Durable Object ({@code stub.fetch}, RPC) is a host request; the object's event
 *       runs on the caller's own thread, nested in the worker's call (saving two thread switches
 *       per call), or, one level further down (an object calling another), on an
 *       {@code ObjectEventThreads} thread while the caller waits. Either way CPU budgets stay
 *       apart: the isolate watchdog suspends the caller's budget during a nested call, so a
 *       callee's infinite loop never counts against, or interrupts, its caller; and a caller
 *       waiting long for a busy object lends its pool slot ({@code ObjectLocks}).</li>
 *   <li>Events of one object are serialized by its fair lock ({@code LiveObject.lock}); locks
 *       belong to {@code CallChain}s, and {@code ObjectLocks} walks the wait-for graph, so a
 *       cycle (A → B → A) fails with an error instead of deadlocking.</li>
 *   <li>Each event: begin the store's transaction, dispatch into the object's isolate, commit;
 *       release the object, then wait for the fsync that covers the commit (one serves several
 *       events: storage's {@code WalSync}) before the result is returned: the output gate. A JS
 *       exception commits what was written before it; a limit or trap rolls back and drops the
 *       isolate.</li>
 * </ol>
 *
 * <h2>Lifetimes</h2>
 * {@code ObjectRegistry} keeps one {@code LiveObject} per stored object for the whole engine
 * (a reloaded app takes over its predecessor's objects); idle ones hibernate
 * ({@code HibernationSweeper}), and past {@code maxLiveObjects} the least recently used go early.
 * Alarms are delivered by {@code AlarmDelivery} over storage's {@code AlarmScheduler}. Worker
 * Loader bindings are {@code DynamicWorkers}; facets are {@code LiveObject}s with a parent.
 * Host requests from isolates are routed by {@code GuestRequests}; their JS side is
 * wasm-guest/js/objects.js (namespaces, ids, stubs, facets) and loader.js.
 *
 * <h2>Outbound and tenants</h2>
 * Every isolate has an {@code Outbound}, fixed with its code: where its global {@code fetch()}
 * goes (the engine's {@link radicchio.engine.OutboundFetcher}, a JS Fetcher named by
 * {@code globalOutbound}, or denied). {@link radicchio.engine.Engine#tenant} starts a tenant for
 * the Java supervisor API ({@link radicchio.engine.supervisor}): a host app ({@code RunningApp}
 * without a main worker) whose objects are driven from Java ({@code LiveObject.host}) and whose
 * {@code AppPolicy} carries the tenant's limits, outbound and {@code WorkerObserver}
 * ({@code TenantUsage}: usage counts, log sink, storage observer).
 */
package radicchio.engine;
