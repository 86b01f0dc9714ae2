package radicchio.storage;

/**
 * A write would grow the object's database past its quota ({@link StorageLimits#maxDatabaseBytes()})
 * or the disk is full. SQLite undid the failing statement; earlier writes of the event stay.
 */
public final class StorageFullException extends StorageException {
  public StorageFullException(Throwable cause) {
    super("database or disk is full: SQLITE_FULL", "SQLITE_FULL", cause);
  }
}
