package radicchio.engine.supervisor;

/**
 * A durable object driven from Java: the supervisor side of an {@code AppRunner}. It has its own
 * SQLite storage and facets; events run one at a time (a second {@link #run} waits for the
 * first, from any thread), and each one's writes are committed (fsync) before {@link #run}
 * returns. An idle object is closed after the engine's hibernation delay and reopened by the
 * next event; its running facets stop with it, their storage stays.
 *
 * <p>An event runs on the thread that calls {@link #run}, and so do the facet calls it makes
 * when that thread's stack is deep enough for the guest's recursion: the engine's own threads,
 * or any thread of a JVM started with {@code -Xss16m} or more (as {@code ./radicchio} does).
 * Otherwise each facet call runs on an engine thread while the event waits, which costs two
 * thread switches (tens of microseconds) per call.
 */
public interface SupervisedObject {
    /** The name it was created with. */
    String name();

    /** The object's log tag (its facets' tags start with it). */
    String tag();

    /**
     * Runs one event. If {@code event} throws, its storage writes are rolled back (facet events it
     * ran committed on their own) and the exception comes out as is.
     */
    <T> T run(ObjectEvent<T> event) throws Exception;
}
