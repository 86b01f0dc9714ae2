package radicchio.engine.supervisor;

import java.time.Duration;
import java.util.Objects;
import radicchio.engine.OutboundFetcher;

/**
 * The rules and observers of one tenant: its name (which also names its objects' ids, so a
 * tenant re-created with the same name finds its data again), the limits of every isolate it
 * runs, where its workers' {@code fetch()} goes, and who sees its logs and storage traffic.
 * Build with {@link #builder}; unset limits are the engine's.
 */
public final class TenantPolicy {
    private final String name;
    private final Duration cpuPerCall;
    private final Long memoryBytes;
    private final OutboundFetcher outbound;
    private final StorageObserver storageObserver;
    private final LogSink logs;

    private TenantPolicy(Builder b) {
        this.name = b.name;
        this.cpuPerCall = b.cpuPerCall;
        this.memoryBytes = b.memoryBytes;
        this.outbound = b.outbound;
        this.storageObserver = b.storageObserver;
        this.logs = b.logs;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** CPU time one event may use; null for the engine's limit. */
    public Duration cpuPerCall() {
        return cpuPerCall;
    }

    /** Memory of each isolate; null for the engine's limit. */
    public Long memoryBytes() {
        return memoryBytes;
    }

    /** The tenant's outbound; null: {@code fetch()} is denied unless a worker's code names its own. */
    public OutboundFetcher outbound() {
        return outbound;
    }

    /** Never null (a no-op unless set). */
    public StorageObserver storageObserver() {
        return storageObserver;
    }

    /** Never null (a no-op unless set). */
    public LogSink logs() {
        return logs;
    }

    public static final class Builder {
        private final String name;
        private Duration cpuPerCall;
        private Long memoryBytes;
        private OutboundFetcher outbound;
        private StorageObserver storageObserver = new StorageObserver() {};
        private LogSink logs = line -> { };

        private Builder(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.length() > 128 || name.contains("/")) {
                throw new IllegalArgumentException("a tenant name has 1 to 128 characters and no '/': " + name);
            }
            this.name = name;
        }

        /** CPU time one event (a request, an RPC call, a facet call) may use before it is stopped. */
        public Builder cpuPerCall(Duration cpu) {
            if (cpu.isNegative() || cpu.isZero()) {
                throw new IllegalArgumentException("cpuPerCall must be positive: " + cpu);
            }
            this.cpuPerCall = cpu;
            return this;
        }

        /** Memory each isolate may grow to (8 MiB to 2 GiB). */
        public Builder memoryBytes(long bytes) {
            this.memoryBytes = bytes;
            return this;
        }

        /**
         * Where the tenant's workers' {@code fetch()} goes (those whose code does not choose
         * otherwise): every request, with the worker that sent it. Without one, fetch() is denied.
         */
        public Builder outbound(OutboundFetcher fetcher) {
            this.outbound = Objects.requireNonNull(fetcher, "fetcher");
            return this;
        }

        public Builder storageObserver(StorageObserver observer) {
            this.storageObserver = Objects.requireNonNull(observer, "observer");
            return this;
        }

        public Builder logs(LogSink sink) {
            this.logs = Objects.requireNonNull(sink, "sink");
            return this;
        }

        public TenantPolicy build() {
            return new TenantPolicy(this);
        }
    }
}
