package radicchio.bindings;

/** A call stopped because the isolate went over one of its {@link Limits}; the isolate is discarded. */
public final class LimitExceededException extends GuestException {
    /** Which limit. */
    public enum Kind {
        CPU("CPU time limit"),
        MEMORY("memory limit"),
        STACK("stack depth limit");

        private final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    private final Kind kind;

    public LimitExceededException(Kind kind, String detail, Throwable cause) {
        super("Worker exceeded its " + kind.description + (detail == null ? "" : " (" + detail + ")"), cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
