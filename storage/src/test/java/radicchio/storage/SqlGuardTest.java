package radicchio.storage;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlGuardTest {
  @TempDir Path dataDir;
  private ObjectStore store;
  private SqlDatabase sql;

  @BeforeEach
  void open() {
    store = ObjectStore.open(dataDir, ObjectKey.of("Test", "02"));
    sql = store.sql();
    sql.exec("CREATE TABLE t (x)");
    store.kv().put("secret", new byte[] {42});
  }

  @AfterEach
  void close() {
    store.close();
  }

  private SqlRefusedException refused(String query) {
    return assertThrows(SqlRefusedException.class, () -> sql.exec(query), query);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM _cf_KV",
      "SELECT * FROM _CF_kv",
      "SELECT * FROM \"_cf_KV\"",
      "SELECT * FROM \"_CF_kv\"",
      "SELECT * FROM [_cf_KV]",
      "SELECT * FROM `_cf_KV`",
      "SELECT * FROM '_cf_KV'",
      "SELECT * FROM main._cf_KV",
      "SELECT * FROM main.\"_cf_METADATA\"",
      "SELECT * FROM/**/_cf_KV",
      "SELECT * FROM t WHERE x IN (SELECT value FROM _cf_KV)",
      "DELETE FROM _cf_KV",
      "DROP TABLE _cf_KV",
      "CREATE TABLE _cf_mine (x)",
      "ALTER TABLE t RENAME TO _cf_x",
      "CREATE VIEW v AS SELECT * FROM _cf_KV",
      "CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM _cf_KV; END",
      "PRAGMA table_info(_cf_KV)",
      "SELECT * FROM pragma_table_info('_cf_KV')",
      "SELECT 1; SELECT * FROM _cf_KV"})
  void reservedNamesAreRefusedInEveryForm(String query) {
    assertTrue(refused(query).getMessage().contains("reserved for internal use"), query);
    assertEquals(1, store.kv().list().size());
  }

  @Test
  void reservedPrefixInsideCommentsIsHarmless() {
    assertDoesNotThrow(() -> sql.exec("SELECT 1 -- _cf_KV\n"));
    assertDoesNotThrow(() -> sql.exec("SELECT /* _cf_KV */ 1"));
    assertDoesNotThrow(() -> sql.exec("INSERT INTO t VALUES (?)", "_cf_KV as data"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"BEGIN", "BEGIN TRANSACTION", "begin immediate", "COMMIT", "END",
      "ROLLBACK", "SAVEPOINT sp", "RELEASE sp", "RELEASE SAVEPOINT sp", "EXPLAIN BEGIN"})
  void transactionStatementsPointToTransactionSync(String query) {
    assertEquals(SqlGuard.TRANSACTION_MESSAGE, refused(query).getMessage());
  }

  @Test
  void transactionMessageIsThePlatformsText() {
    assertTrue(SqlGuard.TRANSACTION_MESSAGE.startsWith("To execute a transaction, please use the "
        + "state.storage.transaction() or state.storage.transactionSync() APIs"));
    assertTrue(SqlGuard.TRANSACTION_MESSAGE.endsWith("automatic atomic write coalescing."));
  }

  @ParameterizedTest
  @ValueSource(strings = {"INSERT OR ROLLBACK INTO t VALUES (1)",
      "CREATE TABLE u (x UNIQUE ON CONFLICT ROLLBACK)",
      "CREATE TRIGGER tr BEFORE INSERT ON t BEGIN SELECT RAISE(ROLLBACK, 'no'); END"})
  void rollbackConflictResolutionIsRefused(String query) {
    assertTrue(refused(query).getMessage().contains("ROLLBACK conflict resolution"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ATTACH 'other.sqlite' AS other", "ATTACH DATABASE ':memory:' AS m",
      "DETACH other", "VACUUM", "VACUUM INTO '/tmp/copy.sqlite'",
      "SELECT load_extension('/tmp/evil.so')", "SELECT \"load_extension\"('x')",
      "SELECT fts3_tokenizer('simple')", "SELECT * FROM dbstat",
      "CREATE TEMP TABLE tt (x)", "CREATE TEMPORARY VIEW tv AS SELECT 1",
      "CREATE TABLE temp.tt (x)", "CREATE TABLE \"temp\".tt (x)"})
  void dangerousStatementsAreRefused(String query) {
    refused(query);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PRAGMA journal_mode = DELETE", "PRAGMA synchronous = OFF",
      "PRAGMA writable_schema = ON", "PRAGMA max_page_count = 100000000",
      "PRAGMA main.journal_mode", "PRAGMA database_list", "PRAGMA compile_options",
      "SELECT * FROM pragma_database_list", "PRAGMA \"journal_mode\"", "PRAGMA"})
  void pragmasOffTheAllowlistAreRefused(String query) {
    refused(query);
  }

  @Test
  void allowlistedPragmasWork() {
    assertEquals(1, sql.exec("PRAGMA table_info(t)").toArray().size());
    assertEquals(1, sql.exec("SELECT * FROM pragma_table_info('t')").toArray().size());
    assertEquals("ok", sql.exec("PRAGMA quick_check").one().values().iterator().next());
    assertEquals("ok", sql.exec("PRAGMA integrity_check").one().values().iterator().next());
    assertEquals(1L, sql.exec("PRAGMA foreign_keys").one().get("foreign_keys"));
    sql.exec("PRAGMA foreign_keys = OFF");
    assertNotNull(sql.exec("PRAGMA main.table_list").toArray());
  }

  @Test
  void refusalInAnyStatementRunsNothing() {
    refused("INSERT INTO t VALUES (1); ATTACH 'x' AS y");
    assertEquals(0L, sql.exec("SELECT count(*) AS n FROM t").one().get("n"));
  }

  @Test
  void textThatCouldConfuseTheLexerIsRefused() {
    refused("SELECT 1\u0000; DELETE FROM _cf_KV");
    refused("SELECT '\uD800'");
    refused("SELECT 'unterminated");
    refused("SELECT 1 \\ 2");
  }

  @Test
  void quotedKeywordsAreNotKeywords() {
    sql.exec("CREATE TABLE \"begin\" (\"rollback\" INTEGER)");
    sql.exec("INSERT INTO \"begin\" VALUES (1)");
    assertEquals(1L, sql.exec("SELECT \"rollback\" FROM \"begin\"").one().get("rollback"));
  }

  @Test
  void ordinaryColumnNamedTempStillWorks() {
    sql.exec("CREATE TABLE readings (temp REAL)");
    sql.exec("INSERT INTO readings (temp) VALUES (21.5)");
    assertEquals(21.5, sql.exec("SELECT temp FROM readings").one().get("temp"));
  }

  @Test
  void scriptSplitterFollowsSqliteComplete() {
    List<SqlScript.Statement> statements = SqlScript.split(
        "SELECT ';'; /* ; */ SELECT \";\"; CREATE TEMP TRIGGER x AFTER INSERT ON t BEGIN "
            + "SELECT 1; SELECT CASE WHEN 1 THEN 2 END; END; SELECT 3");
    assertEquals(4, statements.size());
    assertTrue(statements.get(2).text().endsWith("END;"));
    assertEquals("SELECT 3", statements.get(3).text());
  }
}
