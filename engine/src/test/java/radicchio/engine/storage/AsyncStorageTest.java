package radicchio.engine.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.bindings.abi.JsArray;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.Undefined;

/** The promise-returning storage API: multi-key KV, deleteAll, sync and alarms. */
class AsyncStorageTest {
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
    void getPutDeleteAndListWithOneOrManyKeys() {
        JsObject out = (JsObject) worker.call("asyncKv");
        assertEquals(Undefined.INSTANCE, out.get("putResult"));
        assertEquals(JsObject.of("n", 1), out.get("getOne"));
        assertEquals(Undefined.INSTANCE, out.get("getMissing"));
        assertEquals(JsArray.of(true, JsArray.of("c", "a"), "three"), out.get("getMany"));
        assertEquals(JsArray.of(true, JsArray.of("a", "b")), out.get("list"));
        assertEquals(JsArray.of("c", "b", "a", ""), out.get("listReverse"));
        assertEquals(JsArray.of("b"), out.get("listPrefix"));
        assertEquals(JsArray.of(true, false), out.get("deleteOne"));
        assertEquals(2, out.get("deleteMany"));
        assertEquals(JsArray.of(""), out.get("left"));
        assertEquals("TypeError: put() called with undefined value.", out.get("undefinedValue"));
        assertEquals("RangeError: Maximum number of keys is 128.", out.get("tooMany"));
        assertEquals("RangeError: Maximum number of keys is 128.", out.get("tooManyPut"));
        assertEquals("RangeError: Maximum number of keys is 128.", out.get("tooManyDelete"));
        assertEquals(0, out.get("exactly128"));
        assertEquals("TypeError: list() cannot be called with both start and startAfter values.", out.get("badList"));
        assertEquals("TypeError: List limit must be positive.", out.get("badLimit"));
        assertEquals("RangeError: Keys cannot be larger than 2048 bytes.", out.get("bigKey"));
        assertTrue(String.valueOf(out.get("bigKeyInMany")).startsWith("RangeError: Key \"kkk"), () -> String.valueOf(out.get("bigKeyInMany")));
        assertEquals(JsArray.of(true, true), out.get("promises"));
        assertEquals(Undefined.INSTANCE, out.get("sync"));
        // Nothing of the refused calls was stored.
        assertEquals(List.of(""), List.copyOf(worker.store.kv().list().keySet()));
    }

    @Test
    void deleteAllRemovesKvAndSqlButKeepsTheAlarm() {
        assertEquals(List.of(JsArray.of(), JsArray.of(), true), elements(worker.call("deleteAllAndSync")));
        assertTrue(worker.store.kv().list().isEmpty());
    }

    @Test
    void alarmsAreSetReadAndDeleted() {
        long at = System.currentTimeMillis() + 3_600_000;
        List<Object> out = elements(worker.call("alarms", (double) at));
        assertNull(out.get(0));
        assertEquals((double) at, ((Number) out.get(1)).doubleValue());
        assertEquals((double) (at + 1000), ((Number) out.get(2)).doubleValue());
        assertEquals("TypeError: setAlarm() cannot be called with an alarm time <= 0", out.get(3));
        assertEquals("TypeError: setAlarm() requires a Date or a number of milliseconds since the epoch.", out.get(4));
        assertEquals("TypeError: setAlarm() cannot be called with an invalid time.", out.get(5));
        assertEquals((double) (at + 1000), ((Number) out.get(6)).doubleValue());
        assertEquals(at + 1000, worker.store.alarms().getAlarm());
        assertNull(worker.call("deleteAlarm"));
        assertNull(worker.store.alarms().getAlarm());
    }

    @Test
    void anAlarmInThePastIsDueNow() {
        assertEquals(Boolean.TRUE, worker.call("pastAlarm"));
    }

    private static List<Object> elements(Object array) {
        return ((JsArray) array).elements();
    }
}
