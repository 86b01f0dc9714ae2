package radicchio.engine.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.bindings.abi.JsArray;
import radicchio.bindings.abi.JsObject;
import radicchio.storage.StorageLimits;

/** {@code ctx.storage.sql} from JS: cursors, values, and every guard failing cleanly. */
class SqlStorageTest {
    @TempDir
    Path dataDir;
    private StorageWorker worker;

    private StorageWorker open(StorageLimits limits) {
        worker = StorageWorker.open(dataDir, "sql-worker.js", "Sql", limits);
        return worker;
    }

    private StorageWorker open() {
        return open(StorageLimits.defaults());
    }

    @AfterEach
    void close() {
        if (worker != null) {
            worker.close();
        }
    }

    @Test
    void execReturnsRowsAsObjectsAndRawArrays() {
        open();
        worker.call("all", "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL)");
        worker.call("all", "INSERT INTO t (name, score) VALUES (?, ?), (?, ?)", "ada", 1.5, "bob", 2);
        assertEquals(List.of(JsObject.of("id", 1, "name", "ada", "score", 1.5), JsObject.of("id", 2, "name", "bob", "score", 2)),
                elements(worker.call("all", "SELECT * FROM t ORDER BY id")));
        assertEquals(List.of(JsArray.of("bob", 2), JsArray.of("ada", 1)),
                elements(worker.call("raw", "SELECT name, id FROM t ORDER BY id DESC")));
        assertEquals(List.of(JsObject.of("n", 2)), elements(worker.call("all", "SELECT count(*) AS n FROM t")));
    }

    @Test
    void aCursorCountsRowsAsItIsReadAndIteratesOnce() {
        open();
        List<Object> steps = elements(worker.call("cursorWalk"));
        assertEquals(JsArray.of("insert", 0, 3, 0), steps.get(0));
        assertEquals(JsArray.of("before", 0, "id,label"), steps.get(1));
        assertEquals(JsArray.of("first", 1, false, "a"), steps.get(2));
        assertEquals(JsArray.of("rest", 3, "b,c", "{\"done\":true}"), steps.get(3));
        assertEquals(JsArray.of("raw", "[3,\"c\"]", "[[2,\"b\"],[1,\"a\"]]"), steps.get(4));
        assertEquals(JsArray.of("returning", "A,B,C", 3), steps.get(5));
        assertEquals(JsArray.of("iterator", "function", true), steps.get(6));
    }

    @Test
    void oneInsistsOnExactlyOneRow() {
        open();
        worker.call("all", "CREATE TABLE t (x)");
        assertEquals("Error: Expected exactly one result from SQL query, but got no results.",
                worker.call("one", "SELECT x FROM t"));
        worker.call("all", "INSERT INTO t VALUES (1), (2)");
        assertEquals("Error: Expected exactly one result from SQL query, but got multiple results.",
                worker.call("one", "SELECT x FROM t"));
        assertEquals(JsObject.of("x", 2), worker.call("one", "SELECT max(x) AS x FROM t"));
    }

    @Test
    void resultsLargerThanOneBatchAreReadLazilyAndCanBeAbandoned() {
        open();
        // 600 rows: more than two host batches (OpenCursors.MAX_BATCH_ROWS).
        assertTrue(600 > 2 * OpenCursors.MAX_BATCH_ROWS);
        List<Object> result = elements(worker.call("manyRows", 600));
        assertEquals(600, result.get(0));
        assertEquals(180300, result.get(1));
        // rowsRead counts the rows handed to JS, not the rows fetched ahead.
        assertEquals(JsArray.of(1, 257, 600), result.get(2));
        assertEquals(Boolean.TRUE, result.get(3), "a cursor left by break is closed");
    }

    @Test
    void integersBeyondTheSafeRangeAreBigInts() {
        open();
        List<Object> rows = elements(worker.call("integers"));
        assertEquals(JsArray.of("max safe", "number", "9007199254740991", "integer"), rows.get(0));
        assertEquals(JsArray.of("min safe", "number", "-9007199254740991", "integer"), rows.get(1));
        assertEquals(JsArray.of("2^53 as bigint", "bigint", "9007199254740992", "integer"), rows.get(2));
        assertEquals(JsArray.of("int64 max", "bigint", "9223372036854775807", "integer"), rows.get(3));
        assertEquals(JsArray.of("int64 min", "bigint", "-9223372036854775808", "integer"), rows.get(4));
        assertEquals(JsArray.of("small bigint", "number", "5", "integer"), rows.get(5));
        assertEquals(JsArray.of("int32", "number", "-7", "integer"), rows.get(6));
        assertEquals(JsArray.of("bound arithmetic", "true"), rows.get(7));
        assertEquals(JsArray.of("literal", "true"), rows.get(8));
        assertEquals(List.of(JsObject.of("v", BigInteger.TWO.pow(63).subtract(BigInteger.ONE))),
                elements(worker.call("all", "SELECT v FROM ints WHERE label = 'int64 max'")));
    }

    @Test
    void bindingsOfEveryAcceptedTypeAndClearErrorsForTheRest() {
        open();
        assertEquals(Arrays.asList("str", 42, 1.25, null, null, true, JsArray.of(8, 7, 6), 1, "blob"),
                elements(worker.call("bindings")));
        assertEquals(List.of(
                "TypeError: SQL binding 1 is not a string, number, bigint, null or ArrayBuffer.",
                "TypeError: SQL binding 1 is not a string, number, bigint, null or ArrayBuffer.",
                "TypeError: SQL binding 1 is not a string, number, bigint, null or ArrayBuffer.",
                "RangeError: SQL binding 1 is a BigInt outside the range of a 64-bit signed integer."),
                elements(worker.call("badBindings")));
        assertEquals("Error: Wrong number of parameter bindings for SQL query.",
                worker.call("errorOf", "SELECT ?, ?", 1));
    }

    @Test
    void databaseSizeIsANumberOfBytes() {
        open();
        List<Object> size = elements(worker.call("databaseSize"));
        assertEquals("number", size.get(0));
        assertEquals(worker.store.sql().databaseSize(), ((Number) size.get(1)).longValue());
        assertTrue(((Number) size.get(1)).longValue() > 0);
    }

    @Test
    void guardsRefuseWithClearErrorsAndChangeNothing() {
        open();
        worker.call("all", "CREATE TABLE t (x)");
        worker.call("all", "INSERT INTO t VALUES (1)");
        String attach = (String) worker.call("errorOf", "INSERT INTO t VALUES (2); ATTACH DATABASE 'x.db' AS x");
        assertEquals("Error: ATTACH and DETACH are not allowed: each object has exactly one database.", attach);
        String pragma = (String) worker.call("errorOf", "INSERT INTO t VALUES (3); PRAGMA journal_mode = DELETE");
        assertEquals("Error: PRAGMA journal_mode is not allowed.", pragma);
        String kvTable = (String) worker.call("errorOf", "INSERT INTO t VALUES (4); SELECT * FROM _cf_KV");
        assertTrue(kvTable.startsWith("Error: access to _cf_KV is prohibited"), kvTable);
        String begin = (String) worker.call("errorOf", "BEGIN TRANSACTION");
        assertTrue(begin.startsWith("Error: To execute a transaction, please use the state.storage.transaction()"), begin);
        // Not a refusal but SQLite's own error (statements before it would have run, as documented).
        String syntax = (String) worker.call("errorOf", "SELEC 1");
        assertTrue(syntax.startsWith("Error: near \"SELEC\": syntax error"), syntax);
        assertEquals(1, worker.call("count", "t"));
    }

    @Test
    void anOverQuotaInsertFailsWithSqliteFullAndChangesNothing() {
        open(StorageLimits.defaults().withMaxDatabaseBytes(256 * 1024));
        worker.call("all", "CREATE TABLE t (x)");
        worker.call("all", "INSERT INTO t VALUES (1)");
        String full = (String) worker.call("errorOf",
                "INSERT INTO t SELECT randomblob(100000) FROM (SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)");
        assertEquals("Error: database or disk is full: SQLITE_FULL", full);
        assertEquals(1, worker.call("count", "t"));
    }

    @Test
    void aRunawayQueryIsInterruptedByTheStepBudget() {
        open(StorageLimits.defaults().withMaxQuerySteps(100_000));
        String timeout = (String) worker.call("errorOf",
                "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c) SELECT count(*) FROM c");
        assertTrue(timeout.startsWith("Error: SQL query exceeded its limit of 100000 virtual machine steps"), timeout);
        assertEquals(JsObject.of("ok", 1), worker.call("one", "SELECT 1 AS ok"));
    }

    private static List<Object> elements(Object array) {
        return ((JsArray) array).elements();
    }
}
