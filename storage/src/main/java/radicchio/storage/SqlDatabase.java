package radicchio.storage;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The object's SQL API for untrusted code ({@code ctx.storage.sql}). Every statement passes
 * {@link SqlGuard} before SQLite sees it, and every call into SQLite on its behalf runs under the
 * {@link QueryBudget}. Values crossing this API: {@code Long}, {@code Double}, {@code String},
 * {@code byte[]}, {@code null}. Integers always come back as {@code Long}; the JS layer turns
 * those beyond ±2^53 into BigInt (or however it chooses) so no precision is lost here.
 *
 * <p>Invariant: a refused query runs nothing; a query whose n-th statement fails at run time
 * keeps the effects of statements 1..n-1 (as on the platform), all inside the current event.
 */
public final class SqlDatabase {
  private final StoreConnection connection;
  private final EventTransaction transaction;
  private final Set<SqlCursor> openCursors = Collections.newSetFromMap(new IdentityHashMap<>());
  private final StatementCache cache = new StatementCache();
  private long pageSize;

  SqlDatabase(StoreConnection connection, EventTransaction transaction) {
    this.connection = connection;
    this.transaction = transaction;
  }

  /**
   * Runs every statement of {@code query}; returns a cursor over the last one's rows. Bindings
   * apply to the last statement; earlier statements must have no parameters.
   *
   * @throws SqlRefusedException if the guard refuses any statement (nothing ran)
   * @throws StorageFullException if a write hit the quota
   * @throws QueryTimeoutException if a statement used up its step budget
   * @throws StorageException for SQLite errors (syntax, constraints, ...)
   * @throws IllegalArgumentException for a binding of an unsupported type
   */
  public SqlCursor exec(String query, Object... bindings) {
    if (query == null) {
      throw new IllegalArgumentException("SQL query must be a string");
    }
    Object[] values = SqlValues.bindings(bindings);
    transaction.checkUsable();
    List<SqlScript.Statement> statements = cache.checkedScript(query);
    if (statements == null) {
      statements = checkedStatements(query);
      cache.rememberChecked(query, statements);
    }
    boolean schemaMayChange = StatementCache.mayChangeSchema(statements);
    long[] counts = new long[2];
    for (int i = 0; i < statements.size() - 1; i++) {
      runIntermediate(statements.get(i).text(), counts);
    }
    if (schemaMayChange) {
      cache.forgetStatements();
    }
    try {
      return open(statements.get(statements.size() - 1), values, counts);
    } finally {
      if (schemaMayChange) {
        cache.forgetStatements();
      }
    }
  }

  /**
   * The statements of {@code query}, after every check the guard makes on untrusted SQL. A text
   * that passed once is remembered by the cache, so repeated queries skip all of this.
   */
  private static List<SqlScript.Statement> checkedStatements(String query) {
    SqlGuard.checkText(query);
    if (query.length() > StorageLimits.SQL_LENGTH
        && query.getBytes(StandardCharsets.UTF_8).length > StorageLimits.SQL_LENGTH) {
      throw new StorageException("statement too long: SQLITE_TOOBIG", "SQLITE_TOOBIG", null);
    }
    List<SqlScript.Statement> statements = SqlScript.split(query);
    if (statements.isEmpty()) {
      throw new StorageException("SQL code did not contain a statement.");
    }
    for (SqlScript.Statement statement : statements) {
      SqlGuard.check(statement);
    }
    return statements;
  }

  /** Bytes the database occupies: page_count times page_size (what the quota measures). */
  public long databaseSize() {
    transaction.checkUsable();
    try {
      if (pageSize == 0) {
        pageSize = connection.queryLong("PRAGMA page_size");
      }
      return connection.queryLong("PRAGMA page_count") * pageSize;
    } catch (SQLException e) {
      throw connection.translate(e);
    }
  }

  /** Runs a statement that is not the last: one step, like the platform; rows are dropped. */
  private void runIntermediate(String sql, long[] counts) {
    PreparedStatement statement = prepare(sql);
    try {
      if (statement.getParameterMetaData().getParameterCount() > 0) {
        throw new StorageException("When executing multiple SQL statements in a single call, "
            + "only the last statement can have parameters.");
      }
      long before = connection.totalChanges();
      boolean hasRows = budgeted(statement::execute);
      counts[0] += hasRows ? 1 : 0;
      counts[1] += connection.totalChanges() - before;
    } catch (SQLException e) {
      throw connection.translate(e);
    } finally {
      closeQuietly(statement);
    }
  }

  private SqlCursor open(SqlScript.Statement last, Object[] values, long[] counts) {
    StatementCache.Prepared prepared = leaseOrPrepare(last);
    PreparedStatement statement = prepared.statement();
    try {
      if (prepared.parameterCount() != values.length) {
        throw new StorageException("Wrong number of parameter bindings for SQL query.");
      }
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      long before = prepared.readOnly() ? 0 : connection.totalChanges();
      boolean hasRows = budgeted(statement::execute);
      ResultSet rows = hasRows ? statement.getResultSet() : null;
      long written = prepared.readOnly() ? 0 : connection.totalChanges() - before;
      SqlCursor cursor = new SqlCursor(this, prepared, rows, prepared.columns(), counts[0], counts[1] + written);
      if (rows != null) {
        openCursors.add(cursor);
      } else {
        cache.release(prepared);
      }
      return cursor;
    } catch (SQLException e) {
      closeQuietly(statement);
      throw connection.translate(e);
    } catch (RuntimeException e) {
      closeQuietly(statement);
      throw e;
    }
  }

  /** A cached statement for {@code last}, or a new one with its parameter count and result column names. */
  private StatementCache.Prepared leaseOrPrepare(SqlScript.Statement last) {
    String sql = last.text();
    try {
      StatementCache.Prepared cached = cache.lease(sql);
      if (cached != null) {
        return cached;
      }
    } catch (SQLException e) {
      throw connection.translate(e);
    }
    PreparedStatement statement = prepare(sql);
    try {
      ResultSetMetaData meta = statement.getMetaData();
      int columns = columnCount(meta);
      List<String> names = new ArrayList<>(columns);
      for (int i = 1; i <= columns; i++) {
        names.add(meta.getColumnLabel(i));
      }
      int parameters = statement.getParameterMetaData().getParameterCount();
      return new StatementCache.Prepared(sql, statement, parameters, List.copyOf(names), StatementCache.isQuery(last));
    } catch (SQLException e) {
      closeQuietly(statement);
      throw connection.translate(e);
    }
  }

  /** Result columns of a prepared statement; sqlite-jdbc throws instead of answering 0. */
  private static int columnCount(ResultSetMetaData meta) {
    if (meta == null) {
      return 0;
    }
    try {
      return meta.getColumnCount();
    } catch (SQLException e) {
      return 0;
    }
  }

  /** One cursor step under the budget: the next row as values, or null at the end. */
  Object[] step(SqlCursor cursor, ResultSet rows, boolean readOnly, long[] changes) {
    transaction.checkUsable();
    try {
      long before = readOnly ? 0 : connection.totalChanges();
      boolean hasRow = budgeted(rows::next);
      changes[0] = readOnly ? 0 : connection.totalChanges() - before;
      if (!hasRow) {
        return null;
      }
      int columns = cursor.columnNames().size();
      Object[] values = new Object[columns];
      for (int i = 0; i < columns; i++) {
        values[i] = SqlValues.fromSqlite(rows.getObject(i + 1));
      }
      return values;
    } catch (SQLException e) {
      throw connection.translate(e);
    }
  }

  void cursorFinished(SqlCursor cursor, StatementCache.Prepared prepared, ResultSet rows) {
    openCursors.remove(cursor);
    try {
      if (rows != null) {
        rows.close(); // resets the statement, so it can run again
      }
      cache.release(prepared);
    } catch (SQLException e) {
      closeQuietly(prepared.statement());
    }
  }

  /** Closes the cached statements; the connection is closing. */
  void close() {
    cache.forgetStatements();
  }

  /** Closes every cursor still open; runs before COMMIT and ROLLBACK. */
  void closeOpenCursors() {
    for (SqlCursor cursor : new ArrayList<>(openCursors)) {
      cursor.closeBecauseTransactionEnded();
    }
    openCursors.clear();
  }

  private PreparedStatement prepare(String sql) {
    try {
      return budgeted(() -> connection.jdbc().prepareStatement(sql));
    } catch (SQLException e) {
      throw connection.translate(e);
    }
  }

  private interface SqliteCall<T> {
    T call() throws SQLException;
  }

  private <T> T budgeted(SqliteCall<T> call) throws SQLException {
    QueryBudget budget = connection.budget();
    budget.arm();
    try {
      return call.call();
    } finally {
      budget.disarm();
    }
  }

  private static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException ignored) {
      // Finalizing reports the statement's last error, already reported when it happened.
    }
  }
}
