package radicchio.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import radicchio.bindings.abi.WireRequest;
import radicchio.engine.App;
import radicchio.engine.AppConfig;
import radicchio.engine.Engine;
import radicchio.engine.supervisor.SupervisedObject;
import radicchio.engine.supervisor.Tenant;
import radicchio.engine.supervisor.TenantPolicy;
import radicchio.engine.supervisor.Worker;
import radicchio.engine.supervisor.WorkerCode;
import radicchio.engine.supervisor.WorkerOutbound;

/**
 * Facets and object calls, in process, through the engine (real isolates, real SQLite files in a
 * temporary folder):
 *
 * <ul>
 *   <li>{@code warmFacetCall}: a supervised object's event that calls its running facet's
 *       {@code fetch} (the seed's AppRunner → app path, driven from the Java supervisor API): two
 *       events, each with its transaction, one isolate dispatch.</li>
 *   <li>{@code coldFacetStart}: the same with code never seen before (a new code id and new code
 *       text): module evaluation, code snapshot, isolate start, facet start, first call.</li>
 *   <li>{@code rpcBetweenTwoObjects}: a request to an app whose main worker calls Durable Object A,
 *       which calls B over RPC ({@code await b.pong()}); {@code rpcIntoOneObject} is the same
 *       request with A answering itself, so the difference is one object-to-object round trip.</li>
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 3) // C2 compiles the guest's interpreter loop in ~10-40 s
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.HUGE_METHODS, JvmFlags.NODE_LIMIT, JvmFlags.NODE_FUDGE, JvmFlags.STACK})
@State(Scope.Benchmark)
public class FacetBenchmark {
    private static final String APP_CODE = """
            import { DurableObject } from "cloudflare:workers";
            export class App extends DurableObject {
              fetch(request) {
                this.hits = (this.hits ?? 0) + 1;
                return new Response("hit " + this.hits);
              }
            }
            """;

    private static final String OBJECTS = """
            import { DurableObject } from "cloudflare:workers";
            export class Obj extends DurableObject {
              pong() { return "pong"; }
              async callOther() { return await this.env.OBJ.getByName("b").pong(); }
            }
            export default {
              async fetch(request, env) {
                const a = env.OBJ.getByName("a");
                return new Response(request.url.endsWith("/two") ? await a.callOther() : await a.pong());
              }
            };
            """;

    private Path dataDir;
    private Engine engine;
    private Tenant tenant;
    private SupervisedObject runner;
    private Worker warmWorker;
    private App objects;
    private final AtomicLong coldIds = new AtomicLong();
    private final WireRequest request = new WireRequest("GET", "http://app/", List.of(), null);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dataDir = Files.createTempDirectory("radicchio-facet-bench");
        engine = Engine.builder().dataDir(dataDir).build();
        tenant = engine.tenant(TenantPolicy.builder("bench").build());
        runner = tenant.object("AppRunner", "bench");
        warmWorker = tenant.worker("warm", () -> code(APP_CODE));
        objects = engine.start(new AppConfig("objects", null, "main.js", Map.of("main.js", OBJECTS), "2026-04-01", List.of(),
                Map.of("OBJ", "Obj"), List.of("Obj"), List.of(), Map.of()));
        warmFacetCall(); // starts the facet
    }

    private static WorkerCode code(String js) {
        return WorkerCode.builder("app.js").module("app.js", js).outbound(WorkerOutbound.denied()).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        engine.close();
        TempDirs.delete(dataDir);
    }

    @Benchmark
    public Object warmFacetCall() throws Exception {
        return runner.run(ctx -> ctx.facets().get("warm", () -> warmWorker.durableObjectClass("App")).fetch(request));
    }

    @Benchmark
    public Object coldFacetStart() throws Exception {
        long n = coldIds.incrementAndGet();
        return runner.run(ctx -> {
            ctx.facets().abort("cold");
            return ctx.facets().get("cold", () -> tenant.worker("cold-" + n, () -> code(APP_CODE + "// " + n + "\n"))
                    .durableObjectClass("App")).fetch(request);
        });
    }

    @Benchmark
    public Object rpcBetweenTwoObjects() throws Exception {
        return objects.fetch(new WireRequest("GET", "http://app/two", List.of(), null));
    }

    @Benchmark
    public Object rpcIntoOneObject() throws Exception {
        return objects.fetch(new WireRequest("GET", "http://app/one", List.of(), null));
    }
}
