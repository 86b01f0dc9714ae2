package radicchio.storage;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The rows of the last statement of one {@link SqlDatabase#exec} call, read lazily: each row is
 * stepped out of SQLite when asked for, so {@link #rowsRead()} and {@link #rowsWritten()} grow
 * as the cursor is iterated. Rows come as maps (column name to value, in column order; a later
 * duplicate column name overwrites an earlier one) or, through {@link #raw()}, as arrays. The
 * cursor is single-pass: {@link #iterator()} returns the cursor itself.
 *
 * <p>Counting: {@code rowsRead} counts rows produced by the statements of the exec call (one
 * per intermediate statement that produced a row, every row of the last one), not rows SQLite
 * visited internally; {@code rowsWritten} counts rows inserted, updated or deleted, including
 * by triggers and foreign key actions (SQLite's total_changes).
 *
 * <p>A cursor still open when its event commits or rolls back is closed; reading it then throws.
 */
public final class SqlCursor implements Iterator<Map<String, Object>>, Iterable<Map<String, Object>>,
    AutoCloseable {
  private final SqlDatabase database;
  private final StatementCache.Prepared statement;
  private final ResultSet rows;
  private final List<String> columnNames;
  private final long[] stepChanges = new long[1];
  private Object[] pending;
  private boolean finished;
  private boolean closedByTransactionEnd;
  private long rowsRead;
  private long rowsWritten;

  SqlCursor(SqlDatabase database, StatementCache.Prepared statement, ResultSet rows,
      List<String> columnNames, long rowsRead, long rowsWritten) {
    this.database = database;
    this.statement = statement;
    this.rows = rows;
    this.columnNames = List.copyOf(columnNames);
    this.rowsRead = rowsRead;
    this.rowsWritten = rowsWritten;
    this.finished = rows == null;
  }

  /** Column names of the last statement, in order (empty for statements without results). */
  public List<String> columnNames() {
    return columnNames;
  }

  public long rowsRead() {
    return rowsRead;
  }

  public long rowsWritten() {
    return rowsWritten;
  }

  @Override
  public boolean hasNext() {
    if (pending != null) {
      return true;
    }
    if (closedByTransactionEnd) {
      throw new StorageException("This SQL cursor was closed when its transaction ended.");
    }
    if (finished) {
      return false;
    }
    Object[] row;
    try {
      row = database.step(this, rows, statement.readOnly(), stepChanges);
    } catch (RuntimeException e) {
      finish();
      throw e;
    }
    rowsWritten += stepChanges[0];
    if (row == null) {
      finish();
      return false;
    }
    rowsRead++;
    pending = row;
    return true;
  }

  /** The next row as column name to value. */
  @Override
  public Map<String, Object> next() {
    return asMap(nextRaw());
  }

  /** The next row as values in column order. */
  public Object[] nextRaw() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more rows");
    }
    Object[] row = pending;
    pending = null;
    return row;
  }

  /** The remaining rows as arrays; shares this cursor's position. */
  public Iterator<Object[]> raw() {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return SqlCursor.this.hasNext();
      }

      @Override
      public Object[] next() {
        return nextRaw();
      }
    };
  }

  /** Every remaining row. */
  public List<Map<String, Object>> toArray() {
    List<Map<String, Object>> all = new ArrayList<>();
    while (hasNext()) {
      all.add(next());
    }
    return all;
  }

  /** The only row; throws the platform's error unless there is exactly one. */
  public Map<String, Object> one() {
    if (!hasNext()) {
      throw new StorageException("Expected exactly one result from SQL query, but got no results.");
    }
    Map<String, Object> row = next();
    boolean more = hasNext();
    close();
    if (more) {
      throw new StorageException(
          "Expected exactly one result from SQL query, but got multiple results.");
    }
    return row;
  }

  @Override
  public Iterator<Map<String, Object>> iterator() {
    return this;
  }

  /** Releases the statement; further reads report no more rows. */
  @Override
  public void close() {
    pending = null;
    finish();
  }

  void closeBecauseTransactionEnded() {
    boolean wasOpen = !finished;
    close();
    closedByTransactionEnd = wasOpen;
  }

  private void finish() {
    if (!finished) {
      finished = true;
      database.cursorFinished(this, statement, rows);
    }
  }

  private Map<String, Object> asMap(Object[] row) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < row.length; i++) {
      map.put(columnNames.get(i), row[i]);
    }
    return map;
  }
}
