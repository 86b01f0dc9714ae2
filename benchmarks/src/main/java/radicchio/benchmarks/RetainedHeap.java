package radicchio.benchmarks;

import io.roastedroot.quickjs4j.core.Engine;
import io.roastedroot.quickjs4j.core.Runner;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radicchio.bindings.GuestModule;
import radicchio.bindings.Isolate;
import radicchio.bindings.Snapshot;
import radicchio.bindings.abi.WireRequest;

/**
 * Retained heap per idle isolate, over N live isolates (default 1,000): heap used after full GCs
 * with the isolates alive, minus the heap before they existed, divided by N. Each Radicchio isolate
 * starts from the code snapshot and serves one request first, so it is a realistic idle worker,
 * then gives back the memory chunks the request left unchanged, as the engine does for idle isolates;
 * each quickjs4j peer is an Engine + Runner that ran one script.
 *
 * <p>Not a JMH benchmark: JMH measures time. Run with benchmarks/run.sh memory.
 */
public final class RetainedHeap {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        System.out.printf("radicchio: %,d bytes per idle isolate (%d isolates)%n", radicchio(n), n);
        int peers = Math.min(n, args.length > 1 ? Integer.parseInt(args[1]) : n);
        System.out.printf("quickjs4j: %,d bytes per idle Engine+Runner (%d instances)%n", quickjs4j(peers), peers);
    }

    static long radicchio(int n) throws Exception {
        Isolate loaded = Isolate.builder(GuestModule.get().baseSnapshot()).build();
        loaded.load(Workloads.workerCode());
        Snapshot code = loaded.snapshot();
        Map<String, Object> fetch = new LinkedHashMap<>();
        fetch.put("type", "fetch");
        fetch.put("request", new WireRequest("GET", "https://example.com/?name=idle", List.of(), null));
        Isolate.builder(code).build().dispatch(fetch); // warm every class before the baseline
        long before = usedHeapAfterGc();
        List<Isolate> live = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Isolate isolate = Isolate.builder(code).build();
            isolate.dispatch(fetch);
            isolate.park(); // what the engine does when an isolate goes idle
            live.add(isolate);
        }
        long after = usedHeapAfterGc();
        long per = (after - before) / n;
        if (live.size() != n) {
            throw new AssertionError();
        }
        return per;
    }

    static long quickjs4j(int n) throws Exception {
        Runner warmup = Runner.builder().withEngine(Engine.builder().build()).build();
        warmup.compileAndExec("1 + 1");
        warmup.close();
        long before = usedHeapAfterGc();
        List<Runner> live = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Runner runner = Runner.builder().withEngine(Engine.builder().build()).build();
            runner.compileAndExec("globalThis.x = 'idle ' + 1;");
            live.add(runner);
        }
        long after = usedHeapAfterGc();
        long per = (after - before) / n;
        live.forEach(Runner::close);
        return per;
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
