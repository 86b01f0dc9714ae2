package radicchio.engine.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.bindings.JsException;
import radicchio.bindings.abi.JsArray;
import radicchio.bindings.abi.JsArrayBuffer;
import radicchio.bindings.abi.JsMap;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.Undefined;
import radicchio.bindings.abi.WireWriter;
import radicchio.storage.ObjectKey;
import radicchio.storage.ObjectStore;

/**
  * The bridge against requests no honest prelude sends: wrong types, missing fields, huge counts,
  * other stores' cursors. Every one must end in a JS error with a clear message, never another
  * exception, and must leave the store usable.
  */
class StorageBridgeTest {
    private static final List<String> METHODS = List.of("get", "getMany", "put", "putMany", "delete",
            "deleteMany", "list", "deleteAll", "sql.exec", "sql.next", "sql.close", "sql.databaseSize",
            "transaction.begin", "transaction.commit", "transaction.rollback", "sync", "getAlarm",
            "setAlarm", "deleteAlarm");

    @TempDir
    Path dataDir;
    private ObjectStore store;
    private final StorageBridge bridge = new StorageBridge();

    @BeforeEach
    void open() {
        store = ObjectStore.open(dataDir, ObjectKey.of("Test", "0b"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Object handle(Object request) throws Exception {
        return bridge.handle(store, request);
    }

    private JsException refused(Object request) {
        return assertThrows(JsException.class, () -> handle(request));
    }

    private static JsObject request(String method, Object... fields) {
        JsObject request = JsObject.of(fields);
        request.set("op", "storage");
        request.set("method", method);
        return request;
    }

    @Test
    void requestsThatAreNotStorageRequestsAreTypeErrors() {
        assertEquals("TypeError: A storage request must be an object.", text(refused("get")));
        assertEquals("TypeError: A storage request needs a string \"method\".", text(refused(JsObject.of("op", "storage"))));
        assertEquals("TypeError: Unknown storage method \"drop\".", text(refused(request("drop"))));
    }

    @Test
    void fieldsOfTheWrongTypeNameTheField() {
        assertEquals("TypeError: storage.get: \"key\" must be a string.", text(refused(request("get", "key", 42))));
        assertEquals("TypeError: storage.get: \"key\" must be a string.", text(refused(request("get"))));
        assertEquals("TypeError: storage.put: \"value\" must be an ArrayBuffer.",
                text(refused(request("put", "key", "k", "value", "not bytes"))));
        assertEquals("TypeError: storage.getMany: \"keys\" must be an array of strings.",
                text(refused(request("getMany", "keys", JsArray.of("a", 1)))));
        assertEquals("TypeError: storage.list: \"limit\" must be a 32-bit integer.",
                text(refused(request("list", "limit", 1.5))));
        assertEquals("TypeError: storage.list: \"reverse\" must be a boolean.",
                text(refused(request("list", "reverse", "yes"))));
        assertEquals("TypeError: storage.sql.exec: \"bindings\" must be an array.",
                text(refused(request("sql.exec", "query", "SELECT 1"))));
        assertEquals("TypeError: storage.setAlarm: \"time\" must be a finite number.",
                text(refused(request("setAlarm", "time", Double.NaN))));
        assertEquals("TypeError: setAlarm() cannot be called with a time outside the range of a Date.",
                text(refused(request("setAlarm", "time", 1e300))));
        assertEquals("TypeError: storage.sql.next: \"cursor\" must be an id.", text(refused(request("sql.next"))));
    }

    @Test
    void storedValuesMustBeWellFormedWireValues() throws Exception {
        JsException e = refused(request("put", "key", "k", "value", new JsArrayBuffer(new byte[] {0x09, 0x05})));
        assertEquals("TypeError", e.name());
        assertTrue(e.jsMessage().startsWith("\"value\" is not a valid structured-clone value: "), e::toString);
        byte[] cyclic = WireWriter.encode(cyclicWithHostRef());
        assertEquals("DataCloneError: A binding of kind \"loader\" could not be cloned for storage.",
                text(refused(request("putMany", "keys", JsArray.of("a"), "values", JsArray.of(new JsArrayBuffer(cyclic))))));
        assertEquals(Undefined.INSTANCE, handle(request("get", "key", "k")));
        assertEquals(Undefined.INSTANCE, handle(request("get", "key", "a")));
    }

    /** {a: <itself>, b: [HostRef]}: the walk must get past the cycle to find the binding. */
    private static JsObject cyclicWithHostRef() {
        JsObject root = new JsObject();
        root.set("a", root);
        root.set("b", JsArray.of(1, new radicchio.bindings.abi.HostRef("loader", "L")));
        return root;
    }

    @Test
    void countsAndSizesOverTheLimitsAreRangeErrors() {
        JsArray keys = new JsArray();
        JsArray values = new JsArray();
        for (int i = 0; i < 129; i++) {
            keys.add("k" + i);
            values.add(new JsArrayBuffer(new byte[] {1}));
        }
        assertEquals("RangeError: Maximum number of keys is 128.", text(refused(request("getMany", "keys", keys))));
        assertEquals("RangeError: Maximum number of keys is 128.",
                text(refused(request("putMany", "keys", keys, "values", values))));
        assertEquals("TypeError: storage.putMany: \"keys\" and \"values\" differ in length.",
                text(refused(request("putMany", "keys", JsArray.of("a"), "values", new JsArray()))));
        JsArray bindings = new JsArray();
        for (int i = 0; i < 101; i++) {
            bindings.add(i);
        }
        assertEquals("Error: Wrong number of parameter bindings for SQL query.",
                text(refused(request("sql.exec", "query", "SELECT 1", "bindings", bindings))));
        assertEquals("RangeError: SQL binding 1 is a BigInt outside the range of a 64-bit signed integer.",
                text(refused(request("sql.exec", "query", "SELECT ?", "bindings", JsArray.of(BigInteger.TWO.pow(63))))));
        assertEquals("TypeError: SQL binding 2 is not a string, number, bigint, null or ArrayBuffer.",
                text(refused(request("sql.exec", "query", "SELECT ?, ?", "bindings", JsArray.of(1, new JsMap())))));
    }

    @Test
    void cursorsBelongToTheirStoreAndUnknownIdsAreClosedCursors() throws Exception {
        Map<?, ?> reply = (Map<?, ?>) handle(request("sql.exec", "bindings", new JsArray(), "query",
                "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 1000) SELECT i FROM c"));
        int id = (Integer) reply.get("cursor");
        try (ObjectStore other = ObjectStore.open(dataDir, ObjectKey.of("Test", "0c"))) {
            JsException e = assertThrows(JsException.class, () -> bridge.handle(other, request("sql.next", "cursor", id)));
            assertEquals("Error: This SQL cursor is closed.", text(e));
        }
        Map<?, ?> next = (Map<?, ?>) handle(request("sql.next", "cursor", id));
        assertEquals(OpenCursors.MAX_BATCH_ROWS, ((List<?>) next.get("values")).size(), "one column");
        handle(request("sql.close", "cursor", id));
        assertEquals("Error: This SQL cursor is closed.", text(refused(request("sql.next", "cursor", id))));
        assertEquals("Error: This SQL cursor is closed.", text(refused(request("sql.next", "cursor", 12345))));
    }

    @Test
    void aFacetHasItsOwnDataAndNoAlarm() throws Exception {
        ObjectStore facet = store.facet("child");
        bridge.handle(facet, request("put", "key", "k", "value", new JsArrayBuffer(WireWriter.encode("facet"))));
        assertEquals(Undefined.INSTANCE, handle(request("get", "key", "k")));
        JsException e = assertThrows(JsException.class,
                () -> bridge.handle(facet, request("setAlarm", "time", 1e12)));
        assertEquals("Error: Facets cannot set alarms.", text(e));
        assertEquals(Undefined.INSTANCE, bridge.handle(facet, request("getAlarm")));
    }

    @Test
    void unbalancedTransactionRequestsAreErrors() throws Exception {
        assertEquals("Error: no transactionSync() savepoint is open", text(refused(request("transaction.commit"))));
        assertEquals("Error: no transactionSync() savepoint is open", text(refused(request("transaction.rollback"))));
        handle(request("transaction.begin"));
        handle(request("put", "key", "k", "value", new JsArrayBuffer(WireWriter.encode(7))));
        handle(request("transaction.rollback"));
        assertEquals(Undefined.INSTANCE, handle(request("get", "key", "k")));
    }

    @Test
    void randomHostileRequestsOnlyEverGiveRepliesOrJsErrors() throws Exception {
        Random random = new Random(20261127);
        int errors = 0;
        for (int i = 0; i < 3000; i++) {
            JsObject request = request(METHODS.get(random.nextInt(METHODS.size())));
            for (String field : List.of("key", "keys", "value", "values", "query", "bindings", "cursor",
                    "time", "start", "startAfter", "end", "prefix", "limit", "reverse")) {
                if (random.nextInt(3) == 0) {
                    request.set(field, randomValue(random, 0));
                }
            }
            try {
                Object reply = handle(request);
                WireWriter.encode(reply); // whatever the bridge answers must be encodable
            } catch (JsException e) {
                errors++;
                assertTrue(e.jsMessage() != null && !e.jsMessage().isEmpty(), e::toString);
                assertTrue(!e.jsMessage().contains("Internal error"), e::toString);
            } catch (Exception e) {
                fail("request " + request + " threw " + e, e);
            }
        }
        assertTrue(errors > 1000, "most random requests are refused: " + errors);
        store.rollbackEvent();
        // Still usable.
        handle(request("put", "key", "after", "value", new JsArrayBuffer(new byte[] {1})));
        assertTrue(store.kv().get("after") != null);
    }

    private static Object randomValue(Random random, int depth) {
        switch (random.nextInt(depth > 1 ? 9 : 11)) {
            case 0: return null;
            case 1: return Undefined.INSTANCE;
            case 2: return random.nextInt(5) - 2;
            case 3: return random.nextBoolean() ? Double.NaN : random.nextDouble() * 1e16;
            case 4: return List.of("", "a", "k1", "_cf_KV", "SELECT 1", "é\uD800").get(random.nextInt(6));
            case 5: return BigInteger.valueOf(random.nextLong()).shiftLeft(random.nextInt(70));
            case 6: return random.nextBoolean();
            case 7: return new JsArrayBuffer(new byte[random.nextInt(4)]);
            case 8: return new JsMap();
            case 9: {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                return random.nextInt(10) == 0 ? Collections.nCopies(200, "k") : list;
            }
            default: return JsObject.of("x", randomValue(random, depth + 1));
        }
    }

    private static String text(JsException e) {
        return e.name() + ": " + e.jsMessage();
    }
}
