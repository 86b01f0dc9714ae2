package radicchio.storage;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * The one SQLite connection of one object's database, configured for untrusted use and for
 * durability, plus a cache of the trusted statements the storage layer runs itself.
 *
 * <p>Durability: WAL journal with {@code synchronous=FULL}. SQLite then fsyncs the WAL at every
 * commit, so a commit that returned survives a process kill and a power cut. (NORMAL would only
 * survive a process kill: the last commits could vanish on power loss, and the output gate
 * promises acknowledged writes are durable.) Checkpoints run automatically every 1000 pages and
 * are themselves fsync'd; a crash mid-checkpoint is recovered from the WAL.
 *
 * <p>Hardening: extension loading off, {@code ATTACHED} limit 0, the size limits of
 * {@link StorageLimits}, {@code max_page_count} as the quota, a progress handler as the step
 * budget, foreign keys enforced (as on the platform). Not thread-safe: one object's events run
 * one at a time.
 */
final class StoreConnection implements AutoCloseable {
  private final SQLiteConnection jdbc;
  private final QueryBudget budget;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private Runnable unexpectedRollbackListener = () -> {};
  private boolean rollingBack;
  /** Set when a transaction that wrote something commits; see {@link #takeWriteCommitted}. */
  private boolean writeCommitted;

  private StoreConnection(SQLiteConnection jdbc, QueryBudget budget) {
    this.jdbc = jdbc;
    this.budget = budget;
  }

  static StoreConnection open(Path file, StorageLimits limits) {
    String path = file.toAbsolutePath().toString();
    if (path.indexOf('?') >= 0) {
      // sqlite-jdbc would read anything after '?' as connection options.
      throw new IllegalArgumentException("database path must not contain '?'");
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.enableLoadExtension(false);
    config.setBusyTimeout(5000);
    SQLiteConnection jdbc;
    try {
      jdbc = (SQLiteConnection) config.createConnection("jdbc:sqlite:" + path);
    } catch (SQLException e) {
      throw new StorageException("cannot open the object's database: " + e.getMessage(), e);
    }
    StoreConnection connection = new StoreConnection(jdbc, new QueryBudget(limits.maxQuerySteps()));
    try {
      connection.configure(limits);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e instanceof StorageException ? (StorageException) e
          : new StorageException("cannot configure the object's database: " + e.getMessage(), e);
    }
    return connection;
  }

  private void configure(StorageLimits limits) throws SQLException {
    jdbc.getDatabase().enable_load_extension(false);
    jdbc.setLimit(SQLiteLimits.SQLITE_LIMIT_LENGTH, limits.maxRowBytes());
    jdbc.setLimit(SQLiteLimits.SQLITE_LIMIT_SQL_LENGTH, StorageLimits.SQL_LENGTH);
    jdbc.setLimit(SQLiteLimits.SQLITE_LIMIT_COLUMN, StorageLimits.COLUMNS);
    jdbc.setLimit(SQLiteLimits.SQLITE_LIMIT_EXPR_DEPTH, StorageLimits.EXPR_DEPTH);
    jdbc.setLimit(SQLiteLimits.SQLITE_LIMIT_COMPOUND_SELECT, StorageLimits.COMPOUND_SELECT);
    jdbc.setLimit(SQLiteLimits.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, StorageLimits.LIKE_PATTERN_BYTES);
    jdbc.setLimit(SQLiteLimits.SQLITE_LIMIT_VARIABLE_NUMBER, StorageLimits.VARIABLES);
    jdbc.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
    String journalMode = queryString("PRAGMA journal_mode");
    if (!"wal".equalsIgnoreCase(journalMode)) {
      throw new StorageException("the object's database refused WAL mode (" + journalMode + ")");
    }
    long pageSize = queryLong("PRAGMA page_size");
    queryString("PRAGMA max_page_count = " + Math.max(1, limits.maxDatabaseBytes() / pageSize));
    ProgressHandler.setHandler(jdbc, QueryBudget.STEPS_PER_CALLBACK, budget);
    jdbc.addCommitListener(new SQLiteCommitListener() {
      @Override
      public void onCommit() {
        writeCommitted = true; // SQLite's commit hook runs for transactions that wrote only
      }

      @Override
      public void onRollback() {
        // Called from inside SQLite: only record, never call back into the connection.
        if (!rollingBack) {
          unexpectedRollbackListener.run();
        }
      }
    });
  }

  /**
   * Whether a transaction that wrote something committed since the last call. A read-only one
   * puts nothing in the WAL, so it has nothing to make durable.
   */
  boolean takeWriteCommitted() {
    boolean wrote = writeCommitted;
    writeCommitted = false;
    return wrote;
  }

  SQLiteConnection jdbc() {
    return jdbc;
  }

  QueryBudget budget() {
    return budget;
  }

  /** Called when SQLite rolls a transaction back on its own (interrupt, some I/O errors). */
  void onUnexpectedRollback(Runnable listener) {
    this.unexpectedRollbackListener = listener;
  }

  /** A cached trusted statement; callers clear its parameters before binding. */
  PreparedStatement prepared(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = jdbc.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  /** Runs one trusted statement; rows it may return are discarded. */
  void run(String sql) throws SQLException {
    PreparedStatement statement = prepared(sql);
    if (statement.execute()) {
      // Closing the rows resets the statement: a cached statement left mid-result would stay
      // active and make SQLite refuse DROP TABLE and COMMIT.
      statement.getResultSet().close();
    }
  }

  /** Runs ROLLBACK (or ROLLBACK TO) without reporting it as unexpected. */
  void rollback(String sql) throws SQLException {
    rollingBack = true;
    try {
      run(sql);
    } finally {
      rollingBack = false;
    }
  }

  long queryLong(String sql) throws SQLException {
    try (ResultSet rows = prepared(sql).executeQuery()) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  private String queryString(String sql) throws SQLException {
    try (Statement statement = jdbc.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  long totalChanges() throws SQLException {
    return jdbc.getDatabase().total_changes();
  }

  StorageException translate(SQLException e) {
    return SqliteErrors.translate(e, budget);
  }

  boolean isClosed() {
    try {
      return jdbc.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  @Override
  public void close() {
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException ignored) {
        // Closing is best effort; the connection close below releases everything anyway.
      }
    }
    statements.clear();
    try {
      jdbc.close();
    } catch (SQLException e) {
      throw new StorageException("closing the object's database failed: " + e.getMessage(), e);
    }
  }
}
