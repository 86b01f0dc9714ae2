package radicchio.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlDatabaseTest {
  @TempDir Path dataDir;
  private ObjectStore store;
  private SqlDatabase sql;

  @BeforeEach
  void open() {
    store = ObjectStore.open(dataDir, ObjectKey.of("Test", "01"));
    sql = store.sql();
    sql.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, data BLOB)");
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** Statements are cached by text (StatementCache): reuse must never show stale results or columns. */
  @Test
  void aRepeatedQueryReusesItsStatementWithFreshBindingsRowsAndColumns() {
    sql.exec("INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    String query = "SELECT name FROM t WHERE id >= ? ORDER BY id";
    assertEquals(List.of("a", "b", "c"), names(sql.exec(query, 1).toArray()));
    assertEquals(List.of("c"), names(sql.exec(query, 3).toArray()));

    SqlCursor first = sql.exec(query, 2); // still open while the same text runs again
    SqlCursor second = sql.exec(query, 1);
    assertEquals("b", first.next().get("name"));
    assertEquals(List.of("a", "b", "c"), names(second.toArray()));
    assertEquals(List.of("c"), names(first.toArray()));

    assertEquals(List.of("id", "name", "score", "data"), sql.exec("SELECT * FROM t").columnNames());
    sql.exec("ALTER TABLE t ADD COLUMN extra TEXT DEFAULT 'x'");
    assertEquals(List.of("id", "name", "score", "data", "extra"), sql.exec("SELECT * FROM t").columnNames());
    assertEquals("x", sql.exec("SELECT * FROM t WHERE id = 1").one().get("extra"));
    assertThrows(StorageException.class, () -> sql.exec(query));
    assertEquals(List.of("a", "b", "c"), names(sql.exec(query, 0).toArray()), "a failed run leaves the query usable");
  }

  private static List<Object> names(List<Map<String, Object>> rows) {
    return rows.stream().map(row -> row.get("name")).collect(java.util.stream.Collectors.toList());
  }

  @Test
  void valuesRoundTripWithTheirTypes() {
    sql.exec("INSERT INTO t VALUES (?, ?, ?, ?)", 1L, "one", 1.5, new byte[] {1, 2});
    sql.exec("INSERT INTO t VALUES (?, ?, ?, ?)", 2, null, null, null);
    List<Map<String, Object>> rows = sql.exec("SELECT * FROM t ORDER BY id").toArray();
    assertEquals(1L, rows.get(0).get("id"));
    assertEquals("one", rows.get(0).get("name"));
    assertEquals(1.5, rows.get(0).get("score"));
    assertArrayEquals(new byte[] {1, 2}, (byte[]) rows.get(0).get("data"));
    assertEquals(2L, rows.get(1).get("id"));
    assertNull(rows.get(1).get("name"));
  }

  @Test
  void integersBeyondTwoToThe53ArePreservedAsLong() {
    long big = (1L << 53) + 1;
    sql.exec("INSERT INTO t (id) VALUES (?)", big);
    sql.exec("INSERT INTO t (id) VALUES (?)", Long.MIN_VALUE);
    Object[] row = sql.exec("SELECT id, id - 1 FROM t WHERE id = ?", big).nextRaw();
    assertEquals(big, row[0]);
    assertEquals(big - 1, row[1]);
    assertEquals(Long.MIN_VALUE, sql.exec("SELECT min(id) AS m FROM t").one().get("m"));
    assertEquals(Long.class, sql.exec("SELECT 7 AS small").one().get("small").getClass());
  }

  @Test
  void unsupportedBindingTypesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> sql.exec("SELECT ?", true));
    assertThrows(IllegalArgumentException.class, () -> sql.exec("SELECT ?", new Object()));
  }

  @Test
  void oneRequiresExactlyOneRow() {
    StorageException none = assertThrows(StorageException.class,
        () -> sql.exec("SELECT * FROM t").one());
    assertEquals("Expected exactly one result from SQL query, but got no results.", none.getMessage());
    sql.exec("INSERT INTO t (id) VALUES (1), (2)");
    StorageException many = assertThrows(StorageException.class,
        () -> sql.exec("SELECT * FROM t").one());
    assertEquals("Expected exactly one result from SQL query, but got multiple results.",
        many.getMessage());
    assertEquals(1L, sql.exec("SELECT id FROM t WHERE id = 1").one().get("id"));
  }

  @Test
  void rawRowsAndColumnNames() {
    sql.exec("INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b')");
    SqlCursor cursor = sql.exec("SELECT id, name AS label FROM t ORDER BY id");
    assertEquals(List.of("id", "label"), cursor.columnNames());
    Iterator<Object[]> raw = cursor.raw();
    assertArrayEquals(new Object[] {1L, "a"}, raw.next());
    assertArrayEquals(new Object[] {2L, "b"}, raw.next());
    assertFalse(raw.hasNext());
    assertEquals(List.of(), sql.exec("INSERT INTO t (id) VALUES (3)").columnNames());
  }

  @Test
  void cursorIsIterable() {
    sql.exec("INSERT INTO t (id) VALUES (1), (2), (3)");
    List<Object> ids = new ArrayList<>();
    for (Map<String, Object> row : sql.exec("SELECT id FROM t ORDER BY id")) {
      ids.add(row.get("id"));
    }
    assertEquals(List.of(1L, 2L, 3L), ids);
  }

  @Test
  void rowsReadAndWrittenGrowAsTheCursorIsIterated() {
    SqlCursor insert = sql.exec("INSERT INTO t (id) VALUES (1), (2), (3)");
    assertEquals(3, insert.rowsWritten());
    SqlCursor select = sql.exec("SELECT id FROM t ORDER BY id");
    assertEquals(0, select.rowsRead());
    select.next();
    assertEquals(1, select.rowsRead());
    select.toArray();
    assertEquals(3, select.rowsRead());
    assertEquals(0, select.rowsWritten());
    SqlCursor returning = sql.exec("UPDATE t SET name = 'x' RETURNING id");
    returning.toArray();
    assertEquals(3, returning.rowsRead());
    assertEquals(3, returning.rowsWritten());
  }

  @Test
  void multipleStatementsRunAndTheCursorCoversTheLast() {
    SqlCursor cursor = sql.exec(
        "INSERT INTO t (id) VALUES (1); INSERT INTO t (id) VALUES (2);\n"
            + "-- a comment; with a semicolon\n"
            + "SELECT count(*) AS n FROM t WHERE id > ?;", 0L);
    assertEquals(2L, cursor.one().get("n"));
  }

  @Test
  void onlyTheLastStatementMayHaveParameters() {
    StorageException e = assertThrows(StorageException.class,
        () -> sql.exec("INSERT INTO t (id) VALUES (?); SELECT 1", 1L));
    assertEquals("When executing multiple SQL statements in a single call, only the last "
        + "statement can have parameters.", e.getMessage());
  }

  @Test
  void wrongBindingCountIsAnError() {
    StorageException e = assertThrows(StorageException.class, () -> sql.exec("SELECT ?, ?", 1L));
    assertEquals("Wrong number of parameter bindings for SQL query.", e.getMessage());
    assertThrows(StorageException.class, () -> sql.exec("SELECT 1", 1L));
  }

  @Test
  void emptyQueryIsAnError() {
    StorageException e = assertThrows(StorageException.class, () -> sql.exec(" ;; -- nothing"));
    assertEquals("SQL code did not contain a statement.", e.getMessage());
  }

  @Test
  void sqliteErrorsCarryTheirCode() {
    StorageException e = assertThrows(StorageException.class, () -> sql.exec("SELECT * FROM nope"));
    assertEquals("no such table: nope: SQLITE_ERROR", e.getMessage());
    assertEquals("SQLITE_ERROR", e.sqliteCode());
    sql.exec("INSERT INTO t (id) VALUES (1)");
    StorageException c = assertThrows(StorageException.class,
        () -> sql.exec("INSERT INTO t (id) VALUES (1)"));
    assertEquals("SQLITE_CONSTRAINT", c.sqliteCode());
  }

  @Test
  void triggersWithBodiesSplitCorrectly() {
    sql.exec("CREATE TABLE log (msg TEXT);"
        + "CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN\n"
        + "  INSERT INTO log VALUES ('a;b'); INSERT INTO log VALUES (CASE WHEN 1 THEN 'x' END);\n"
        + "END;"
        + "INSERT INTO t (id) VALUES (1)");
    assertEquals(2L, sql.exec("SELECT count(*) AS n FROM log").one().get("n"));
  }

  @Test
  void laterStatementFailureKeepsEarlierStatements() {
    assertThrows(StorageException.class,
        () -> sql.exec("INSERT INTO t (id) VALUES (1); SELECT * FROM nope"));
    assertEquals(1L, sql.exec("SELECT count(*) AS n FROM t").one().get("n"));
  }

  @Test
  void databaseSizeIsPagesTimesPageSize() {
    long before = sql.databaseSize();
    assertTrue(before > 0 && before % 4096 == 0);
    sql.exec("INSERT INTO t (data) SELECT randomblob(1000) FROM (SELECT 1 UNION ALL SELECT 2"
        + " UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5)");
    assertTrue(sql.databaseSize() > before);
  }

  @Test
  void openCursorIsClosedWhenItsEventEnds() {
    sql.exec("INSERT INTO t (id) VALUES (1), (2)");
    store.beginEvent();
    SqlCursor cursor = sql.exec("SELECT id FROM t");
    cursor.next();
    store.commitEvent();
    assertThrows(StorageException.class, cursor::next);
  }

  @Test
  void kvTableIsInvisibleToSqlButCoexists() {
    store.kv().put("k", new byte[] {1});
    List<Object> names = new ArrayList<>();
    sql.exec("SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 't'")
        .forEachRemaining(r -> names.add(r.get("name")));
    assertEquals(List.of("t"), names);
  }
}
