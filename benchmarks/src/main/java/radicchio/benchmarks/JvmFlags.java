package radicchio.benchmarks;

/**
 * The JVM flags of every JMH fork (annotation values must be constants, so they are spelled out
 * here rather than read from {@code radicchio.bindings.JitSettings.FLAGS}, which a test keeps equal).
 */
public final class JvmFlags {
    public static final String HUGE_METHODS = "-XX:-DontCompileHugeMethods";
    public static final String NODE_LIMIT = "-XX:MaxNodeLimit=240000";
    public static final String NODE_FUDGE = "-XX:NodeLimitFudgeFactor=8000";
    /**
     * Deep JS recursion runs deep Java recursion in the compiled guest. 16 MiB, the engine
     * threads' own size, as {@code ./radicchio} sets it: with it the benchmark's thread may run
     * a supervisor's facet calls itself (engine ObjectEventThreads).
     */
    public static final String STACK = "-Xss16m";

    private JvmFlags() {}
}
