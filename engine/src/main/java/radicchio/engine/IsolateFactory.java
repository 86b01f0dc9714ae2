package radicchio.engine;

import radicchio.bindings.HostServices;
import radicchio.bindings.Isolate;
import radicchio.bindings.Limits;
import radicchio.bindings.Snapshot;

/**
 * Starts isolates of one worker's code from its code snapshot, and counts them in the metrics. It
 * also holds the code's {@code limits.subRequests}, which the engine, not the isolate, enforces.
 */
final class IsolateFactory {
    /** No subrequest limit. */
    static final int UNLIMITED = Integer.MAX_VALUE;

    private final Snapshot code;
    private final Limits limits;
    private final int subrequestLimit;
    private final EngineMetrics metrics;

    IsolateFactory(Snapshot code, Limits limits, EngineMetrics metrics) {
        this(code, limits, UNLIMITED, metrics);
    }

    IsolateFactory(Snapshot code, Limits limits, int subrequestLimit, EngineMetrics metrics) {
        this.code = code;
        this.limits = limits;
        this.subrequestLimit = subrequestLimit;
        this.metrics = metrics;
    }

    /** The most subrequests one event of this code may make ({@link #UNLIMITED} for no limit). */
    int subrequestLimit() {
        return subrequestLimit;
    }

    /**
     * A factory of the same code whose isolates run under {@code lower} where it is lower than this
     * one's limits (an entrypoint's or a Durable Object class's {@code limits} option); this one
     * when it lowers nothing.
     */
    IsolateFactory lowered(CodeLimits lower) {
        Limits lowered = lower.lower(limits);
        int loweredSubrequests = lower.lower(subrequestLimit);
        if (lowered == limits && loweredSubrequests == subrequestLimit) {
            return this;
        }
        return new IsolateFactory(code, lowered, loweredSubrequests, metrics);
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
