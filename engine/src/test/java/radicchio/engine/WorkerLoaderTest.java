package radicchio.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.bindings.Limits;

/** env.LOADER: dynamic workers loaded from code the main worker supplies. */
class WorkerLoaderTest {
    @TempDir
    Path dataDir;

    private static final String MAIN = """
            import { DurableObject } from "cloudflare:workers";
            export class Counter extends DurableObject {
              async fetch() {
                const n = ((await this.ctx.storage.get("n")) ?? 0) + 1;
                await this.ctx.storage.put("n", n);
                return new Response(String(n));
              }
            }
            let getCodeCalls = 0;
            function code(version) {
              return {
                compatibilityDate: "2025-01-01",
                mainModule: "child.js",
                modules: {
                  "child.js": `
                    import { WorkerEntrypoint } from "cloudflare:workers";
                    import greeting from "./greeting.txt";
                    export default {
                      async fetch(request, env) {
                        const counted = await env.COUNTER.getByName("shared").fetch("http://do/");
                        return new Response(greeting + " v${version} " + env.TAG + " " + await counted.text());
                      }
                    };
                    export class Api extends WorkerEntrypoint {
                      add(a, b) { return a + b + (this.ctx.props.bonus ?? 0); }
                      fail() { throw new TypeError("child says no"); }
                      spin() { for (;;) {} }
                    }
                  `,
                  "greeting.txt": { text: "hi from" },
                },
                env: { TAG: "tagged", COUNTER: this_env.COUNTER },
              };
            }
            let this_env;
            // A dynamic worker (id and object name `name`) whose fetch makes 5 calls to a Durable
            // Object and tells how many passed before an error.
            function subrequestMaker(env, name, limits) {
              return env.LOADER.get(name, () => ({
                mainModule: "calls.js", limits, env: { COUNTER: env.COUNTER },
                modules: { "calls.js": `export default {
                  async fetch(request, env) {
                    let done = 0;
                    try {
                      for (let i = 0; i < 5; i++) { await env.COUNTER.getByName("${name}").fetch("http://do/"); done++; }
                      return new Response("no error after " + done);
                    } catch (e) { return new Response(done + " then " + e.name + ": " + e.message); }
                  }
                }` },
              }));
            }
            export default {
              async fetch(request, env) {
                this_env = env;
                const url = new URL(request.url);
                const worker = env.LOADER.get(url.searchParams.get("id") ?? "w1", () => { getCodeCalls++; return code(url.searchParams.get("v") ?? "1"); });
                switch (url.pathname) {
                  case "/fetch": {
                    const r = await worker.getEntrypoint().fetch("http://child/");
                    return new Response(await r.text() + " getCode=" + getCodeCalls);
                  }
                  case "/add":
                    return new Response(String(await worker.getEntrypoint("Api", { props: { bonus: 100 } }).add(2, 3)));
                  case "/fail":
                    try { await worker.getEntrypoint("Api").fail(); return new Response("no error"); }
                    catch (e) { return new Response(e.name + ": " + e.message); }
                  case "/spin":
                    try { await worker.getEntrypoint("Api").spin(); return new Response("no error"); }
                    catch (e) { return new Response(e.name + ": " + e.message); }
                  case "/ownLimit": {
                    const limited = env.LOADER.load({
                      mainModule: "spin.js", limits: { cpuMs: 50 },
                      modules: { "spin.js": "export default { fetch() { for (;;) {} } }" },
                    });
                    try { await limited.getEntrypoint().fetch("http://x/"); return new Response("no error"); }
                    catch (e) { return new Response(e.name + ": " + e.message); }
                  }
                  case "/subrequests":
                    // limits.subRequests: 3 per event; the child tries 5 calls to a Durable Object.
                    return subrequestMaker(env, "sub", { subRequests: 3 }).getEntrypoint().fetch("http://x/");
                  case "/entrypointSpin":
                    // The entrypoint's limits.cpuMs (50) is below the code's (none) and the engine's.
                    try { await worker.getEntrypoint("Api", { limits: { cpuMs: 50 } }).spin(); return new Response("no error"); }
                    catch (e) { return new Response(e.name + ": " + e.message); }
                  case "/entrypointSubrequests": {
                    // No limit in the code; the entrypoint allows `limit` per event (the lower wins).
                    const options = url.searchParams.has("limit") ? { limits: { subRequests: Number(url.searchParams.get("limit")) } } : undefined;
                    return subrequestMaker(env, "sub2", undefined).getEntrypoint(null, options).fetch("http://x/");
                  }
                  case "/badEntrypointLimits":
                    try { await worker.getEntrypoint("Api", { limits: { subRequests: "many" } }).add(1, 2); return new Response("no error"); }
                    catch (e) { return new Response(e.name + ": " + e.message); }
                  case "/subCount":
                    return env.COUNTER.getByName("sub").fetch("http://do/");
                  case "/badSubrequests":
                    try {
                      await env.LOADER.load({ mainModule: "m.js", limits: { subRequests: -1 }, modules: { "m.js": "export default {}" } })
                        .getEntrypoint().fetch("http://x/");
                      return new Response("no error");
                    } catch (e) { return new Response(e.name + ": " + e.message); }
                  case "/broken":
                    try {
                      await env.LOADER.load({ mainModule: "m.js", modules: { "m.js": "export default {;" } }).getEntrypoint().fetch("http://x/");
                      return new Response("no error");
                    } catch (e) { return new Response(e.name + ": " + e.message); }
                }
                return new Response("?", { status: 404 });
              }
            };
            """;

    private static AppConfig app() {
        return new AppConfig("loaders", null, "main.js", Map.of("main.js", MAIN), "2025-01-01", List.of(),
                Map.of("COUNTER", "Counter"), List.of("Counter"), List.of("LOADER"), Map.of());
    }

    @Test
    void aDynamicWorkerIsLoadedOnceAndServesFetchAndRpc() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(app());
            // getCode runs once per id; the child reaches the parent's Durable Object through its env.
            assertEquals("hi from v1 tagged 1 getCode=1", DurableObjectTest.get(app, "/fetch?id=w1"));
            assertEquals("hi from v1 tagged 2 getCode=1", DurableObjectTest.get(app, "/fetch?id=w1&v=2"));
            assertEquals("hi from v2 tagged 3 getCode=2", DurableObjectTest.get(app, "/fetch?id=w2&v=2"));
            assertEquals("105", DurableObjectTest.get(app, "/add?id=w1"));
            assertEquals("TypeError: child says no", DurableObjectTest.get(app, "/fail?id=w1"));
        }
    }

    @Test
    void loadErrorsAndLimitsOfTheChildReachTheParentAsErrors() throws Exception {
        Limits limits = Limits.DEFAULT.withCpuPerCall(Duration.ofMillis(300));
        try (Engine engine = Engine.builder().dataDir(dataDir).limits(limits).build()) {
            App app = engine.start(app());
            String broken = DurableObjectTest.get(app, "/broken");
            assertTrue(broken.startsWith("SyntaxError: ") && broken.contains("m.js"), broken);
            String spin = DurableObjectTest.get(app, "/spin?id=w3");
            assertTrue(spin.startsWith("Error: ") && spin.contains("CPU time limit"), spin);
            assertEquals("105", DurableObjectTest.get(app, "/add?id=w3"), "the worker answers again");
            // The code's own limits.cpuMs applies when lower than the engine's.
            String own = DurableObjectTest.get(app, "/ownLimit");
            assertTrue(own.contains("CPU time limit (50 ms per call)"), own);
        }
    }

    @Test
    void subrequestsPastTheCodesLimitThrowAndEachEventHasItsOwnBudget() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(app());
            String limited = "3 then Error: Too many subrequests by single Worker invocation.";
            assertEquals(limited, DurableObjectTest.get(app, "/subrequests"));
            assertEquals(limited, DurableObjectTest.get(app, "/subrequests"), "the next event starts from zero");
            // Only the calls within the limit reached the object: 3 per event.
            assertEquals("7", DurableObjectTest.get(app, "/subCount"));
            assertEquals("TypeError: limits.subRequests must be a number, at least 0.", DurableObjectTest.get(app, "/badSubrequests"));
        }
    }

    @Test
    void anEntrypointsLimitsLowerTheCodesForItsCallsOnly() throws Exception {
        Limits limits = Limits.DEFAULT.withCpuPerCall(Duration.ofMillis(300));
        try (Engine engine = Engine.builder().dataDir(dataDir).limits(limits).build()) {
            App app = engine.start(app());
            String spin = DurableObjectTest.get(app, "/entrypointSpin?id=w4");
            assertTrue(spin.startsWith("Error: ") && spin.contains("CPU time limit (50 ms per call)"), spin);
            assertEquals("105", DurableObjectTest.get(app, "/add?id=w4"), "the worker's own isolates keep answering");
            assertEquals("2 then Error: Too many subrequests by single Worker invocation.",
                    DurableObjectTest.get(app, "/entrypointSubrequests?limit=2"));
            assertEquals("no error after 5", DurableObjectTest.get(app, "/entrypointSubrequests"),
                    "the same worker without the option has no limit");
            assertEquals("TypeError: limits.subRequests must be a number, at least 0.",
                    DurableObjectTest.get(app, "/badEntrypointLimits?id=w4"));
        }
    }
}
