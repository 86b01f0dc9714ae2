package radicchio.benchmarks;

import io.roastedroot.quickjs4j.core.Engine;
import io.roastedroot.quickjs4j.core.Runner;
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

/**
 * Time to a ready isolate: from the base snapshot (QuickJS + prelude), from a code snapshot
 * (a worker's modules already evaluated: the cached-code-id path), and quickjs4j's Engine + Runner
 * as the JVM peer. SampleTime gives the median and p99 directly.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.HUGE_METHODS, JvmFlags.NODE_LIMIT, JvmFlags.NODE_FUDGE, JvmFlags.STACK})
@State(Scope.Benchmark)
public class IsolateStartBenchmark {
    private Snapshot base;
    private Snapshot code;

    @Setup(Level.Trial)
    public void setUp() {
        base = GuestModule.get().baseSnapshot();
        Isolate loaded = Isolate.builder(base).build();
        loaded.load(Workloads.workerCode());
        code = loaded.snapshot();
    }

    @Benchmark
    public Isolate radicchioFromBaseSnapshot() {
        return Isolate.builder(base).build();
    }

    @Benchmark
    public Isolate radicchioFromCodeSnapshot() {
        return Isolate.builder(code).build();
    }

    @Benchmark
    // The peer gets the flag every project JVM has, but not the node budget our guest needs (it may cost it compile time).
    @Fork(value = 2, jvmArgsAppend = {JvmFlags.HUGE_METHODS, JvmFlags.STACK})
    public Runner quickjs4jEngineAndRunner() {
        Engine engine = Engine.builder().build();
        Runner runner = Runner.builder().withEngine(engine).build();
        runner.close();
        return runner;
    }
}
