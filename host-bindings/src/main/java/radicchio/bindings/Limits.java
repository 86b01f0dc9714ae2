package radicchio.bindings;

import java.time.Duration;
import java.util.Objects;

/**
 * Per-isolate resource limits. Immutable; build with {@link #of} and the {@code with*} methods.
 *
 * <ul>
 *   <li>{@code memoryBytes}: the Wasm linear memory may not grow past this (rounded down to 64 KiB
 *       pages); QuickJS's own heap limit is set a little lower so that JS sees a clean
 *       "out of memory" error before malloc fails. Default 128 MiB, the platform's figure.</li>
 *   <li>{@code cpuPerCall}: thread CPU time one call may use before it is interrupted and the
 *       isolate discarded. Time spent waiting (timers, host calls) does not count. Default 30 s.</li>
 *   <li>{@code stackBytes}: QuickJS's stack limit, on the guest's 1 MiB shadow stack; deeper
 *       recursion is a {@code RangeError}. Default 224 KiB, about 2,000 levels of a simple
 *       recursive function. Each level is also a JVM frame of the compiled interpreter loop, up to
 *       ~6 KB in C1's code, so the default needs a 16 MiB thread stack (what the engine's threads
 *       have) to end in the {@code RangeError}; on a smaller stack the JVM's runs out first and the
 *       call fails with a {@link LimitExceededException} instead.</li>
 * </ul>
 */
public final class Limits {
    public static final Limits DEFAULT = new Limits(128L << 20, Duration.ofSeconds(30), 224 << 10);

    private final long memoryBytes;
    private final Duration cpuPerCall;
    private final int stackBytes;

    private Limits(long memoryBytes, Duration cpuPerCall, int stackBytes) {
        if (memoryBytes < (8L << 20) || memoryBytes > (2L << 30)) {
            throw new IllegalArgumentException("memoryBytes must be between 8 MiB and 2 GiB: " + memoryBytes);
        }
        if (cpuPerCall.isNegative() || cpuPerCall.isZero()) {
            throw new IllegalArgumentException("cpuPerCall must be positive: " + cpuPerCall);
        }
        if (stackBytes < (64 << 10) || stackBytes > (896 << 10)) {
            throw new IllegalArgumentException("stackBytes must be between 64 KiB and 896 KiB: " + stackBytes);
        }
        this.memoryBytes = memoryBytes;
        this.cpuPerCall = cpuPerCall;
        this.stackBytes = stackBytes;
    }

    public static Limits of(long memoryBytes, Duration cpuPerCall) {
        return new Limits(memoryBytes, cpuPerCall, DEFAULT.stackBytes);
    }

    public Limits withMemoryBytes(long bytes) {
        return new Limits(bytes, cpuPerCall, stackBytes);
    }

    public Limits withCpuPerCall(Duration cpu) {
        return new Limits(memoryBytes, Objects.requireNonNull(cpu), stackBytes);
    }

    public Limits withStackBytes(int bytes) {
        return new Limits(memoryBytes, cpuPerCall, bytes);
    }

    public long memoryBytes() {
        return memoryBytes;
    }

    public Duration cpuPerCall() {
        return cpuPerCall;
    }

    public int stackBytes() {
        return stackBytes;
    }

    @Override
    public String toString() {
        return "Limits{memory=" + (memoryBytes >> 20) + " MiB, cpuPerCall=" + cpuPerCall.toMillis()
                + " ms, stack=" + (stackBytes >> 10) + " KiB}";
    }
}
