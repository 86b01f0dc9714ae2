package radicchio.engine.supervisor;

import java.util.Objects;
import radicchio.engine.OutboundFetcher;

/**
 * Where a loaded worker's global {@code fetch()} goes: the Java twin of {@code globalOutbound}.
 * {@link #inherit()} (the default) uses the tenant's outbound ({@link TenantPolicy.Builder#outbound});
 * {@link #denied()} makes {@code fetch()} fail with the platform's message, as
 * {@code globalOutbound: null}; {@link #to} sends this worker's requests to a fetcher of its own.
 */
public final class WorkerOutbound {
    /** Which of the three. */
    public enum Kind { INHERIT, DENIED, FETCHER }

    private static final WorkerOutbound INHERIT = new WorkerOutbound(Kind.INHERIT, null);
    private static final WorkerOutbound DENIED = new WorkerOutbound(Kind.DENIED, null);

    private final Kind kind;
    private final OutboundFetcher fetcher;

    private WorkerOutbound(Kind kind, OutboundFetcher fetcher) {
        this.kind = kind;
        this.fetcher = fetcher;
    }

    public static WorkerOutbound inherit() {
        return INHERIT;
    }

    public static WorkerOutbound denied() {
        return DENIED;
    }

    public static WorkerOutbound to(OutboundFetcher fetcher) {
        return new WorkerOutbound(Kind.FETCHER, Objects.requireNonNull(fetcher, "fetcher"));
    }

    public Kind kind() {
        return kind;
    }

    /** The fetcher of {@link Kind#FETCHER}; null otherwise. */
    public OutboundFetcher fetcher() {
        return fetcher;
    }
}
