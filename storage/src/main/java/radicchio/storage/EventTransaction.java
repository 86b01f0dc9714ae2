package radicchio.storage;

import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * The transaction state of one object's connection: at most one event transaction (the
 * platform's implicit transaction: every write of an event commits together) with nested
 * {@code transactionSync} savepoints inside it, or, outside events, autocommit.
 *
 * <pre>
 *            beginEvent()               commitEvent() / rollbackEvent()
 *   IDLE  ----------------->  EVENT  ----------------------------------->  IDLE
 *    |  transactionSync()       |  transactionSync(): SAVEPOINT depth+1, RELEASE or
 *    v  (outermost savepoint    v  ROLLBACK TO + RELEASE on throw
 *   SAVEPOINT = a transaction  EVENT+SAVEPOINTS
 *
 *   any state --SQLite rolls back on its own--> BROKEN --rollbackEvent()--> IDLE
 * </pre>
 *
 * Invariants: (1) while an event is open every write is inside its transaction: if SQLite
 * ends that transaction by itself (an interrupted write, some I/O errors), the state becomes
 * BROKEN and every storage call fails until {@link #rollbackEvent()}, so no later write can
 * slip into autocommit; (2) {@link #commitEvent()} returns only after SQLite's COMMIT returned and
 * the after-commit hook ran, which waits for the WAL fsync (ObjectStore's WalSync) unless the
 * caller takes that wait over ({@code ObjectStore.commitEventDeferred}): the output gate's
 * durability point;
 * (3) open cursors are closed before any COMMIT or ROLLBACK, which SQLite would otherwise refuse.
 */
final class EventTransaction {
  private static final String SAVEPOINT_PREFIX = "_cf_sync_savepoint_";

  private final StoreConnection connection;
  private final Runnable closeCursors;
  private final Runnable afterCommit;
  private boolean eventOpen;
  private int savepointDepth;
  private boolean broken;

  EventTransaction(StoreConnection connection, Runnable closeCursors, Runnable afterCommit) {
    this.connection = connection;
    this.closeCursors = closeCursors;
    this.afterCommit = afterCommit;
    connection.onUnexpectedRollback(() -> {
      if (eventOpen || savepointDepth > 0) {
        broken = true;
      }
    });
  }

  boolean eventOpen() {
    return eventOpen;
  }

  boolean inTransaction() {
    return eventOpen || savepointDepth > 0;
  }

  /** Throws if SQLite already rolled the open transaction back: see invariant (1). */
  void checkUsable() {
    if (broken) {
      throw new StorageException("SQLite rolled back this event's transaction after an earlier "
          + "error; its writes are lost. Roll the event back and reset the object.");
    }
  }

  void beginEvent() {
    checkUsable();
    if (eventOpen || savepointDepth > 0) {
      throw new IllegalStateException("an event is already open on this object");
    }
    runTrusted("BEGIN");
    eventOpen = true;
  }

  void commitEvent() {
    if (!eventOpen) {
      throw new IllegalStateException("no event is open on this object");
    }
    if (savepointDepth > 0) {
      throw new IllegalStateException("cannot commit the event inside transactionSync()");
    }
    if (broken) {
      rollbackEvent();
      throw new StorageException("the event's transaction was rolled back by SQLite after an "
          + "earlier error; nothing was committed");
    }
    closeCursors.run();
    try {
      connection.run("COMMIT");
    } catch (SQLException e) {
      // A failed COMMIT may or may not have rolled back; make sure nothing half-done stays open.
      StorageException failure = connection.translate(e);
      try {
        rollbackQuietly();
      } catch (StorageException rollbackFailed) {
        failure.addSuppressed(rollbackFailed);
      }
      throw failure;
    }
    eventOpen = false;
    afterCommit.run();
  }

  /** Discards the open event's writes (and its savepoints); a no-op when no event is open. */
  void rollbackEvent() {
    if (!eventOpen && savepointDepth == 0 && !broken) {
      return;
    }
    rollbackQuietly();
  }

  /**
   * Rolls back whatever is open. "No transaction is active" means SQLite already rolled back,
   * which is what we want; any other failure (seen after SQLITE_FULL) may leave SQLite's
   * transaction open, so this throws and the connection must be closed (closing rolls back).
   */
  private void rollbackQuietly() {
    closeCursors.run();
    try {
      connection.rollback("ROLLBACK");
    } catch (SQLException e) {
      if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
        throw new StorageException("the rollback failed, so the database must be reopened: "
            + connection.translate(e).getMessage(), e);
      }
    }
    eventOpen = false;
    savepointDepth = 0;
    broken = false;
  }

  /**
   * Runs {@code body} inside a savepoint: released if it returns, rolled back to and released if
   * it throws (the exception is rethrown unchanged). Outside an event the outermost savepoint is
   * a transaction of its own and commits durably on release.
   */
  <T> T savepoint(Supplier<T> body) {
    openSavepoint();
    T result;
    try {
      result = body.get();
    } catch (Throwable t) {
      rollbackSavepoint(t);
      throw t;
    }
    releaseSavepoint();
    return result;
  }

  /**
   * Opens the next savepoint. {@link #savepoint} in three steps, for callers whose body is not a
   * Java function (the JS bridge: the body runs in the guest between two host calls). Each open
   * must be matched, innermost first, by one {@link #releaseSavepoint} or
   * {@link #rollbackSavepoint}.
   */
  void openSavepoint() {
    checkUsable();
    runTrusted("SAVEPOINT " + SAVEPOINT_PREFIX + savepointDepth);
    savepointDepth++;
  }

  /** Releases the innermost savepoint; outside an event the outermost one commits durably. */
  void releaseSavepoint() {
    String name = leaveSavepoint();
    checkUsable();
    if (savepointDepth == 0 && !eventOpen) {
      closeCursors.run();
    }
    try {
      connection.run("RELEASE " + name);
    } catch (SQLException e) {
      StorageException failure = connection.translate(e);
      undoSavepoint(name, failure);
      throw failure;
    }
    if (savepointDepth == 0 && !eventOpen) {
      afterCommit.run();
    }
  }

  /** Rolls back to the innermost savepoint and releases it; problems are added to {@code cause}. */
  void rollbackSavepoint(Throwable cause) {
    undoSavepoint(leaveSavepoint(), cause);
  }

  private String leaveSavepoint() {
    if (savepointDepth == 0) {
      throw new IllegalStateException("no transactionSync() savepoint is open");
    }
    savepointDepth--;
    return SAVEPOINT_PREFIX + savepointDepth;
  }

  private void undoSavepoint(String name, Throwable cause) {
    if (savepointDepth == 0 && !eventOpen) {
      closeCursors.run();
    }
    if (broken) {
      if (savepointDepth == 0 && !eventOpen) {
        rollbackQuietly();
      }
      return;
    }
    try {
      connection.rollback("ROLLBACK TO " + name);
      connection.run("RELEASE " + name);
    } catch (SQLException e) {
      cause.addSuppressed(connection.translate(e));
      broken = inTransaction();
    }
  }

  /**
   * Makes the open event's writes durable now and continues the event in a new transaction;
   * outside events everything is already durable and this returns at once.
   */
  void sync() {
    checkUsable();
    if (savepointDepth > 0) {
      throw new IllegalStateException("sync() cannot be called inside transactionSync()");
    }
    if (eventOpen) {
      commitEvent();
      beginEvent();
    }
  }

  /** Reports a write made outside any transaction: it committed when its statement finished. */
  void afterAutocommitWrite() {
    if (!inTransaction()) {
      afterCommit.run();
    }
  }

  private void runTrusted(String sql) {
    try {
      connection.run(sql);
    } catch (SQLException e) {
      throw connection.translate(e);
    }
  }
}
