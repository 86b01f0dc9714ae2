package radicchio.bindings;

/**
 * A call was to start inside another call on the same thread whose CPU budget had already run
 * out ({@link CpuWatchdog#start}); the inner call does not start.
 */
final class CallerOutOfCpuException extends RuntimeException {
    CallerOutOfCpuException() {
        super("the calling worker ran out of CPU time before this call could start", null, false, false);
    }
}
