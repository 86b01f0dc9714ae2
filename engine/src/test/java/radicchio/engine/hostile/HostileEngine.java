package radicchio.engine.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import radicchio.bindings.Limits;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;
import radicchio.engine.App;
import radicchio.engine.AppConfig;
import radicchio.engine.Engine;

/**
 * One engine shared by an attacking app and a well-behaved neighbour app (its own tenant, with a
 * counter object). Limits are tighter than the defaults (2 s of CPU per call, 64 MiB of memory)
 * so that each attack hits its limit quickly (yet honest work, still partly interpreted by a cold
 * JIT, fits); everything else is the real engine: guest wasm,
 * SQLite files under a temporary folder.
 *
 * <p>The neighbour check is the point of the suite: while an attack runs and after it, the
 * neighbour's counter (and a sibling object of the attacker's own app) must answer the exact next
 * count within {@link #NEIGHBOUR_DEADLINE}.
 */
final class HostileEngine implements AutoCloseable {
    static final Duration CPU_PER_CALL = Duration.ofSeconds(2);
    static final Limits LIMITS = Limits.DEFAULT.withCpuPerCall(CPU_PER_CALL).withMemoryBytes(64L << 20);
    /** Generous on purpose (2 shared cores); a starved neighbour waits for the whole attack instead. */
    static final Duration NEIGHBOUR_DEADLINE = Duration.ofSeconds(2);
    /** How long any one attack may take before the test calls it a hang. */
    static final Duration ATTACK_DEADLINE = Duration.ofSeconds(90);

    private final Engine engine;
    private final App neighbour;
    private final ExecutorService attackers = Executors.newCachedThreadPool();
    private int neighbourCount;

    HostileEngine(Path dataDir) throws Exception {
        engine = Engine.builder().dataDir(dataDir).limits(LIMITS).build();
        neighbour = engine.start(app("neighbour", "neighbour.js"));
        warmUp(neighbour);
        assertNeighbourServed();
    }

    /**
     * The first requests of a fresh JVM run the guest interpreted until the JIT compiles it
     * (seconds on 2 cores); the deadline is for a warm engine, so each app gets warm-up requests.
     */
    private static void warmUp(App app) {
        for (int i = 0; i < 20; i++) {
            Outcome warm = fetch(app, "/count/warm-up");
            assertEquals(String.valueOf(i + 1), warm.text(), "warm-up request " + i);
        }
    }

    Engine engine() {
        return engine;
    }

    /** An app whose main module is {@code hostile/<mainResource>}, with the shared harness module. */
    static AppConfig app(String name, String mainResource) {
        return new AppConfig(name, null, "main.js",
                Map.of("main.js", resource(mainResource), "harness.js", resource("harness.js")), "2025-01-01", List.of(),
                Map.of("TENANT", "Tenant", "COUNTER", "Counter"), List.of("Tenant", "Counter"), List.of("LOADER"), Map.of());
    }

    static String resource(String name) {
        try (InputStream in = HostileEngine.class.getResourceAsStream("/hostile/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource hostile/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    App start(AppConfig config) {
        App app = engine.start(config);
        warmUp(app);
        return app;
    }

    /** What a request to {@code path} ended with: the body's text, or what the engine threw. */
    record Outcome(String text, Throwable thrown) {
        @Override
        public String toString() {
            return thrown != null ? "threw " + thrown : text;
        }
    }

    static Outcome fetch(App app, String path) {
        try {
            WireResponse response = app.fetch(new WireRequest("GET", "http://tenant" + path, List.of(), null));
            byte[] body = response.body();
            return new Outcome(body == null ? "" : new String(body, StandardCharsets.UTF_8), null);
        } catch (Exception e) {
            return new Outcome(null, e);
        }
    }

    /** The neighbour's counter answers the next count, within the deadline. */
    void assertNeighbourServed() {
        neighbourCount++;
        assertCountWithinDeadline(neighbour, "/count/n", neighbourCount, "the neighbour tenant");
    }

    static void assertCountWithinDeadline(App app, String path, int expected, String who) {
        long start = System.nanoTime();
        Outcome answer = fetch(app, path);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(String.valueOf(expected), answer.text(), who + " answered " + answer);
        assertTrue(millis <= NEIGHBOUR_DEADLINE.toMillis(), who + " took " + millis + " ms");
    }

    /**
     * Runs the request to {@code path} of {@code attacker} on another thread and, while it runs
     * and after it ended, checks that the neighbour tenant and a sibling object of the attacker's
     * own app keep being served. Returns how the attack ended.
     */
    Outcome attack(App attacker, String path) throws Exception {
        return attack(attacker, path, 1).get(0);
    }

    /** As {@link #attack(App, String)}, with {@code copies} concurrent requests to {@code path}. */
    List<Outcome> attack(App attacker, String path, int copies) throws Exception {
        String sibling = "/count/sibling-" + Integer.toHexString(path.hashCode()) + "-" + System.nanoTime();
        assertCountWithinDeadline(attacker, sibling, 1, "the attacker's sibling object (before)");
        List<Future<Outcome>> running = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            running.add(attackers.submit(() -> fetch(attacker, path)));
        }
        Thread.sleep(300); // let the attack get going (a quick refusal may be over already: fine)
        assertNeighbourServed();
        assertCountWithinDeadline(attacker, sibling, 2, "the attacker's sibling object (during)");
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> f : running) {
            outcomes.add(f.get(ATTACK_DEADLINE.toSeconds(), TimeUnit.SECONDS));
        }
        assertNeighbourServed();
        assertCountWithinDeadline(attacker, sibling, 3, "the attacker's sibling object (after)");
        return outcomes;
    }

    @Override
    public void close() {
        attackers.shutdownNow();
        engine.close();
    }
}
