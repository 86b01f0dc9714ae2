package radicchio.storage;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns sqlite-jdbc exceptions into {@link StorageException}s whose messages read like the
 * platform's: SQLite's own error text followed by the primary result code name
 * ({@code "no such table: t: SQLITE_ERROR"}), without sqlite-jdbc's decoration.
 */
final class SqliteErrors {
  static final int SQLITE_INTERRUPT = 9;
  static final int SQLITE_FULL = 13;

  private SqliteErrors() {}

  static StorageException translate(SQLException e, QueryBudget budget) {
    int code = primaryCode(e);
    if (code == SQLITE_FULL) {
      return new StorageFullException(e);
    }
    if (code == SQLITE_INTERRUPT && budget != null && budget.tripped()) {
      return new QueryTimeoutException(budget.maxSteps(), e);
    }
    String name = code >= 0 ? SQLiteErrorCode.getErrorCode(code).name() : null;
    return new StorageException(sqliteMessage(e) + (name != null ? ": " + name : ""), name, e);
  }

  static int primaryCode(SQLException e) {
    if (e instanceof SQLiteException) {
      return ((SQLiteException) e).getResultCode().code & 0xff;
    }
    return e.getErrorCode() > 0 ? e.getErrorCode() & 0xff : -1;
  }

  /** SQLite's sqlite3_errmsg() text, taken out of sqlite-jdbc's "[CODE] description (msg)". */
  private static String sqliteMessage(SQLException e) {
    String message = String.valueOf(e.getMessage());
    if (e instanceof SQLiteException) {
      SQLiteErrorCode code = ((SQLiteException) e).getResultCode();
      String prefix = "[" + code.name() + "] " + code.message + " (";
      if (message.startsWith(prefix) && message.endsWith(")")) {
        return message.substring(prefix.length(), message.length() - 1);
      }
    }
    return message;
  }
}
