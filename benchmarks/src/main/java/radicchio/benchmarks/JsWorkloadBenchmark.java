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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import radicchio.bindings.GuestModule;
import radicchio.bindings.Isolate;

/**
 * JS speed on a warm isolate: each workload of workloads.js, in Radicchio (a call into a loaded
 * worker) and in quickjs4j (a precompiled script that defines the functions and runs one).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.HUGE_METHODS, JvmFlags.NODE_LIMIT, JvmFlags.NODE_FUDGE, JvmFlags.STACK})
@State(Scope.Benchmark)
public class JsWorkloadBenchmark {
    @Param({"fib", "stringBuild", "json", "regex", "objectAlloc"})
    public String workload;

    private Isolate isolate;
    private Object call;
    private Runner runner;
    private byte[] compiled;

    @Setup(Level.Trial)
    public void setUp() {
        isolate = Isolate.builder(GuestModule.get().baseSnapshot()).build();
        isolate.load(Workloads.workerCode());
        String invocation = workload.equals("fib") ? "fib(25)" : workload + "()";
        call = workload.equals("fib") ? Workloads.call("fib", 25) : Workloads.call(workload);
        runner = Runner.builder().withEngine(Engine.builder().build()).build();
        compiled = runner.compile(Workloads.script(invocation));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        runner.close();
    }

    // C2 needs a few seconds on this machine to compile the guest's interpreter loop (a ~26 KB
    // method), far more when the machine is busy, and compiles it again after each deoptimization:
    // a long warm-up measures the steady state, not the compiles.
    @Benchmark
    @Warmup(iterations = 20, time = 3)
    public Object radicchio() {
        return isolate.dispatch(call);
    }

    @Benchmark
    // The peer gets the flag every project JVM has, but not the node budget our guest needs (it may cost it compile time).
    @Fork(value = 2, jvmArgsAppend = {JvmFlags.HUGE_METHODS, JvmFlags.STACK})
    public void quickjs4j() {
        runner.exec(compiled);
    }
}
