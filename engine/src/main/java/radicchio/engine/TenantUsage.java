package radicchio.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.engine.supervisor.LogLine;
import radicchio.engine.supervisor.TenantPolicy;
import radicchio.engine.supervisor.Usage;

/**
 * A tenant's {@link WorkerObserver}: counts usage per worker (by log tag) and forwards log lines
 * and storage traffic to the tenant's sink and observer. At most {@link #MAX_WORKERS} tags are
 * counted apart; past that, new ones are counted under {@link #OTHERS}, so the table stays
 * bounded however many objects the tenant touches.
 */
final class TenantUsage implements WorkerObserver {
    private static final Logger LOG = LoggerFactory.getLogger(TenantUsage.class);
    static final int MAX_WORKERS = 10_000;
    static final String OTHERS = "(others)";

    private final TenantPolicy policy;
    private final ConcurrentHashMap<String, Counters> byWorker = new ConcurrentHashMap<>();

    /** One worker's running totals. */
    private static final class Counters {
        final LongAdder events = new LongAdder();
        final LongAdder cpuNanos = new LongAdder();
        final LongAdder reads = new LongAdder();
        final LongAdder writes = new LongAdder();
        final LongAdder bytesRead = new LongAdder();
        final LongAdder bytesWritten = new LongAdder();
        final LongAdder outbound = new LongAdder();

        Usage snapshot() {
            return new Usage(events.sum(), cpuNanos.sum(), reads.sum(), writes.sum(), bytesRead.sum(), bytesWritten.sum(),
                    outbound.sum());
        }
    }

    TenantUsage(TenantPolicy policy) {
        this.policy = policy;
    }

    private Counters of(String worker) {
        Counters c = byWorker.get(worker);
        if (c != null) {
            return c;
        }
        return byWorker.computeIfAbsent(byWorker.size() < MAX_WORKERS ? worker : OTHERS, k -> new Counters());
    }

    @Override
    public boolean measuresStorage() {
        return true;
    }

    @Override
    public void cpu(String worker, long nanos) {
        Counters c = of(worker);
        c.events.increment();
        c.cpuNanos.add(nanos);
    }

    @Override
    public void log(String worker, int level, String line) {
        try {
            policy.logs().log(new LogLine(worker, level, line));
        } catch (RuntimeException e) {
            LOG.warn("the log sink of tenant {} failed", policy.name(), e);
        }
    }

    @Override
    public void storage(String worker, long reads, long writes, long bytesRead, long bytesWritten) {
        Counters c = of(worker);
        c.reads.add(reads);
        c.writes.add(writes);
        c.bytesRead.add(bytesRead);
        c.bytesWritten.add(bytesWritten);
        try {
            if (reads > 0) {
                policy.storageObserver().read(worker, bytesRead);
            }
            if (writes > 0) {
                policy.storageObserver().write(worker, bytesWritten);
            }
        } catch (RuntimeException e) {
            LOG.warn("the storage observer of tenant {} failed", policy.name(), e);
        }
    }

    @Override
    public void outbound(String worker) {
        of(worker).outbound.increment();
    }

    Map<String, Usage> byWorker() {
        Map<String, Usage> all = new LinkedHashMap<>();
        new TreeMap<>(byWorker).forEach((worker, c) -> all.put(worker, c.snapshot()));
        return all;
    }

    Usage total() {
        Usage sum = Usage.ZERO;
        for (Counters c : byWorker.values()) {
            sum = sum.plus(c.snapshot());
        }
        return sum;
    }
}
