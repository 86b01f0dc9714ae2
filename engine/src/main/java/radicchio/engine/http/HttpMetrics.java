package radicchio.engine.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The listener's meters: {@code radicchio.http.requests} (a counter by method and status),
 * {@code radicchio.http.request.duration} (a timer with a percentile histogram, by status class)
 * and {@code radicchio.http.requests.active} (a gauge). Tags are bounded: methods outside the
 * standard set count as {@code OTHER}, so a client cannot grow the registry.
 */
final class HttpMetrics {
    private static final Set<String> KNOWN_METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH",
            "OPTIONS", "CONNECT", "TRACE");

    private final MeterRegistry registry;
    private final AtomicInteger active = new AtomicInteger();

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("radicchio.http.requests.active", active, AtomicInteger::get)
                .description("HTTP requests being handled")
                .register(registry);
    }

    void started() {
        active.incrementAndGet();
    }

    void finished(String method, int status, long nanos) {
        active.decrementAndGet();
        String m = KNOWN_METHODS.contains(method) ? method : "OTHER";
        Counter.builder("radicchio.http.requests")
                .description("HTTP requests answered")
                .tag("method", m)
                .tag("status", Integer.toString(status))
                .register(registry)
                .increment();
        Timer.builder("radicchio.http.request.duration")
                .description("Time from request start to the end of the response")
                .tag("status", (status / 100) + "xx")
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
