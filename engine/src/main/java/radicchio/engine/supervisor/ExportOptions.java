package radicchio.engine.supervisor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import radicchio.bindings.abi.WireWriter;

/**
 * The options of {@link Worker#entrypoint(String, ExportOptions)} and
 * {@link Worker#durableObjectClass(String, ExportOptions)}, as the platform's
 * {@code getEntrypoint(name, {props, limits})} and {@code getDurableObjectClass(name, {props, limits})}:
 * the {@code ctx.props} its instances see, and limits that can only lower the code's and the
 * tenant's (the lower value wins). Immutable; start from {@link #NONE}.
 *
 * <pre>{@code
 * Worker api = worker.entrypoint("Api", ExportOptions.NONE.props(Map.of("user", "u-17")).cpuMs(20));
 * }</pre>
 */
public final class ExportOptions {
    /** No props (an empty {@code ctx.props}) and the code's limits. */
    public static final ExportOptions NONE = new ExportOptions(null, null, null);

    private final Map<String, Object> props;
    private final Long cpuMs;
    private final Integer subRequests;

    private ExportOptions(Map<String, Object> props, Long cpuMs, Integer subRequests) {
        this.props = props;
        this.cpuMs = cpuMs;
        this.subRequests = subRequests;
    }

    /**
     * These options with {@code ctx.props} = {@code props}: wire values (String, Number, Boolean,
     * null, List, Map, byte[], the {@code radicchio.bindings.abi} types), encoded into each call.
     *
     * @throws IllegalArgumentException when a value cannot cross into the worker
     */
    public ExportOptions props(Map<String, Object> props) {
        Objects.requireNonNull(props, "props");
        try {
            WireWriter.encode(props); // fail here, not at the first call
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("props cannot be passed to a worker: " + e.getMessage(), e);
        }
        // A copy, so that later changes to the caller's map do not reach calls made with these options.
        return new ExportOptions(Collections.unmodifiableMap(new LinkedHashMap<>(props)), cpuMs, subRequests);
    }

    /** These options with {@code limits.cpuMs}: CPU milliseconds per event, at least 1. */
    public ExportOptions cpuMs(long cpuMs) {
        if (cpuMs < 1) {
            throw new IllegalArgumentException("cpuMs must be at least 1: " + cpuMs);
        }
        return new ExportOptions(props, cpuMs, subRequests);
    }

    /** These options with {@code limits.subRequests}: subrequests per event, at least 0. */
    public ExportOptions subRequests(int subRequests) {
        if (subRequests < 0) {
            throw new IllegalArgumentException("subRequests must be at least 0: " + subRequests);
        }
        return new ExportOptions(props, cpuMs, subRequests);
    }

    /** The props, or null when none were given. */
    public Map<String, Object> props() {
        return props;
    }

    /** The CPU milliseconds per event, or null for the code's limit. */
    public Long cpuMs() {
        return cpuMs;
    }

    /** The subrequests per event, or null for the code's limit. */
    public Integer subRequests() {
        return subRequests;
    }
}
