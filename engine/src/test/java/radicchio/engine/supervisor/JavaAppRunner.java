package radicchio.engine.supervisor;

import java.util.UUID;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;
import radicchio.engine.FetchHandler;

/**
 * The seed's AppRunner (examples/supervisor/worker.js) written against the Java supervisor API:
 * a durable "my-app" object keeps the app's code in its own storage, loads it as a worker by
 * code id, and runs the worker's {@code App} class as its facet "app", which has its own
 * database. Serve it with {@code RadicchioServer.builder(new JavaAppRunner(tenant))}.
 */
public final class JavaAppRunner implements FetchHandler {
    /** The user's app: the same code the JS supervisor loads. */
    static final String APP_CODE = """
            import { DurableObject } from "cloudflare:workers";

            // Simple app that remembers how many times it has been invoked
            // and returns it.
            export class App extends DurableObject {
              fetch(request) {
                let counter = this.ctx.storage.kv.get("counter") || 0;
                ++counter;
                this.ctx.storage.kv.put("counter", counter);

                return new Response("You've made " + counter + " requests.\\n");
              }
            }
            """;

    private final Tenant tenant;

    public JavaAppRunner(Tenant tenant) {
        this.tenant = tenant;
    }

    /** As the seed's default handler: set the code (on every request, as the seed does), then forward. */
    @Override
    public WireResponse fetch(WireRequest request) throws Exception {
        SupervisedObject runner = tenant.object("AppRunner", "my-app");
        setCode(runner, APP_CODE);
        return runner.run(ctx -> ctx.facets()
                .get("app", () -> loadWorker(ctx.storage()).durableObjectClass("App")) // only when "app" is not running
                .fetch(request));
    }

    /** Stores the code under a fresh id: every distinct code needs an id of its own. */
    public void setCode(SupervisedObject runner, String code) throws Exception {
        runner.run(ctx -> {
            ctx.storage().put("codeId", UUID.randomUUID().toString());
            ctx.storage().put("code", code);
            return null;
        });
    }

    private Worker loadWorker(ObjectStorage storage) {
        String codeId = (String) storage.get("codeId");
        return tenant.worker(codeId, () -> WorkerCode.builder("worker.js")
                .module("worker.js", (String) storage.get("code"))
                .compatibilityDate("2026-04-01")
                .outbound(WorkerOutbound.denied()) // block network access
                .build());
    }
}
