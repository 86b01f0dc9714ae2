package radicchio.engine.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.bindings.abi.JsArray;

/** {@code transactionSync(fn)} and {@code transaction(async fn)}: savepoints held across JS. */
class TransactionStorageTest {
    @TempDir
    Path dataDir;
    private StorageWorker worker;

    @BeforeEach
    void open() {
        worker = StorageWorker.open(dataDir, "async-worker.js", "Async");
    }

    @AfterEach
    void close() {
        worker.close();
    }

    @Test
    void aThrowInANestedTransactionSyncUndoesOnlyThatLevel() {
        assertEquals(List.of("outer result", true, JsArray.of("after", "outer"), JsArray.of("outer")),
                elements(worker.call("nestedTransactionSync")));
        // What JS saw is what was committed.
        worker.restartIsolate();
        assertEquals(List.of("after", "outer"), elements(worker.call("kvKeys")));
    }

    @Test
    void aThrowFromTheOutermostLevelUndoesEverythingAndIsRethrownAsIs() {
        assertEquals(List.of(true, JsArray.of("before"), JsArray.of()),
                elements(worker.call("failingTransactionSync")));
        assertEquals(List.of("before"), List.copyOf(worker.store.kv().list().keySet()));
    }

    @Test
    void transactionSyncNeedsAFunction() {
        assertEquals("TypeError: transactionSync() requires a function.", worker.call("transactionSyncArgument"));
    }

    @Test
    void asyncTransactionsCommitRollBackAndRunOneAtATime() {
        List<Object> result = elements(worker.call("asyncTransactions"));
        assertEquals("done", result.get(0));
        assertEquals("RangeError: async failure", result.get(1));
        assertEquals("Error: This transaction has been rolled back.", result.get(2));
        assertEquals(JsArray.of("start 1", "end 1", "start 2", "end 2"), result.get(3));
        assertEquals(JsArray.of("committed", "concurrent 1", "concurrent 2"), result.get(4));
        assertEquals(List.of("committed", "concurrent 1", "concurrent 2"),
                List.copyOf(worker.store.kv().list().keySet()));
    }

    private static List<Object> elements(Object array) {
        return ((JsArray) array).elements();
    }
}
