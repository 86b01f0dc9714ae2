package radicchio.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitsTest {
  private static final long QUOTA = 256 * 1024;

  @TempDir Path dataDir;
  private ObjectStore store;
  private SqlDatabase sql;

  @BeforeEach
  void open() {
    reopen(StorageLimits.defaults().withMaxDatabaseBytes(QUOTA).withMaxQuerySteps(5_000_000));
  }

  private void reopen(StorageLimits limits) {
    if (store != null) {
      store.close();
    }
    store = ObjectStore.open(dataDir, ObjectKey.of("Test", "03"), limits, Clock.systemUTC());
    sql = store.sql();
    sql.exec("CREATE TABLE IF NOT EXISTS t (x)");
  }

  @AfterEach
  void close() {
    store.close();
  }

  private long count() {
    return (Long) sql.exec("SELECT count(*) AS n FROM t").one().get("n");
  }

  @Test
  void overQuotaInsertFailsWithSqliteFullAndChangesNothing() {
    sql.exec("INSERT INTO t VALUES (1)");
    StorageFullException e = assertThrows(StorageFullException.class,
        () -> sql.exec("INSERT INTO t SELECT randomblob(100000) FROM (SELECT 1 UNION ALL SELECT 2"
            + " UNION ALL SELECT 3 UNION ALL SELECT 4)"));
    assertEquals("SQLITE_FULL", e.sqliteCode());
    assertTrue(e.getMessage().contains("SQLITE_FULL"));
    assertEquals(1, count());
    assertTrue(sql.databaseSize() <= QUOTA);
  }

  @Test
  void overQuotaMultiRowStatementInsideAnEventIsUndoneAloneAndTheEventGoesOn() {
    store.beginEvent();
    sql.exec("INSERT INTO t VALUES (1)");
    // Multi-row statements use a statement journal: SQLite undoes just the statement.
    assertThrows(StorageFullException.class, () -> sql.exec("INSERT INTO t SELECT "
        + "randomblob(100000) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)"));
    store.commitEvent();
    assertEquals(1, count());
  }

  @Test
  void overQuotaSingleRowInsideAnEventLosesTheEventAndCommitsNothing() {
    sql.exec("INSERT INTO t VALUES (0)");
    store.beginEvent();
    sql.exec("INSERT INTO t VALUES (1)");
    // A one-row statement has no statement journal: SQLite rolls the whole transaction back.
    assertThrows(StorageFullException.class,
        () -> sql.exec("INSERT INTO t VALUES (randomblob(300000))"));
    assertThrows(StorageException.class, () -> sql.exec("INSERT INTO t VALUES (2)"));
    assertThrows(StorageException.class, store::commitEvent);
    assertEquals(1, count());
  }

  @Test
  void kvWritesCountTowardsTheQuota() {
    byte[] value = new byte[100_000];
    store.kv().put("a", value);
    assertThrows(StorageFullException.class, () -> {
      for (int i = 0; i < 10; i++) {
        store.kv().put("k" + i, value);
      }
    });
    assertTrue(sql.databaseSize() <= QUOTA);
  }

  @Test
  void runawayRecursiveQueryIsInterrupted() {
    QueryTimeoutException e = assertThrows(QueryTimeoutException.class, () -> sql.exec(
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*) FROM r"));
    assertEquals("SQLITE_INTERRUPT", e.sqliteCode());
    assertEquals(0, count());
    sql.exec("INSERT INTO t VALUES (1)");
    assertEquals(1, count());
  }

  @Test
  void interruptedWriteBreaksTheEventAndNothingIsCommitted() {
    reopen(StorageLimits.defaults().withMaxQuerySteps(5_000_000));
    sql.exec("INSERT INTO t VALUES (1)");
    store.beginEvent();
    sql.exec("INSERT INTO t VALUES (2)");
    assertThrows(QueryTimeoutException.class, () -> sql.exec(
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
            + "INSERT INTO t SELECT n FROM r"));
    // SQLite rolled the whole transaction back: later writes must not slip into autocommit.
    assertThrows(StorageException.class, () -> store.kv().put("k", new byte[1]));
    assertThrows(StorageException.class, store::commitEvent);
    assertEquals(1, count());
    store.runEvent(() -> store.kv().put("k", new byte[1]));
    assertEquals(1, store.kv().list().size());
  }

  @Test
  void cursorStepsHaveTheirOwnBudget() {
    // Each row is cheap, so a long cursor is fine when paced by its caller.
    SqlCursor cursor = sql.exec(
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r LIMIT 20000) SELECT n FROM r");
    assertEquals(20000, cursor.toArray().size());
  }

  @Test
  void sqliteLimitsAreEnforced() {
    String vars = String.join(",", Collections.nCopies(101, "?"));
    assertThrows(StorageException.class, () -> sql.exec("SELECT " + vars, new Object[101]));
    String cols = String.join(",", java.util.stream.IntStream.range(0, 101)
        .mapToObj(i -> "c" + i).toArray(String[]::new));
    assertThrows(StorageException.class, () -> sql.exec("CREATE TABLE wide (" + cols + ")"));
    assertThrows(StorageException.class,
        () -> sql.exec("SELECT 'a' LIKE ?", "%".repeat(51)));
    assertThrows(StorageException.class, () -> sql.exec(
        "SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5 UNION SELECT 6"));
    sql.exec("SELECT 1 UNION SELECT 2 UNION SELECT 3 UNION SELECT 4 UNION SELECT 5");
    assertThrows(StorageException.class,
        () -> sql.exec("SELECT " + "abs(".repeat(101) + "1" + ")".repeat(101)));
    sql.exec("SELECT " + "abs(".repeat(90) + "1" + ")".repeat(90));
    StorageException tooLong = assertThrows(StorageException.class,
        () -> sql.exec("SELECT 1 " + " ".repeat(StorageLimits.SQL_LENGTH)));
    assertEquals("SQLITE_TOOBIG", tooLong.sqliteCode());
    assertThrows(StorageException.class, () -> sql.exec("SELECT zeroblob(?)", 3_000_000L));
  }
}
