package radicchio.engine.supervisor;

/**
 * Receives a tenant's console lines as they are written, on the thread running the worker (which
 * waits): keep it quick, and thread-safe. A sink that throws loses that line only.
 */
@FunctionalInterface
public interface LogSink {
    void log(LogLine line);
}
