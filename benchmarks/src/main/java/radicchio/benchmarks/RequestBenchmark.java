package radicchio.benchmarks;

import io.roastedroot.quickjs4j.core.Engine;
import io.roastedroot.quickjs4j.core.Runner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
import radicchio.bindings.GuestModule;
import radicchio.bindings.Isolate;
import radicchio.bindings.Snapshot;
import radicchio.bindings.abi.Header;
import radicchio.bindings.abi.WireRequest;

/**
 * A request-like call: deliver a Request to the worker's fetch handler and get its Response back,
 * on a warm isolate, and on a fresh isolate started from the code snapshot (start + request).
 *
 * <p>The peer: quickjs4j has no Request, Response or URL, so it runs the nearest equivalent a
 * quickjs4j user would write: a precompiled script that hands a plain request object (method,
 * URL, headers) to a handler, which parses the query by hand and returns a plain response object,
 * serialized to JSON to cross back to Java. It does less work than the Radicchio call.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.HUGE_METHODS, JvmFlags.NODE_LIMIT, JvmFlags.NODE_FUDGE, JvmFlags.STACK})
@State(Scope.Benchmark)
public class RequestBenchmark {
    private Isolate warm;
    private Snapshot code;
    private Map<String, Object> fetch;
    private Runner peer;
    private byte[] peerCall;

    @Setup(Level.Trial)
    public void setUp() {
        Isolate loaded = Isolate.builder(GuestModule.get().baseSnapshot()).build();
        loaded.load(Workloads.workerCode());
        code = loaded.snapshot();
        warm = Isolate.builder(code).build();
        fetch = new LinkedHashMap<>();
        fetch.put("type", "fetch");
        fetch.put("request", new WireRequest("GET", "https://example.com/hello?name=bench",
                List.of(new Header("accept", "text/plain")), null));
        peer = Runner.builder().withEngine(Engine.builder().build()).build();
        peerCall = peer.compile(PEER_SCRIPT);
    }

    private static final String PEER_SCRIPT = String.join("\n",
            "function handle(request) {",
            "  const query = request.url.split('?')[1] || '';",
            "  let name = null;",
            "  for (const pair of query.split('&')) {",
            "    const [k, v] = pair.split('=');",
            "    if (decodeURIComponent(k) === 'name') { name = decodeURIComponent(v); break; }",
            "  }",
            "  return { status: 200, headers: [['content-type', 'text/plain']], body: 'hello ' + name };",
            "}",
            "JSON.stringify(handle({ method: 'GET', url: 'https://example.com/hello?name=bench',",
            "  headers: [['accept', 'text/plain']] }));");

    @TearDown(Level.Trial)
    public void tearDown() {
        peer.close();
    }

    @Benchmark
    @Warmup(iterations = 10, time = 2) // C2 compiles the guest's interpreter loop in ~10-30 s
    public Object warmIsolate() {
        return warm.dispatch(fetch);
    }

    @Benchmark
    @Warmup(iterations = 10, time = 2) // C2 compiles the guest's interpreter loop in ~10-30 s
    public Object freshIsolateFromCodeSnapshot() {
        return Isolate.builder(code).build().dispatch(fetch);
    }

    @Benchmark
    // The peer gets the flag every project JVM has, but not the node budget our guest needs (it may cost it compile time).
    @Fork(value = 2, jvmArgsAppend = {JvmFlags.HUGE_METHODS, JvmFlags.STACK})
    public void quickjs4jWarmRunner() {
        peer.exec(peerCall);
    }
}
