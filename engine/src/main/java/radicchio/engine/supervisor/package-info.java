/**
 * A typed, in-process supervisor API for embedders: what a JS supervisor (the seed's
 * {@code AppRunner}) does with {@code env.LOADER} and {@code ctx.facets}, written in Java, plus
 * what only the host can do: see and answer every outbound fetch, count every storage byte, set
 * limits per tenant, receive every console line and the CPU time of every event.
 *
 * <pre>
 *   Tenant tenant = engine.tenant(TenantPolicy.builder("acme")
 *           .cpuPerCall(Duration.ofMillis(50))
 *           .outbound((worker, request) -&gt; myProxy.send(request))
 *           .logs(line -&gt; log.info("[{}] {}", line.worker(), line.message()))
 *           .build());
 *   SupervisedObject runner = tenant.object("AppRunner", "my-app");   // durable, with its own storage
 *   WireResponse response = runner.run(ctx -&gt; ctx.facets()
 *           .get("app", () -&gt; tenant.worker(codeId, () -&gt; code).durableObjectClass("App"))
 *           .fetch(request));
 *   Usage usage = tenant.usage();                                      // CPU ns, storage reads/writes
 * </pre>
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link radicchio.engine.supervisor.Tenant}: one tenant's workers and objects, under one
 *       {@link radicchio.engine.supervisor.TenantPolicy} (limits, outbound, observers).</li>
 *   <li>{@link radicchio.engine.supervisor.WorkerCode}: code to load, as the Worker Loader's
 *       {@code WorkerCode}; {@link radicchio.engine.supervisor.Worker}: a loaded worker
 *       ({@code fetch}, RPC, its entrypoints and Durable Object classes, each optionally with
 *       {@link radicchio.engine.supervisor.ExportOptions}: the {@code ctx.props} its instances
 *       see and limits lowering the code's, as {@code getEntrypoint(name, {props, limits})}).</li>
 *   <li>{@link radicchio.engine.supervisor.SupervisedObject}: a durable object driven from Java;
 *       each {@link radicchio.engine.supervisor.SupervisedObject#run} is one event (one at a
 *       time per object, its writes committed when it returns) with its
 *       {@link radicchio.engine.supervisor.ObjectStorage} and its
 *       {@link radicchio.engine.supervisor.Facets}: Durable Objects of loaded code, each with its
 *       own SQLite database beside the supervisor's.</li>
 *   <li>Observers: {@link radicchio.engine.OutboundFetcher} (the tenant's outbound),
 *       {@link radicchio.engine.supervisor.StorageObserver},
 *       {@link radicchio.engine.supervisor.LogSink}, and {@link radicchio.engine.supervisor.Usage}
 *       counts per worker.</li>
 * </ul>
 *
 * <p>The implementation lives in {@code radicchio.engine} (it drives the engine's objects and
 * isolates directly); this package holds only the public contract.
 */
package radicchio.engine.supervisor;
