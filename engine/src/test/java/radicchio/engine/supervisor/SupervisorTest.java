package radicchio.engine.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.bindings.JsException;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;
import radicchio.engine.Engine;
import radicchio.engine.OutboundFetcher;

/** The Java supervisor API: loading, facets, and what only the host sees (outbound, storage, logs, usage, limits). */
class SupervisorTest {
    @TempDir
    Path dataDir;

    private final ExecutorService callers = Executors.newFixedThreadPool(4);

    @AfterEach
    void stopCallers() {
        callers.shutdownNow();
    }

    /** A worker whose default fetch() fetches the URL in ?to= and logs; an RPC entrypoint; a spinning path; a counter class. */
    private static final String CODE = """
            import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";
            export default {
              async fetch(request) {
                const url = new URL(request.url);
                if (url.pathname === "/spin") { for (;;) {} }
                const to = url.searchParams.get("to");
                if (!to) return new Response("plain");
                try {
                  const r = await fetch(to);
                  return new Response(r.status + " " + await r.text());
                } catch (e) { return new Response(e.name + ": " + e.message); }
              }
            };
            export class Api extends WorkerEntrypoint {
              add(a, b) { return a + b; }
            }
            export class Notes extends DurableObject {
              fetch(request) {
                const n = (this.ctx.storage.kv.get("n") ?? 0) + 1;
                this.ctx.storage.kv.put("n", n);
                this.ctx.storage.kv.put("note-" + n, "x".repeat(1000));
                console.log("note", n, "written");
                return new Response(String(n));
              }
              read() { return this.ctx.storage.kv.get("secret") ?? "not visible"; }
            }
            """;

    private static WorkerCode code(WorkerOutbound outbound) {
        return WorkerCode.builder("worker.js").module("worker.js", CODE).compatibilityDate("2026-04-01").outbound(outbound).build();
    }

    private static WireRequest get(String url) {
        return new WireRequest("GET", url, List.of(), null);
    }

    private static String text(WireResponse response) {
        return response.body() == null ? "" : new String(response.body(), StandardCharsets.UTF_8);
    }

    private static OutboundFetcher answering(String who, List<String> seen) {
        return (worker, request) -> {
            seen.add(worker + " " + request.url());
            return new WireResponse(200, "OK", List.of(), (who + " answered " + request.url()).getBytes(StandardCharsets.UTF_8));
        };
    }

    @Test
    void theTenantsOutboundSeesEveryFetchAndAnswersIt() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> own = new CopyOnWriteArrayList<>();
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            Tenant tenant = engine.tenant(TenantPolicy.builder("acme").outbound(answering("tenant", seen)).build());
            Worker inherits = tenant.worker("inherits", () -> code(WorkerOutbound.inherit()));
            assertEquals("200 tenant answered https://api.example/x", text(inherits.fetch(get("http://w/?to=https://api.example/x"))));
            assertEquals(List.of("acme/loader:inherits https://api.example/x"), seen);

            Worker denied = tenant.worker("denied", () -> code(WorkerOutbound.denied()));
            assertTrue(text(denied.fetch(get("http://w/?to=https://api.example/y"))).startsWith(
                    "Error: This worker is not permitted to access the internet via global functions like fetch()."));

            Worker ownFetcher = tenant.worker("own", () -> code(WorkerOutbound.to(answering("own", own))));
            assertEquals("200 own answered https://api.example/z", text(ownFetcher.fetch(get("http://w/?to=https://api.example/z"))));
            assertEquals(1, seen.size(), "the tenant's outbound saw only the inheriting worker");
            assertEquals(List.of("acme/loader:own https://api.example/z"), own);
            assertEquals(1, tenant.usageByWorker().get("acme/loader:inherits").outboundRequests());
        }
    }

    @Test
    void theCodesSubrequestLimitStopsFetchBeforeTheTenantsOutboundSeesIt() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            Tenant tenant = engine.tenant(TenantPolicy.builder("acme").outbound(answering("tenant", seen)).build());
            Worker none = tenant.worker("none", () -> WorkerCode.builder("worker.js").module("worker.js", CODE).subRequests(0).build());
            assertEquals("Error: Too many subrequests by single Worker invocation.", text(none.fetch(get("http://w/?to=https://api.example/x"))));
            assertEquals(List.of(), seen);
            Worker one = tenant.worker("one", () -> WorkerCode.builder("worker.js").module("worker.js", CODE).subRequests(1).build());
            assertEquals("200 tenant answered https://api.example/a", text(one.fetch(get("http://w/?to=https://api.example/a"))));
            assertEquals("200 tenant answered https://api.example/b", text(one.fetch(get("http://w/?to=https://api.example/b"))),
                    "each event has its own budget");
            assertEquals(2, seen.size());
            assertThrows(IllegalArgumentException.class, () -> WorkerCode.builder("worker.js").subRequests(-1));
        }
    }

    @Test
    void aTenantWithoutAnOutboundDeniesFetch() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            Tenant tenant = engine.tenant(TenantPolicy.builder("closed").build());
            String answer = text(tenant.load(code(WorkerOutbound.inherit())).fetch(get("http://w/?to=https://api.example/")));
            assertTrue(answer.startsWith("Error: This worker is not permitted"), answer);
        }
    }

    @Test
    void workersAreCachedByIdAndAnswerRpc() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            Tenant tenant = engine.tenant(TenantPolicy.builder("acme").build());
            AtomicLong getCode = new AtomicLong();
            Worker first = tenant.worker("v1", () -> { getCode.incrementAndGet(); return code(WorkerOutbound.denied()); });
            Worker again = tenant.worker("v1", () -> { getCode.incrementAndGet(); return code(WorkerOutbound.denied()); });
            assertEquals(1, getCode.get(), "getCode runs only for an id the tenant has not loaded");
            assertEquals(5, first.entrypoint("Api").call("add", 2, 3));
            assertEquals("plain", text(again.fetch(get("http://w/"))));
            assertEquals("acme/loader:v1", first.name());
            JsException missing = assertThrows(JsException.class, () -> first.durableObjectClass("Nope"));
            assertTrue(missing.getMessage().contains("does not export a class named \"Nope\""), missing.getMessage());
        }
    }

    @Test
    void storageBytesAndLogsOfFacetsReachTheSupervisor() throws Exception {
        List<String> reads = new CopyOnWriteArrayList<>();
        List<String> writes = new CopyOnWriteArrayList<>();
        List<LogLine> logs = new CopyOnWriteArrayList<>();
        StorageObserver observer = new StorageObserver() {
            @Override
            public void read(String worker, long bytes) {
                reads.add(worker + " " + bytes);
            }

            @Override
            public void write(String worker, long bytes) {
                writes.add(worker + " " + bytes);
            }
        };
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            Tenant tenant = engine.tenant(TenantPolicy.builder("acme").storageObserver(observer).logs(logs::add).build());
            SupervisedObject runner = tenant.object("Runner", "r1");
            Worker worker = tenant.worker("notes", () -> code(WorkerOutbound.denied()));
            for (int i = 1; i <= 2; i++) {
                String n = runner.run(ctx -> {
                    ctx.storage().put("secret", "supervisor only");
                    return text(ctx.facets().get("notes", () -> worker.durableObjectClass("Notes")).fetch(get("http://f/")));
                });
                assertEquals(String.valueOf(i), n);
            }
            // Neither side sees the other's storage.
            assertEquals("not visible", runner.run(ctx -> ctx.facets().get("notes", () -> worker.durableObjectClass("Notes")).call("read")));
            assertNull(runner.run(ctx -> ctx.storage().get("n")), "the facet's key is not in the supervisor's storage");

            String facet = runner.tag() + "/notes";
            Usage usage = tenant.usageByWorker().get(facet);
            assertEquals(3, usage.storageReads(), "one get per note event, one in read()");
            assertEquals(4, usage.storageWrites());
            assertTrue(usage.storageBytesWritten() > 2 * 1000, "the notes' bytes: " + usage);
            assertEquals(3, usage.events());
            assertTrue(usage.cpuNanos() > 0);
            assertTrue(writes.stream().anyMatch(w -> w.startsWith(facet + " ") && Long.parseLong(w.substring(facet.length() + 1)) > 1000), writes.toString());
            assertTrue(writes.stream().anyMatch(w -> w.startsWith(runner.tag() + " ")), "the supervisor's own writes: " + writes);
            assertTrue(reads.stream().anyMatch(r -> r.startsWith(facet + " ")), reads.toString());

            assertEquals(List.of("note 1 written", "note 2 written"), logs.stream().map(LogLine::message).toList());
            assertTrue(logs.stream().allMatch(l -> l.worker().equals(facet) && l.level() == 1), logs.toString());
            assertEquals(usage.storageWrites() + 2, tenant.usage().storageWrites(), "the total adds the supervisor's two puts");
        }
    }

    /** An entrypoint and a class that say whose props they got, and spin when asked. */
    private static final String PROPS_CODE = """
            import { DurableObject, WorkerEntrypoint } from "cloudflare:workers";
            export class Api extends WorkerEntrypoint {
              who() { return this.ctx.props.user ?? "nobody"; }
              spin() { for (;;) {} }
            }
            export class Room extends DurableObject {
              who() { return this.ctx.props.user ?? "nobody"; }
              spin() { for (;;) {} }
            }
            """;

    @Test
    void exportOptionsGiveEntrypointsAndFacetsTheirPropsAndLowerTheirLimitsOnly() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            Tenant tenant = engine.tenant(TenantPolicy.builder("acme").cpuPerCall(Duration.ofSeconds(20)).build());
            Worker worker = tenant.worker("props", () -> WorkerCode.builder("worker.js").module("worker.js", PROPS_CODE).build());
            ExportOptions alice = ExportOptions.NONE.props(Map.of("user", "alice")).cpuMs(150);

            Worker plainApi = worker.entrypoint("Api");
            Worker aliceApi = worker.entrypoint("Api", alice);
            assertEquals("nobody", plainApi.call("who"));
            assertEquals("alice", aliceApi.call("who"));
            JsException stopped = assertThrows(JsException.class, () -> aliceApi.call("spin"));
            assertTrue(stopped.getMessage().contains("CPU time limit (150 ms"), "the option's limit, not the tenant's: " + stopped.getMessage());
            assertEquals("nobody", plainApi.call("who"), "the code's own isolates keep no props and answer after the stop");
            Map<String, Object> mutable = new java.util.HashMap<>(Map.of("user", "bob"));
            ExportOptions bob = ExportOptions.NONE.props(mutable);
            mutable.put("user", "mallory");
            assertEquals("bob", worker.entrypoint("Api", bob).call("who"), "the options keep the props they were given");

            SupervisedObject runner = tenant.object("Runner", "props");
            assertEquals("alice", runner.run(ctx -> ctx.facets().get("room", () -> worker.durableObjectClass("Room", alice)).call("who")));
            JsException facetStopped = assertThrows(JsException.class,
                    () -> runner.run(ctx -> ctx.facets().get("room", () -> worker.durableObjectClass("Room", alice)).call("spin")));
            assertTrue(facetStopped.getMessage().contains("CPU time limit (150 ms"), facetStopped.getMessage());
            // The facet ran on this thread (the JVM has -Xss16m): the watchdog's interrupt ended
            // with the facet's call and left this thread as it was.
            assertFalse(Thread.currentThread().isInterrupted(), "no interrupt leaks into the supervisor's thread");
            Thread.sleep(1); // nor arrives just after: the sleep would throw InterruptedException
            assertEquals("nobody", runner.run(ctx -> ctx.facets().get("other", () -> worker.durableObjectClass("Room")).call("who")));

            assertThrows(IllegalArgumentException.class, () -> ExportOptions.NONE.cpuMs(0));
            assertThrows(IllegalArgumentException.class, () -> ExportOptions.NONE.subRequests(-1));
            IllegalArgumentException notWire = assertThrows(IllegalArgumentException.class,
                    () -> ExportOptions.NONE.props(Map.of("thread", Thread.currentThread())));
            assertTrue(notWire.getMessage().startsWith("props cannot be passed to a worker"), notWire.getMessage());
        }
    }

    @Test
    void aFailedEventRollsBackTheSupervisorsWritesAndItsDataSurvivesARestart() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            SupervisedObject object = engine.tenant(TenantPolicy.builder("acme").build()).object("Runner", "r2");
            object.run(ctx -> { ctx.storage().put("kept", Map.of("v", 1)); return null; });
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> object.run(ctx -> {
                ctx.storage().put("lost", "x");
                throw new IllegalStateException("supervisor bug");
            }));
            assertEquals("supervisor bug", thrown.getMessage());
            assertNull(object.run(ctx -> ctx.storage().get("lost")));
        }
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            SupervisedObject object = engine.tenant(TenantPolicy.builder("acme").build()).object("Runner", "r2");
            Object kept = object.run(ctx -> ctx.storage().get("kept"));
            assertEquals(1, ((JsObject) kept).get("v"));
            boolean deleted = object.run(ctx -> ctx.storage().delete("lost"));
            assertFalse(deleted, "the rolled-back key was never stored");
        }
    }

    @Test
    void aTenantsCpuLimitStopsItsInfiniteLoopWhileAnotherTenantAnswers() throws Exception {
        try (Engine engine = Engine.builder().dataDir(dataDir).build()) {
            Tenant strict = engine.tenant(TenantPolicy.builder("strict").cpuPerCall(Duration.ofMillis(200)).build());
            Tenant other = engine.tenant(TenantPolicy.builder("other").build());
            Worker spinner = strict.worker("spin", () -> code(WorkerOutbound.denied()));
            Worker answering = other.worker("plain", () -> code(WorkerOutbound.denied()));
            Future<String> spinning = callers.submit(() -> {
                try {
                    return text(spinner.fetch(get("http://w/spin")));
                } catch (JsException e) {
                    return e.name() + ": " + e.jsMessage();
                }
            });
            for (int i = 0; i < 5; i++) {
                assertEquals("plain", text(answering.fetch(get("http://w/"))));
            }
            String stopped = spinning.get();
            assertTrue(stopped.startsWith("Error: Worker strict/loader:spin: ") && stopped.contains("CPU time limit (200 ms"), stopped);
            assertTrue(strict.usage().cpuNanos() >= Duration.ofMillis(150).toNanos(), "the loop's CPU was counted: " + strict.usage());
            assertEquals("plain", text(spinner.fetch(get("http://w/"))), "the stopped worker answers again");
        }
    }
}
