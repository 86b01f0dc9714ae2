package radicchio.storage;

/**
 * Unchecked root of every failure the storage layer reports. Subclasses name the kinds the
 * engine must tell apart ({@link SqlRefusedException}, {@link StorageFullException},
 * {@link QueryTimeoutException}); anything else is a plain {@code StorageException}, usually a
 * SQLite error (syntax, constraint, ...) whose message ends with the SQLite code name, e.g.
 * {@code "no such table: t: SQLITE_ERROR"}. Messages are safe to show to the object's code: they
 * never contain file paths.
 */
public class StorageException extends RuntimeException {
  private final String sqliteCode;

  public StorageException(String message) {
    this(message, null, null);
  }

  public StorageException(String message, Throwable cause) {
    this(message, null, cause);
  }

  public StorageException(String message, String sqliteCode, Throwable cause) {
    super(message, cause);
    this.sqliteCode = sqliteCode;
  }

  /** The primary SQLite result code name (e.g. {@code "SQLITE_FULL"}), or null if none. */
  public String sqliteCode() {
    return sqliteCode;
  }
}
