package radicchio.storage;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prepared statements of one database kept for reuse, and the guard's verdicts on query texts.
 *
 * <p>Apps run the same few queries over and over; preparing a statement (SQLite parses and plans
 * it) and running the guard's tokenizer cost several times the execution of a simple query.
 * A statement is leased to one cursor at a time: a query run again while an earlier cursor of the
 * same text is still open gets a fresh statement, which is closed (not cached) when done.
 *
 * <p>A statement keeps the result column names read when it was prepared (sqlite-jdbc cannot give
 * them again once its results were read), so the idle statements are dropped whenever an exec
 * may have changed the schema ({@link #forgetStatements}): {@code SELECT *} after an
 * {@code ALTER TABLE} must see the new columns.
 */
final class StatementCache {
  static final int CAPACITY = 64;

  /**
   * A prepared statement, what it takes and gives: parameter count and result column names, read
   * once (each is a call into SQLite), and whether it is a plain SELECT or VALUES, which cannot
   * write, so nobody needs to count its changes.
   */
  record Prepared(String sql, PreparedStatement statement, int parameterCount, List<String> columns,
      boolean readOnly) {}

  /** Idle statements by SQL text, least recently used first. */
  private final LinkedHashMap<String, Prepared> idle = new LinkedHashMap<>(16, 0.75f, true);
  /** Query texts the guard accepted, split into statements, least recently used first. */
  private final LinkedHashMap<String, List<SqlScript.Statement>> checked = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, List<SqlScript.Statement>> eldest) {
      return size() > CAPACITY;
    }
  };

  /** The statements of {@code query} if the guard accepted that exact text before, else null. */
  List<SqlScript.Statement> checkedScript(String query) {
    return checked.get(query);
  }

  void rememberChecked(String query, List<SqlScript.Statement> statements) {
    checked.put(query, List.copyOf(statements));
  }

  /** An idle statement for {@code sql}, parameters cleared, now leased to the caller; or null. */
  Prepared lease(String sql) throws SQLException {
    Prepared prepared = idle.remove(sql);
    if (prepared != null) {
      prepared.statement().clearParameters();
    }
    return prepared;
  }

  /**
   * Takes back a statement whose results are closed: kept if no other statement of that text is
   * idle, closed otherwise (and the least recently used one closed beyond {@link #CAPACITY}).
   */
  void release(Prepared prepared) {
    if (idle.containsKey(prepared.sql())) {
      closeQuietly(prepared.statement());
      return;
    }
    idle.put(prepared.sql(), prepared);
    if (idle.size() > CAPACITY) {
      Map.Entry<String, Prepared> eldest = idle.entrySet().iterator().next();
      idle.remove(eldest.getKey());
      closeQuietly(eldest.getValue().statement());
    }
  }

  /** Closes every idle statement: the schema may have changed, or the database is closing. */
  void forgetStatements() {
    List<Prepared> all = new ArrayList<>(idle.values());
    idle.clear();
    for (Prepared prepared : all) {
      closeQuietly(prepared.statement());
    }
  }

  /** Whether {@code statement} is a SELECT or VALUES: SQLite cannot write while running one. */
  static boolean isQuery(SqlScript.Statement statement) {
    if (statement.tokens().isEmpty()) {
      return false;
    }
    String first = statement.tokens().get(0).keyword();
    return first.equals("SELECT") || first.equals("VALUES");
  }

  /** Whether running {@code statements} may change the schema (or attach state a statement depends on). */
  static boolean mayChangeSchema(List<SqlScript.Statement> statements) {
    for (SqlScript.Statement statement : statements) {
      for (SqlToken token : statement.tokens()) {
        String word = token.keyword();
        if (word.equals("CREATE") || word.equals("ALTER") || word.equals("DROP") || word.equals("PRAGMA")
            || word.equals("VACUUM") || word.equals("REINDEX") || word.equals("ANALYZE")) {
          return true;
        }
        break; // only the first token says what a statement is
      }
    }
    return false;
  }

  static void closeQuietly(PreparedStatement statement) {
    try {
      statement.close();
    } catch (SQLException ignored) {
      // Finalizing reports the statement's last error, already reported when it happened.
    }
  }
}
