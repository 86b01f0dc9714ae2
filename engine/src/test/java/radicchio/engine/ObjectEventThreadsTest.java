package radicchio.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.bindings.abi.WireResponse;

/**
 * Where an event runs: on the caller's thread when the caller is Java outside any isolate (the
 * test JVM runs with -Xss16m, so every thread has a guest-sized stack), on a thread of its own
 * when the caller is a host import serving an isolate.
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
    void aHostImportServingAnIsolateHandsTheEventToAnotherThread() throws Exception {
        List<Boolean> ranElsewhere = new CopyOnWriteArrayList<>();
        OutboundFetcher outbound = (worker, request) -> {
            Thread caller = Thread.currentThread();
            Thread ran = threads.run(Thread::currentThread);
            ranElsewhere.add(ran != caller);
            return new WireResponse(200, "", List.of(), null);
        };
        String js = """
                export default {
                  async fetch() {
                    const r = await fetch("http://outside/");
                    return new Response(String(r.status));
                  }
                };
                """;
        try (Engine engine = Engine.builder().dataDir(dataDir).outbound(outbound).build()) {
            App app = engine.start(TestApps.app("caller", js));
            assertEquals("200", TestApps.text(app.fetch(TestApps.get("http://x/"))));
        } finally {
            threads.shutdown(System.nanoTime());
        }
        assertEquals(List.of(true), ranElsewhere);
    }
}
