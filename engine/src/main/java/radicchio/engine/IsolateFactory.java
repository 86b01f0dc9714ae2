package radicchio.engine;

import radicchio.bindings.HostServices;
import radicchio.bindings.Isolate;
import radicchio.bindings.Limits;
import radicchio.bindings.Snapshot;

/** Starts isolates of one worker's code from its code snapshot, and counts them in the metrics. */
final class IsolateFactory {
    private final Snapshot code;
    private final Limits limits;
    private final EngineMetrics metrics;

    IsolateFactory(Snapshot code, Limits limits, EngineMetrics metrics) {
        this.code = code;
        this.limits = limits;
        this.metrics = metrics;
    }

    Isolate start(HostServices services) {
        Isolate isolate = Isolate.builder(code).withServices(services).withLimits(limits).build();
        metrics.isolateStarted();
        return isolate;
    }

    void drop(Isolate isolate) {
        if (isolate != null) {
            isolate.close();
            metrics.isolateDropped();
        }
    }
}
