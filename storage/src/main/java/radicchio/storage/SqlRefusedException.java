package radicchio.storage;

/**
 * {@link SqlGuard} refused a statement from untrusted code before SQLite ran any of it: the
 * database is unchanged.
 */
public final class SqlRefusedException extends StorageException {
  public SqlRefusedException(String message) {
    super(message, "SQLITE_AUTH", null);
  }
}
