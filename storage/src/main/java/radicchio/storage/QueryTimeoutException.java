package radicchio.storage;

/**
 * A SQL statement used up its step budget ({@link StorageLimits#maxQuerySteps()}) and SQLite
 * interrupted it. If the statement was writing inside an event, SQLite rolled the whole event
 * transaction back; the store then refuses further work until {@link ObjectStore#rollbackEvent()}.
 */
public final class QueryTimeoutException extends StorageException {
  public QueryTimeoutException(long steps, Throwable cause) {
    super("SQL query exceeded its limit of " + steps
        + " virtual machine steps and was interrupted: SQLITE_INTERRUPT", "SQLITE_INTERRUPT", cause);
  }
}
