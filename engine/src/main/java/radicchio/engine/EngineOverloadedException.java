package radicchio.engine;

/** The engine refused work because too much is already waiting (the HTTP side answers 503). */
public final class EngineOverloadedException extends RuntimeException {
    public EngineOverloadedException(String message, Throwable cause) {
        super(message, cause);
    }
}
