package radicchio.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.bindings.HostServices;

/**
 * Where a worker's console output goes: SLF4J logger {@code radicchio.worker}, each line tagged
 * with the worker (and the object, for Durable Objects) so interleaved output stays attributable;
 * and the app's {@link WorkerObserver} (a supervisor's log sink), with the same tag.
 */
final class WorkerConsole {
    private static final Logger LOG = LoggerFactory.getLogger("radicchio.worker");
    /** Lines longer than this are cut: one console.log must not flood the log. */
    static final int MAX_LINE_CHARS = 16_384;

    private final String tag;
    private final WorkerObserver observer;

    WorkerConsole(String tag, WorkerObserver observer) {
        this.tag = tag;
        this.observer = observer;
    }

    String tag() {
        return tag;
    }

    void log(int level, String message) {
        String line = message.length() > MAX_LINE_CHARS ? message.substring(0, MAX_LINE_CHARS) + "…" : message;
        switch (level) {
            case HostServices.DEBUG -> LOG.debug("[{}] {}", tag, line);
            case HostServices.WARN -> LOG.warn("[{}] {}", tag, line);
            case HostServices.ERROR -> LOG.error("[{}] {}", tag, line);
            default -> LOG.info("[{}] {}", tag, line);
        }
        observer.log(tag, level, line);
    }
}
