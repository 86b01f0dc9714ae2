package radicchio.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.bindings.JsException;
import radicchio.bindings.abi.WireResponse;

/** The main worker: stateless fetch, loading errors, the code cache. */
class WorkerFetchTest {
    @TempDir
    Path dataDir;

    @Test
    void aStatelessWorkerAnswersFetch() throws Exception {
        String js = """
                export default {
                  async fetch(request, env) {
                    const url = new URL(request.url);
                    return new Response("hello " + url.searchParams.get("who") + " " + env.GREETING, {
                      status: 201, headers: {"x-method": request.method}});
                  }
                };
                """;
        AppConfig config = new AppConfig("hello", null, "main.js", Map.of("main.js", js), null, List.of(),
                Map.of(), List.of(), List.of(), Map.of("GREETING", "from vars"));
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(config);
            WireResponse r = app.fetch(TestApps.get("http://localhost/?who=world"));
            assertEquals(201, r.status());
            assertEquals("GET", r.header("x-method"));
            assertEquals("hello world from vars", TestApps.text(r));
        }
    }

    @Test
    void concurrentRequestsAllGetTheirOwnAnswer() throws Exception {
        String js = """
                export default {
                  async fetch(request) {
                    const n = Number(new URL(request.url).searchParams.get("n"));
                    await new Promise((resolve) => setTimeout(resolve, 1));
                    return new Response(String(n * 2));
                  }
                };
                """;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Engine engine = Engine.builder().dataDir(dataDir).threads(4).meterRegistry(registry).build()) {
            App app = engine.start(TestApps.app("doubler", js));
            ExecutorService callers = Executors.newFixedThreadPool(16);
            try {
                List<Future<String>> answers = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    int n = i;
                    answers.add(callers.submit(() -> TestApps.text(app.fetch(TestApps.get("http://x/?n=" + n)))));
                }
                for (int i = 0; i < 200; i++) {
                    assertEquals(String.valueOf(i * 2), answers.get(i).get());
                }
            } finally {
                callers.shutdownNow();
            }
            // Isolates are reused: no more were started than requests ran at once (the 4 pool
            // threads, plus one more thread for each request waiting on its timer, of 16 callers).
            double starts = registry.get("radicchio.isolate.starts").counter().count();
            assertTrue(starts >= 1 && starts <= 16, "isolate starts for 200 requests: " + starts);
            assertTrue(registry.get("radicchio.event.cpu").tag("worker", "doubler").timer().count() >= 200);
        }
    }

    @Test
    void aSyntaxErrorFailsStartWithMessageFileAndLine() {
        String js = "export default {\n  fetch() { return new Response('x') }\n};\nlet = = 3;\n";
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            WorkerLoadException e = assertThrows(WorkerLoadException.class, () -> engine.start(TestApps.app("broken", js)));
            assertTrue(e.getMessage().contains("SyntaxError"), e.getMessage());
            assertTrue(e.getMessage().contains("main.js:4"), e.getMessage());
        }
    }

    @Test
    void aTopLevelThrowFailsStartWithMessageFileAndLine() {
        String js = "const x = 1;\nfunction boom() {\n  throw new RangeError('no config for ' + x);\n}\nboom();\nexport default {};\n";
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            WorkerLoadException e = assertThrows(WorkerLoadException.class, () -> engine.start(TestApps.app("thrower", js)));
            assertTrue(e.getMessage().contains("RangeError: no config for 1"), e.getMessage());
            assertTrue(e.getMessage().contains("main.js:3"), e.getMessage());
        }
    }

    @Test
    void aHandlerExceptionReachesTheCallerAndTheWorkerKeepsAnswering() throws Exception {
        String js = """
                export default {
                  async fetch(request) {
                    if (request.url.endsWith("/bad")) throw new TypeError("bad path");
                    return new Response("ok");
                  }
                };
                """;
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(TestApps.app("partly", js));
            JsException e = assertThrows(JsException.class, () -> app.fetch(TestApps.get("http://x/bad")));
            assertEquals("TypeError", e.name());
            assertEquals("bad path", e.jsMessage());
            assertEquals("ok", TestApps.text(app.fetch(TestApps.get("http://x/good"))));
        }
    }

    @Test
    void identicalCodeIsEvaluatedOnce() throws Exception {
        String js = """
                console.log("evaluating the module");
                globalThis.loads = (globalThis.loads ?? 0) + 1;
                export default { fetch() { return new Response(String(globalThis.loads)); } };
                """;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Engine engine = Engine.builder().dataDir(dataDir).meterRegistry(registry).build()) {
            App first = engine.start(TestApps.app("same", js));
            App second = engine.start(TestApps.app("same", js));
            assertEquals(1, engine.codeCache().evaluations());
            engine.start(TestApps.app("same", js + "\n// changed\n"));
            assertEquals(2, engine.codeCache().evaluations());
            assertEquals("1", TestApps.text(first.fetch(TestApps.get("http://x/"))));
            assertEquals("1", TestApps.text(second.fetch(TestApps.get("http://x/"))));
            first.close();
            assertEquals("1", TestApps.text(second.fetch(TestApps.get("http://x/"))));
        }
    }
}
