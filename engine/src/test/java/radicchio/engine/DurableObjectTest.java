package radicchio.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.bindings.Limits;
import radicchio.bindings.abi.WireResponse;

/** Durable Objects through a main worker: real isolates, real SQLite files. */
class DurableObjectTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private final ExecutorService callers = Executors.newFixedThreadPool(32);

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    static AppConfig counterApp() {
        try (InputStream in = DurableObjectTest.class.getResourceAsStream("counter.js")) {
            String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return TestApps.app("counters", js, Map.of("COUNTER", "Counter"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String get(App app, String pathAndQuery) throws Exception {
        WireResponse r = app.fetch(TestApps.get("http://app" + pathAndQuery));
        return TestApps.text(r);
    }

    @Test
    void aThousandConcurrentIncrementsOfOneObjectEndAtExactlyAThousand() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).threads(8).build()) {
            App app = engine.start(counterApp());
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                answers.add(callers.submit(() -> get(app, "/inc?name=x")));
            }
            Set<Integer> seen = new HashSet<>();
            for (Future<String> f : answers) {
                seen.add(Integer.parseInt(f.get()));
            }
            // Every event saw a distinct count: none was lost or run concurrently with another.
            assertEquals(1000, seen.size());
            assertTrue(seen.contains(1) && seen.contains(1000));
            assertEquals("1000", get(app, "/count?name=x"));
        }
    }

    @Test
    void aHundredObjectsInParallelKeepSeparateCounts() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).threads(8).build()) {
            App app = engine.start(counterApp());
            List<Future<String>> answers = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 100; i++) {
                    int n = i;
                    answers.add(callers.submit(() -> get(app, "/inc?name=obj" + n)));
                }
            }
            for (Future<String> f : answers) {
                f.get();
            }
            for (int i = 0; i < 100; i++) {
                assertEquals("2", get(app, "/count?name=obj" + i), "object " + i);
            }
            // One database per object, in <dataDir>/<class>/<id>/.
            try (var dirs = Files.list(dataDir.resolve("Counter"))) {
                assertEquals(100, dirs.count());
            }
        }
    }

    @Test
    void aRestartOnTheSameDataFolderContinuesTheCount() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(counterApp());
            for (int i = 1; i <= 3; i++) {
                assertEquals(String.valueOf(i), get(app, "/inc?name=persist"));
            }
        }
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(counterApp());
            assertEquals("4", get(app, "/inc?name=persist"));
            assertEquals("1", get(app, "/inc?name=other"));
        }
    }

    @Test
    void aNewVersionOfTheAppTakesOverItsObjects() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App oldVersion = engine.start(counterApp());
            assertEquals("1", get(oldVersion, "/inc?name=shared"));
            App newVersion = engine.start(counterApp()); // as dev mode does on reload: start, swap, close
            assertEquals("2", get(newVersion, "/inc?name=shared"));
            assertEquals("3", get(oldVersion, "/inc?name=shared"));
            oldVersion.close();
            assertEquals("4", get(newVersion, "/inc?name=shared"));
            assertEquals("1", get(newVersion, "/memory?name=shared"), "the new version's own instance");
        }
    }

    @Test
    void closingTheEngineLetsInFlightEventsFinishAndCommit() throws Exception {
        Future<String> slow;
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(counterApp());
            assertEquals("1", get(app, "/inc?name=slow")); // warm: the object is live
            slow = callers.submit(() -> get(app, "/slowInc?name=slow&ms=500"));
            Thread.sleep(150); // the slow event is waiting on its timer
        }
        assertEquals("2", slow.get(), "the in-flight request completed");
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            assertEquals("2", get(engine.start(counterApp()), "/count?name=slow"), "and its write was committed");
        }
    }

    @Test
    void idsAreStableAndCarryTheName() throws Exception {
        String first;
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            first = get(engine.start(counterApp()), "/who?name=alice");
        }
        String second;
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            second = get(engine.start(counterApp()), "/who?name=alice");
        }
        JsonNode who = JSON.readTree(first);
        assertTrue(who.get("id").asText().matches("[0-9a-f]{64}"), first);
        assertEquals("alice", who.get("name").asText());
        assertEquals("alice", who.get("stubName").asText());
        assertTrue(who.get("matches").asBoolean(), first);
        assertEquals(first, second);
        assertTrue(Files.isDirectory(dataDir.resolve("Counter").resolve(who.get("id").asText())));
    }

    @Test
    void hibernationDropsTheIsolateAndKeepsStorage() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Engine engine = Engine.builder().dataDir(dataDir).hibernateAfter(Duration.ofMillis(200))
                .meterRegistry(registry).build()) {
            App app = engine.start(counterApp());
            get(app, "/inc?name=sleepy");
            get(app, "/inc?name=sleepy");
            assertEquals("2", get(app, "/memory?name=sleepy"), "one instance saw both events");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            ObjectRegistry objects = ((RunningApp) app).objects();
            while (objects.liveCount() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, objects.liveCount(), "the idle object hibernated");
            assertTrue(registry.get("radicchio.objects.hibernations").counter().count() >= 1);
            assertEquals("3", get(app, "/inc?name=sleepy"), "storage survived");
            assertEquals("1", get(app, "/memory?name=sleepy"), "a fresh instance, which saw only the last event");
        }
    }

    @Test
    void memoryStaysBoundedWhenManyObjectsAreTouched() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Engine engine = Engine.builder().dataDir(dataDir).maxLiveObjects(5).meterRegistry(registry).build()) {
            App app = engine.start(counterApp());
            ObjectRegistry objects = ((RunningApp) app).objects();
            for (int i = 0; i < 20; i++) {
                assertEquals("1", get(app, "/inc?name=many" + i));
                assertTrue(objects.liveCount() <= 5, "live objects: " + objects.liveCount());
            }
            // Only the main worker's isolates and the live objects' are in memory.
            double live = registry.get("radicchio.isolates.live").gauge().value();
            assertTrue(live >= 1 && live <= 5 + 4, "live isolates: " + live);
            // Evicted objects come back from storage.
            for (int i = 0; i < 20; i++) {
                assertEquals("2", get(app, "/inc?name=many" + i));
            }
        }
        assertEquals(0.0, registry.get("radicchio.isolates.live").gauge().value(), "close dropped every isolate");
    }

    @Test
    void rpcClonesMapsDatesAndArrayBuffersBothWays() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            JsonNode r = JSON.readTree(get(engine.start(counterApp()), "/echo?name=rpc"));
            assertEquals("[[\"a\",10],[\"b\",20]]", r.get("map").toString());
            assertTrue(r.get("isMap").asBoolean());
            assertEquals(6000, r.get("date").asLong());
            assertTrue(r.get("isDate").asBoolean());
            assertEquals("[3,2,1]", r.get("buffer").toString());
            assertTrue(r.get("isBuffer").asBoolean());
            assertEquals("[2,true]", r.get("nested").toString());
            assertEquals("null", get(engine.start(counterApp()), "/null?name=rpc"));
        }
    }

    @Test
    void aThrownErrorKeepsNameAndMessageAndEarlierWritesCommit() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            JsonNode r = JSON.readTree(get(engine.start(counterApp()), "/fail?name=thrower&v=42"));
            assertEquals("RangeError", r.get("name").asText());
            assertEquals("too big: 42", r.get("message").asText());
            assertTrue(r.get("isRangeError").asBoolean());
            assertEquals("42", r.get("written").asText());
        }
    }

    @Test
    void anInfiniteLoopIsStoppedWhileOtherObjectsKeepAnswering() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Limits limits = Limits.DEFAULT.withCpuPerCall(Duration.ofMillis(300));
        try (Engine engine = Engine.builder().dataDir(dataDir).limits(limits).meterRegistry(registry).build()) {
            App app = engine.start(counterApp());
            Future<String> spinning = callers.submit(() -> get(app, "/spin?name=loop"));
            // Other objects answer while the loop runs.
            for (int i = 1; i <= 5; i++) {
                assertEquals(String.valueOf(i), get(app, "/inc?name=healthy"));
            }
            String error = spinning.get();
            assertTrue(error.startsWith("Error: ") && error.contains("CPU time limit"), error);
            assertTrue(error.contains("Counter/"), error);
            assertEquals(1.0, registry.get("radicchio.limit.violations").tag("kind", "cpu").counter().count());
            // The looping event was rolled back; the object answers again with a fresh isolate.
            assertEquals("undefined", get(app, "/spun?name=loop"));
            assertEquals("1", get(app, "/inc?name=loop"));
        }
    }

    @Test
    void aCallCycleFailsCleanlyAndTheObjectsStayUsable() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(counterApp());
            String r = get(app, "/cycle?name=a&other=b");
            assertTrue(r.startsWith("Error: Deadlock"), r);
            assertEquals("1", get(app, "/inc?name=a"));
            assertEquals("1", get(app, "/inc?name=b"));
            // A chain without a cycle works: a calls b, which answers.
            assertEquals("1", get(app, "/chain?name=a&other=b"));
        }
    }

    @Test
    void alarmsFireAndSurviveARestart() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(counterApp());
            assertEquals("set", get(app, "/setAlarm?name=alarmed&ms=100"));
            assertEquals("[{\"retryCount\":0,\"isRetry\":false}]", waitFor(app, "/alarms?name=alarmed", "[]"));
            // An alarm still pending when the engine stops fires after the restart.
            assertEquals("set", get(app, "/setAlarm?name=later&ms=60000"));
            assertEquals("set", get(app, "/setAlarm?name=later&ms=1500"));
        }
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(counterApp());
            assertEquals("[{\"retryCount\":0,\"isRetry\":false}]", waitFor(app, "/alarms?name=later", "[]"));
        }
    }

    /** Polls {@code path} until its answer differs from {@code initial} (up to 10 s). */
    private static String waitFor(App app, String path, String initial) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String answer = get(app, path);
        while (answer.equals(initial) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            answer = get(app, path);
        }
        return answer;
    }

    @Test
    void abortDiscardsTheInstance() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            App app = engine.start(counterApp());
            get(app, "/inc?name=ab");
            assertEquals("aborted: The Durable Object was aborted: on purpose", get(app, "/abort?name=ab"));
            assertEquals("0", get(app, "/memory?name=ab"), "a new instance after abort");
            assertEquals("1", get(app, "/count?name=ab"));
            // A blockConcurrencyWhile() callback that throws resets the object too.
            get(app, "/inc?name=ab");
            assertEquals("1", get(app, "/memory?name=ab"));
            assertEquals("TypeError: init failed", get(app, "/failInBlock?name=ab"));
            assertEquals("0", get(app, "/memory?name=ab"), "a new instance after the failed block");
        }
    }
}
