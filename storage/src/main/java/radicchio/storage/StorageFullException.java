package radicchio.storage;

/**
 * A write would grow the object's database past its quota ({@link StorageLimits#maxDatabaseBytes()})
 * or the disk is full. Nothing of the failing statement remains. Inside an event SQLite undoes
 * just the statement when it kept a statement journal (multi-row writes); otherwise (e.g. a
 * one-row INSERT) it rolls the whole event transaction back, and the store then refuses work
 * until {@link ObjectStore#rollbackEvent()} (see {@link EventTransaction}).
 */
public final class StorageFullException extends StorageException {
  public StorageFullException(Throwable cause) {
    super("database or disk is full: SQLITE_FULL", "SQLITE_FULL", cause);
  }
}
