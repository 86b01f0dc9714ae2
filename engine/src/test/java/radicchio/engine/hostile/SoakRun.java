package radicchio.engine.hostile;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;
import radicchio.engine.App;
import radicchio.engine.Engine;
import radicchio.engine.config.ConfigLoader;
import radicchio.engine.http.Examples;

/**
 * The soak of benchmarks/soak/soak.sh: {@code requests} increments spread evenly over
 * {@code objects} Durable Objects (hostile/ledger), from 8 concurrent callers, with hibernation on
 * (1 s idle, and at most 1,000 objects live, so objects hibernate and wake many times).
 *
 * <p>The requests come in visits: a caller sends {@code visit} consecutive increments to one
 * object, and visits go round the objects in order, so an object's next visit comes after every
 * other object's, long after it hibernated. With {@code visit = 1} every request wakes its object
 * (the harshest case for hibernation); with 10, an object wakes once per ten requests, as one
 * with short bursts of traffic would.
 *
 * <p>At the end every counter must be exact, and the heap (after GC) and the thread count are
 * printed against their values after the first tenth of the run, with the number of
 * hibernations and isolate starts (from the engine's metrics).
 *
 * <p>{@code SoakRun <requests> <objects> <dataDir> [visit]}; exit status 1 if any counter is off.
 */
public final class SoakRun {
    private static final int CALLERS = 8;

    private SoakRun() {}

    public static void main(String[] args) throws Exception {
        long requests = Long.parseLong(args[0]);
        int objects = Integer.parseInt(args[1]);
        Path data = Path.of(args[2]);
        int visit = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        if (visit < 1 || requests % ((long) objects * visit) != 0) {
            throw new IllegalArgumentException("requests must be a multiple of objects times the visit length");
        }
        long visits = requests / visit;
        long start = System.nanoTime();
        try (Engine engine = Engine.builder().dataDir(data).hibernateAfter(Duration.ofSeconds(1)).maxLiveObjects(1000).build()) {
            App app = engine.start(ConfigLoader.load(Examples.resource("hostile/ledger")).config());
            AtomicLong next = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            long[] baseline = new long[2];
            ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                running.add(callers.submit(() -> {
                    for (long v = next.getAndIncrement(); v < visits; v = next.getAndIncrement()) {
                        if (v == visits / 10) {
                            baseline[0] = heapAfterGc();
                            baseline[1] = ManagementFactory.getThreadMXBean().getThreadCount();
                        }
                        for (int k = 0; k < visit; k++) {
                            try {
                                add(app, v % objects);
                            } catch (Exception e) {
                                failures.incrementAndGet();
                            }
                        }
                        if (v > 0 && v % Math.max(1_000, visits / 20) == 0) {
                            System.out.printf("%d requests, %d s%n", v * visit, (System.nanoTime() - start) / 1_000_000_000L);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            callers.shutdown();
            long seconds = Math.max(1, (System.nanoTime() - start) / 1_000_000_000L);
            // Exact counters: one more increment per object must answer requests/objects + 1.
            long wrong = 0;
            long expected = requests / objects + 1;
            for (int o = 0; o < objects; o++) {
                long got = add(app, o);
                if (got != expected) {
                    wrong++;
                    if (wrong <= 10) {
                        System.out.printf("object %d: %d, expected %d%n", o, got, expected);
                    }
                }
            }
            Thread.sleep(3000); // let idle pool threads and hibernation settle
            long heap = heapAfterGc();
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("requests=%d objects=%d visit=%d failures=%d wrong_counters=%d seconds=%d req_per_s=%d "
                            + "hibernations=%d isolate_starts=%d heap_after_gc_mib=%d (at 10%%: %d) threads=%d (at 10%%: %d)%n",
                    requests, objects, visit, failures.get(), wrong, seconds, requests / seconds,
                    (long) counted(engine, "radicchio.objects.hibernations"), (long) counted(engine, "radicchio.isolate.starts"),
                    heap >> 20, baseline[0] >> 20, threads, baseline[1]);
            System.exit(wrong == 0 && failures.get() == 0 ? 0 : 1);
        }
    }

    private static long add(App app, long object) throws Exception {
        WireResponse r = app.fetch(new WireRequest("POST", "http://soak/o" + object, List.of(), null));
        if (r.status() != 200) {
            throw new IllegalStateException("status " + r.status());
        }
        return Long.parseLong(new String(r.body(), StandardCharsets.UTF_8).trim());
    }

    private static double counted(Engine engine, String counter) {
        return engine.meterRegistry().get(counter).counter().count();
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
