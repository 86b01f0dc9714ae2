package radicchio.engine;

/**
 * What the engine reports of an app's workers as they run, for a supervisor that bills, logs or
 * audits them ({@link TenantRuntime}); apps started with {@link Engine#start} have {@link #NONE}.
 * {@code worker} is always the worker's log tag ({@code WorkerConsole}). Calls come from the
 * threads running the workers, concurrently: implementations must be thread-safe and quick.
 */
interface WorkerObserver {
    WorkerObserver NONE = new WorkerObserver() {};

    /** Whether storage traffic is measured at all (sizing it costs an encoding per request). */
    default boolean measuresStorage() {
        return false;
    }

    /** An event (request, RPC, facet call) used {@code nanos} of thread CPU time. */
    default void cpu(String worker, long nanos) {}

    /** A console line (already cut to WorkerConsole's maximum). */
    default void log(String worker, int level, String line) {}

    /**
     * One storage request: keys or rows read and written, and the bytes of the request (written)
     * and of the reply (read) as they crossed the storage boundary.
     */
    default void storage(String worker, long reads, long writes, long bytesRead, long bytesWritten) {}

    /** A global {@code fetch()} was sent to the worker's outbound. */
    default void outbound(String worker) {}
}
