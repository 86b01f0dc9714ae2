package radicchio.engine;

/**
 * A worker's code did not load: a syntax error, an exception at the top level of a module, a
 * missing module. The message names the worker and carries the JS error's message and the
 * file and line it points at.
 */
public final class WorkerLoadException extends RuntimeException {
    public WorkerLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
