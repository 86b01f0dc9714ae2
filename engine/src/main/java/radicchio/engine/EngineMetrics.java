package radicchio.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import radicchio.bindings.LimitExceededException;

/** The engine's meters, in the registry the embedder gave (exposed over Prometheus by the HTTP side). */
final class EngineMetrics {
    private final MeterRegistry registry;
    private final Counter isolateStarts;
    private final Counter hibernations;
    private final AtomicInteger liveIsolates = new AtomicInteger();

    EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.isolateStarts = Counter.builder("radicchio.isolate.starts")
                .description("isolates started from a snapshot").register(registry);
        this.hibernations = Counter.builder("radicchio.objects.hibernations")
                .description("Durable Objects evicted from memory after being idle").register(registry);
        Gauge.builder("radicchio.isolates.live", liveIsolates, AtomicInteger::get)
                .description("isolates currently in memory").register(registry);
    }

    MeterRegistry registry() {
        return registry;
    }

    void isolateStarted() {
        isolateStarts.increment();
        liveIsolates.incrementAndGet();
    }

    void isolateDropped() {
        liveIsolates.decrementAndGet();
    }

    int liveIsolates() {
        return liveIsolates.get();
    }

    void hibernated() {
        hibernations.increment();
    }

    void limitViolation(LimitExceededException.Kind kind) {
        Counter.builder("radicchio.limit.violations").tag("kind", kind.name().toLowerCase())
                .description("calls stopped for going over a limit").register(registry).increment();
    }

    /** CPU time one event (a request to a worker, a call to an object) used on its thread. */
    void eventCpu(String worker, long nanos) {
        Timer.builder("radicchio.event.cpu").tag("worker", worker)
                .description("thread CPU time per event").register(registry).record(Duration.ofNanos(nanos));
    }
}
