package radicchio.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import radicchio.bindings.abi.Header;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;
import radicchio.engine.App;
import radicchio.engine.Engine;
import radicchio.engine.config.ConfigLoader;

/**
 * One request to an example app through the engine, in-process and on one thread: what
 * benchmarks/load/run.sh measures over HTTP, without the listener, the client and the other
 * requests competing for the two cores. {@code hello} is a main worker alone; {@code counter}
 * adds a Durable Object (RPC to it, a KV read and write, the durable commit).
 *
 * <p>Run from the repository root (benchmarks/run.sh does): the apps are read from examples/.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 3) // C2 compiles the guest's interpreter loop in ~10-40 s
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.HUGE_METHODS, JvmFlags.NODE_LIMIT, JvmFlags.NODE_FUDGE, JvmFlags.STACK})
@State(Scope.Benchmark)
public class AppRequestBenchmark {
    @Param({"hello", "counter"})
    public String app;

    private Path dataDir;
    private Engine engine;
    private App running;
    private WireRequest request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dataDir = Files.createTempDirectory("radicchio-app-bench");
        engine = Engine.builder().dataDir(dataDir).build();
        running = engine.start(ConfigLoader.load(Path.of("examples", app)).config());
        // The URL's host as the load script's requests have it (the server builds the URL from
        // the Host header: an IPv4 address and a port), so that both parse the same kind of URL.
        // The counter names its object by the path: one object, as in the load script.
        request = new WireRequest("GET", "http://127.0.0.1:18787/load?name=bench", List.of(new Header("host", "127.0.0.1:18787")), null);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        engine.close();
        TempDirs.delete(dataDir);
    }

    @Benchmark
    public WireResponse request() throws Exception {
        WireResponse response = running.fetch(request);
        if (response.status() != 200) {
            throw new IllegalStateException(app + " answered " + response.status());
        }
        return response;
    }
}
