package radicchio.engine.supervisor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import radicchio.bindings.abi.WireFormatException;
import radicchio.bindings.abi.WireWriter;

/**
 * Code to load into a tenant: the Java form of the Worker Loader's {@code WorkerCode}. Modules are
 * JS (ES modules) or text; {@code env} holds plain values (strings, numbers, booleans, null,
 * lists, maps with string keys, byte arrays) that become the worker's {@code env} as they are.
 * Immutable; build with {@link #builder}.
 *
 * <pre>
 *   WorkerCode code = WorkerCode.builder("worker.js")
 *           .module("worker.js", source)
 *           .compatibilityDate("2026-04-01")
 *           .outbound(WorkerOutbound.denied())        // globalOutbound: null
 *           .build();
 * </pre>
 */
public final class WorkerCode {
    private final String mainModule;
    private final Map<String, Object> modules;
    private final Map<String, Object> env;
    private final String compatibilityDate;
    private final List<String> compatibilityFlags;
    private final Integer cpuMs;
    private final Integer subRequests;
    private final WorkerOutbound outbound;

    private WorkerCode(Builder b) {
        this.mainModule = b.mainModule;
        this.modules = Map.copyOf(b.modules);
        this.env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.env));
        this.compatibilityDate = b.compatibilityDate;
        this.compatibilityFlags = List.copyOf(b.compatibilityFlags);
        this.cpuMs = b.cpuMs;
        this.subRequests = b.subRequests;
        this.outbound = b.outbound;
    }

    public static Builder builder(String mainModule) {
        return new Builder(mainModule);
    }

    public String mainModule() {
        return mainModule;
    }

    /** Module name to content: a {@code String} (JS), or a one-entry map {@code {"text": String}}. */
    public Map<String, Object> modules() {
        return modules;
    }

    public Map<String, Object> env() {
        return env;
    }

    /** May be null. */
    public String compatibilityDate() {
        return compatibilityDate;
    }

    public List<String> compatibilityFlags() {
        return compatibilityFlags;
    }

    /** {@code limits.cpuMs}: lowers the tenant's CPU limit for this code; null for none. */
    public Integer cpuMs() {
        return cpuMs;
    }

    /** {@code limits.subRequests}: the most subrequests one event of this code may make; null for no limit. */
    public Integer subRequests() {
        return subRequests;
    }

    public WorkerOutbound outbound() {
        return outbound;
    }

    public static final class Builder {
        private final String mainModule;
        private final Map<String, Object> modules = new LinkedHashMap<>();
        private final Map<String, Object> env = new LinkedHashMap<>();
        private String compatibilityDate;
        private List<String> compatibilityFlags = List.of();
        private Integer cpuMs;
        private Integer subRequests;
        private WorkerOutbound outbound = WorkerOutbound.inherit();

        private Builder(String mainModule) {
            this.mainModule = Objects.requireNonNull(mainModule, "mainModule");
        }

        /** An ES module. */
        public Builder module(String name, String js) {
            modules.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(js, "js"));
            return this;
        }

        /** A text module: its default export is {@code text}. */
        public Builder textModule(String name, String text) {
            modules.put(Objects.requireNonNull(name, "name"), Map.of("text", Objects.requireNonNull(text, "text")));
            return this;
        }

        /** One {@code env} binding: a plain value (see the class comment). */
        public Builder env(String name, Object value) {
            try {
                WireWriter.encode(value);
            } catch (WireFormatException e) {
                throw new IllegalArgumentException("env." + name + " is not a plain value: " + e.getMessage(), e);
            }
            env.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        public Builder compatibilityDate(String date) {
            this.compatibilityDate = date;
            return this;
        }

        public Builder compatibilityFlags(List<String> flags) {
            this.compatibilityFlags = List.copyOf(flags);
            return this;
        }

        /** {@code limits.cpuMs}: CPU milliseconds per event, at least 1; can only lower the tenant's limit. */
        public Builder cpuMs(int ms) {
            if (ms < 1) {
                throw new IllegalArgumentException("cpuMs must be at least 1: " + ms);
            }
            this.cpuMs = ms;
            return this;
        }

        /**
         * {@code limits.subRequests}: how many {@code fetch()} calls and calls to other workers, objects
         * and facets one event may make, at least 0; the next one throws.
         */
        public Builder subRequests(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("subRequests must be at least 0: " + count);
            }
            this.subRequests = count;
            return this;
        }

        public Builder outbound(WorkerOutbound outbound) {
            this.outbound = Objects.requireNonNull(outbound, "outbound");
            return this;
        }

        public WorkerCode build() {
            if (!modules.containsKey(mainModule)) {
                throw new IllegalArgumentException("the main module " + mainModule + " is not one of the modules");
            }
            if (!(modules.get(mainModule) instanceof String)) {
                throw new IllegalArgumentException("the main module " + mainModule + " must be a JS module");
            }
            return new WorkerCode(this);
        }
    }
}
