package radicchio.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.bindings.abi.WireResponse;

/**
 * Where an event runs: on the caller's thread when its stack holds one more guest (Java outside
 * any isolate: the test JVM runs with -Xss16m, one guest's worth; an engine thread serving one
 * isolate: its stack holds two), on a thread of its own when it would be the third guest on the
 * thread's stack.
 */
class ObjectEventThreadsTest {
    @TempDir
    Path dataDir;

    private final ObjectEventThreads threads = new ObjectEventThreads();

    @Test
    void javaOutsideAnIsolateRunsTheEventItself() throws Exception {
        assertSame(Thread.currentThread(), threads.run(Thread::currentThread));
    }

    @Test
    void aWorkersCallRunsOnItsThreadAndAnObjectsCallOneLevelDownOnAnother() throws Exception {
        Map<String, Boolean> ranOnCallersThread = new ConcurrentHashMap<>();
        OutboundFetcher outbound = (worker, request) -> {
            Thread caller = Thread.currentThread();
            Thread ran = threads.run(Thread::currentThread); // as the engine runs an object's event
            ranOnCallersThread.put(request.url(), ran == caller);
            return new WireResponse(200, "", List.of(), null);
        };
        String js = """
                import { DurableObject } from "cloudflare:workers";
                export class Probe extends DurableObject {
                  async ping() {
                    return (await fetch("http://outside/from-object")).status;
                  }
                }
                export default {
                  async fetch(request, env) {
                    const fromWorker = (await fetch("http://outside/from-worker")).status;
                    return new Response(fromWorker + " " + await env.PROBE.getByName("p").ping());
                  }
                };
                """;
        try (Engine engine = Engine.builder().dataDir(dataDir).outbound(outbound).build()) {
            App app = engine.start(TestApps.app("caller", js, Map.of("PROBE", "Probe")));
            assertEquals("200 200", TestApps.text(app.fetch(TestApps.get("http://x/"))));
        } finally {
            threads.shutdown(System.nanoTime());
        }
        // The worker runs on an engine thread (one guest on its stack); the object, called from
        // the worker, on the same thread (two guests).
        assertEquals(Map.of("http://outside/from-worker", true, "http://outside/from-object", false), ranOnCallersThread);
    }
}
