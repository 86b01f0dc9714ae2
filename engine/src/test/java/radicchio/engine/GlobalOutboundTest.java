package radicchio.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.bindings.abi.Header;
import radicchio.bindings.abi.WireResponse;

/** globalOutbound in its three forms, the engine's own outbound, and ctx.exports loopbacks. */
class GlobalOutboundTest {
    private static final String DENIED = "Error: This worker is not permitted to access the internet via global functions"
            + " like fetch(). It must use capabilities (such as bindings in 'env') to talk to the outside world.";
    private static final String TARGET = "https://example.com/data?q=1";

    @TempDir
    Path dataDir;

    /** What the Java outbound saw: "worker url". */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private final OutboundFetcher javaOutbound = (worker, request) -> {
        seen.add(worker + " " + request.url());
        return new WireResponse(200, "OK", List.of(new Header("content-type", "text/plain")),
                ("java saw " + request.method() + " " + request.url() + " x-probe=" + request.header("x-probe"))
                        .getBytes(StandardCharsets.UTF_8));
    };

    private static AppConfig app() {
        try (InputStream in = GlobalOutboundTest.class.getResourceAsStream("outbound.js")) {
            String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new AppConfig("outbound", null, "main.js", Map.of("main.js", js), "2026-04-01", List.of(), Map.of(),
                    List.of("Recorder", "Host"), List.of("LOADER"), Map.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Engine engineWithOutbound() {
        return Engine.builder().dataDir(dataDir).outbound(javaOutbound).build();
    }

    @Test
    void withoutAnOutboundTheEngineDeniesTopLevelFetchWithThePlatformsMessage() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(app());
            assertEquals(DENIED, DurableObjectTest.get(app, "/own"));
            assertEquals(DENIED, DurableObjectTest.get(app, "/omitted"), "an omitted globalOutbound inherits the denial");
        }
    }

    @Test
    void theEmbeddersOutboundAnswersTopLevelFetch() throws Exception {
        try (Engine engine = engineWithOutbound()) {
            assertEquals("200 java saw GET " + TARGET + " x-probe=null", DurableObjectTest.get(engine.start(app()), "/own"));
            assertEquals(List.of("outbound " + TARGET), seen);
        }
    }

    @Test
    void nullDeniesFetchEvenWhenTheParentMayFetch() throws Exception {
        try (Engine engine = engineWithOutbound()) {
            assertEquals(DENIED, DurableObjectTest.get(engine.start(app()), "/null"));
            assertTrue(seen.isEmpty(), seen.toString());
        }
    }

    @Test
    void anOmittedOutboundInheritsTheParents() throws Exception {
        try (Engine engine = engineWithOutbound()) {
            assertEquals("200 java saw GET " + TARGET + " x-probe=1", DurableObjectTest.get(engine.start(app()), "/omitted"));
            assertEquals(List.of("outbound/LOADER:omitted " + TARGET), seen, "tagged with the child that fetched");
        }
    }

    @Test
    void aFetcherReceivesEveryFetchOfTheWorker() throws Exception {
        try (Engine engine = engineWithOutbound()) {
            App app = engine.start(app());
            assertEquals("200 gateway saw GET " + TARGET + " x-probe=1", DurableObjectTest.get(app, "/exports"));
            assertEquals("200 gateway[t1] saw GET " + TARGET + " x-probe=1", DurableObjectTest.get(app, "/exportsProps"));
            assertEquals("203 recorder#1 saw " + TARGET, DurableObjectTest.get(app, "/object"));
            assertEquals("203 recorder#2 saw " + TARGET, DurableObjectTest.get(app, "/object"), "a Durable Object, with its storage");
            assertEquals("200 dynamic gateway saw " + TARGET, DurableObjectTest.get(app, "/dynamic"));
            assertTrue(seen.isEmpty(), "nothing reached the Java outbound: " + seen);
        }
    }

    @Test
    void anythingElseIsRefusedWhenTheCodeLoads() throws Exception {
        try (Engine engine = engineWithOutbound()) {
            String bogus = DurableObjectTest.get(engine.start(app()), "/bogus");
            assertTrue(bogus.startsWith("TypeError: globalOutbound must be null or a Fetcher"), bogus);
        }
    }

    @Test
    void aFacetUsesTheOutboundOfTheWorkerItsClassCameFrom() throws Exception {
        try (Engine engine = engineWithOutbound()) {
            App app = engine.start(app());
            assertEquals(DENIED, DurableObjectTest.get(app, "/facetNull"));
            assertEquals("200 java saw GET " + TARGET + " x-probe=1", DurableObjectTest.get(app, "/facetOmitted"));
            assertEquals(1, seen.size());
            assertTrue(seen.get(0).matches("outbound/Host:[0-9a-f]{16}/inherits " + java.util.regex.Pattern.quote(TARGET)), seen.get(0));
        }
    }

    @Test
    void ctxExportsGivesALoopbackToTheWorkersEntrypoints() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            assertEquals("5", DurableObjectTest.get(engine.start(app()), "/loopbackRpc"));
        }
    }
}
