package radicchio.bindings;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The HotSpot settings compiled QuickJS needs to be JIT-compiled at all, and a check of this JVM.
 *
 * <p>The guest's interpreter loop ({@code JS_CallInternal}) becomes one JVM method of ~26 KB of
 * bytecode (51 KB before wasm-guest's {@code tiered-jit-size.patch}). HotSpot by default never
 * compiles methods over 8,000 bytes ({@code DontCompileHugeMethods}), and C2 can give up on a method
 * this large with "out of nodes during split" under its default node budget
 * ({@code MaxNodeLimit=80000}). Then JavaScript stays in the bytecode interpreter: fib(25) takes
 * ~1.5 s instead of ~100 milliseconds.
 */
public final class JitSettings {
    /** The flags every JVM running isolates should have. */
    public static final List<String> FLAGS = List.of(
            "-XX:-DontCompileHugeMethods", "-XX:MaxNodeLimit=240000", "-XX:NodeLimitFudgeFactor=8000");

    private static final long NEEDED_NODE_LIMIT = 240_000;
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private JitSettings() {}

    /** The flags of {@link #FLAGS} this JVM lacks (empty when it is set up right, or not HotSpot). */
    public static List<String> missingFlags() {
        List<String> missing = new ArrayList<>();
        if (hotSpot() == null) {
            return missing; // not HotSpot: nothing we know how to check
        }
        if (!"false".equals(hotSpotOption("DontCompileHugeMethods"))) {
            missing.add(FLAGS.get(0));
        }
        String nodeLimit = hotSpotOption("MaxNodeLimit");
        if (nodeLimit != null && Long.parseLong(nodeLimit) < NEEDED_NODE_LIMIT) {
            missing.add(FLAGS.get(1));
            missing.add(FLAGS.get(2));
        }
        return missing;
    }

    /**
     * Hands {@code log} the warning about missing flags, once per process whoever asks first (the
     * CLI with its own logger, or {@link GuestModule} when it boots), and nothing if no flag is missing.
     */
    public static void warnOnceIfMissing(Consumer<String> log) {
        List<String> missing = missingFlags();
        if (!missing.isEmpty() && !WARNED.getAndSet(true)) {
            log.accept("this JVM runs without " + String.join(" ", missing)
                    + ": JavaScript will run about 10x slower. Add " + String.join(" ", FLAGS)
                    + " to the java command line.");
        }
    }

    /**
     * The value of HotSpot option {@code name} in this JVM (as {@code -XX:} sets it), or null when
     * the JVM is not HotSpot or has no such option.
     */
    public static String hotSpotOption(String name) {
        HotSpotDiagnosticMXBean hotspot = hotSpot();
        if (hotspot == null) {
            return null;
        }
        try {
            return hotspot.getVMOption(name).getValue();
        } catch (IllegalArgumentException e) {
            return null; // no such option in this JVM
        }
    }

    /** HotSpot's diagnostic bean, or null in another JVM. */
    private static HotSpotDiagnosticMXBean hotSpot() {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
