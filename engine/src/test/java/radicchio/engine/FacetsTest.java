package radicchio.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.bindings.Limits;
import radicchio.engine.http.Examples;

/** ctx.facets with classes of dynamic workers, and the seed's AppRunner example. */
class FacetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private static String resource(String name) {
        try (InputStream in = FacetsTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Like the seed's wrangler.jsonc: no bindings, the class reached through ctx.exports. */
    private static AppConfig app(String file, String durableObjectClass) {
        return appOf(resource(file), durableObjectClass);
    }

    private static AppConfig appOf(String source, String durableObjectClass) {
        return new AppConfig("facets", null, "worker.js", Map.of("worker.js", source), "2026-04-01", List.of(),
                Map.of(), List.of(durableObjectClass), List.of("LOADER"), Map.of());
    }

    /** The seed's worker.js, as examples/supervisor holds it verbatim. */
    private static AppConfig seedApp() throws IOException {
        return appOf(Files.readString(Examples.dir("supervisor").resolve("worker.js")), "AppRunner");
    }

    @Test
    void theSeedsAppRunnerRunsItsAppAsAFacetAndKeepsItsCount() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(seedApp());
            assertEquals("You've made 1 requests.\n", DurableObjectTest.get(app, "/"));
            assertEquals("You've made 2 requests.\n", DurableObjectTest.get(app, "/"));
        }
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(seedApp());
            assertEquals("You've made 3 requests.\n", DurableObjectTest.get(app, "/"));
        }
        // One object, two databases: the runner's and, under facets/, the app's.
        try (Stream<Path> files = Files.walk(dataDir.resolve("AppRunner"))) {
            assertEquals(2, files.filter(p -> p.getFileName().toString().equals("object.sqlite")).count());
        }
    }

    @Test
    void aFacetHasItsOwnStorageAndSurvivesAbortButNotDelete() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(app("facets.js", "Supervisor"));
            JsonNode first = JSON.readTree(DurableObjectTest.get(app, "/hit"));
            assertEquals(1, first.get("stored").asInt());
            assertEquals(1, first.get("seen").asInt());
            assertEquals(1, first.get("starts").asInt());
            assertEquals("child-env", first.get("tag").asText());
            JsonNode second = JSON.readTree(DurableObjectTest.get(app, "/hit"));
            assertEquals(2, second.get("stored").asInt());
            assertEquals(2, second.get("seen").asInt(), "the same facet instance");
            assertEquals(1, second.get("starts").asInt(), "getOptions runs only to start the facet");
            // The facet cannot see the parent's storage.
            assertEquals("not visible", DurableObjectTest.get(app, "/readParent"));
            // Another facet name: separate storage.
            assertEquals(1, JSON.readTree(DurableObjectTest.get(app, "/hit?facet=g")).get("stored").asInt());

            assertEquals("ok", DurableObjectTest.get(app, "/abort"));
            JsonNode afterAbort = JSON.readTree(DurableObjectTest.get(app, "/hit"));
            assertEquals(3, afterAbort.get("stored").asInt(), "abort keeps storage");
            assertEquals(1, afterAbort.get("seen").asInt(), "abort replaced the instance");
            assertEquals(3, afterAbort.get("starts").asInt());

            // A stub obtained before an abort throws the abort's reason.
            assertEquals("RangeError: facet stopped", DurableObjectTest.get(app, "/staleStub"));

            assertEquals("ok", DurableObjectTest.get(app, "/delete"));
            assertEquals(1, JSON.readTree(DurableObjectTest.get(app, "/hit")).get("stored").asInt(), "delete drops storage");
            assertEquals(2, JSON.readTree(DurableObjectTest.get(app, "/hit?facet=g")).get("stored").asInt(), "other facets stay");
        }
    }

    @Test
    void neitherTheParentNorTheFacetReadsTheOthersStorage() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(app("facets.js", "Supervisor"));
            assertEquals(1, JSON.readTree(DurableObjectTest.get(app, "/hit")).get("stored").asInt()); // both wrote
            assertEquals("not visible", DurableObjectTest.get(app, "/readParent"), "the facet cannot read the parent's key");
            assertEquals("not visible", DurableObjectTest.get(app, "/readFacetData"), "the parent cannot read the facet's key");
        }
    }

    @Test
    void aFacetsCtxIdIsItsParentsUnlessGetOptionsGivesOne() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(app("facets.js", "Supervisor"));
            JsonNode inherited = JSON.readTree(DurableObjectTest.get(app, "/who?facet=plain"));
            assertEquals("id " + inherited.get("parent").asText(), inherited.get("facet").asText());
            assertTrue(inherited.get("parent").asText().endsWith(" s"), "the parent's name comes along: " + inherited);
            JsonNode string = JSON.readTree(DurableObjectTest.get(app, "/who?facet=str&kind=string"));
            assertEquals("string custom-id", string.get("facet").asText());
            JsonNode object = JSON.readTree(DurableObjectTest.get(app, "/who?facet=obj&kind=object"));
            String facetId = object.get("facet").asText();
            assertTrue(facetId.matches("id [0-9a-f]{64} other"), facetId);
            assertTrue(!facetId.equals("id " + object.get("parent").asText()), "its own id, not the parent's");
        }
    }

    @Test
    void aFacetOverItsCpuLimitIsResetAndItsParentKeepsAnswering() throws Exception {
        Limits limits = Limits.DEFAULT.withCpuPerCall(Duration.ofMillis(300));
        try (Engine engine = Engine.builder().dataDir(dataDir).limits(limits).build()) {
            App app = engine.start(app("facets.js", "Supervisor"));
            assertEquals(1, JSON.readTree(DurableObjectTest.get(app, "/hit")).get("stored").asInt());
            String spin = DurableObjectTest.get(app, "/spin");
            assertTrue(spin.startsWith("Error: ") && spin.contains("CPU time limit"), spin);
            JsonNode after = JSON.readTree(DurableObjectTest.get(app, "/hit"));
            assertEquals(2, after.get("stored").asInt());
            assertEquals(1, after.get("seen").asInt(), "a fresh facet instance");
        }
    }

    @Test
    void getDurableObjectClassOptionsGiveTheFacetItsPropsAndLowerItsLimits() throws Exception {
        Limits limits = Limits.DEFAULT.withCpuPerCall(Duration.ofMillis(300));
        try (Engine engine = Engine.builder().dataDir(dataDir).limits(limits).build()) {
            App app = engine.start(app("facets.js", "Supervisor"));
            assertEquals("{\"plan\":\"pro\",\"seats\":3}", DurableObjectTest.get(app, "/props?facet=p"));
            assertEquals("{}", DurableObjectTest.get(app, "/noProps?facet=n"));
            // The class's cpuMs (50) is below the engine's (300): the lower one stops the facet.
            String spin = DurableObjectTest.get(app, "/limitedSpin?facet=l");
            assertTrue(spin.startsWith("Error: ") && spin.contains("CPU time limit (50 ms per call)"), spin);
            assertEquals("TypeError: limits.cpuMs must be a number of milliseconds, at least 1.",
                    DurableObjectTest.get(app, "/badLimits?facet=b"));
        }
    }
}
