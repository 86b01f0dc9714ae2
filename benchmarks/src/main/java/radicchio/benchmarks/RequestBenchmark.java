package radicchio.benchmarks;

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
import org.openjdk.jmh.annotations.Warmup;
import radicchio.bindings.GuestModule;
import radicchio.bindings.Isolate;
import radicchio.bindings.Snapshot;
import radicchio.bindings.abi.Header;
import radicchio.bindings.abi.WireRequest;

/**
 * A request-like call: deliver a Request to the worker's fetch handler and get its Response back,
 * on a warm isolate, and on a fresh isolate started from the code snapshot (start + request).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-XX:-DontCompileHugeMethods", "-Xss8m"})
@State(Scope.Benchmark)
public class RequestBenchmark {
    private Isolate warm;
    private Snapshot code;
    private Map<String, Object> fetch;

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
    }

    @Benchmark
    public Object warmIsolate() {
        return warm.dispatch(fetch);
    }

    @Benchmark
    public Object freshIsolateFromCodeSnapshot() {
        return Isolate.builder(code).build().dispatch(fetch);
    }
}
