package radicchio.engine.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import radicchio.bindings.abi.JsArray;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.Undefined;
import radicchio.bindings.abi.WireValues;
import radicchio.storage.ListOptions;

/** {@code ctx.storage.kv} from JS: the synchronous KV API over the object's SQLite store. */
class SyncKvStorageTest {
    @TempDir
    Path dataDir;
    private StorageWorker worker;

    @BeforeEach
    void open() {
        worker = StorageWorker.open(dataDir, "kv-worker.js", "Kv");
    }

    @AfterEach
    void close() {
        worker.close();
    }

    @Test
    void putGetDeleteAndMissingKeys() {
        worker.call("put", "greeting", "hello");
        assertEquals("hello", worker.call("get", "greeting"));
        assertEquals(Undefined.INSTANCE, worker.call("get", "missing"));
        assertEquals(Boolean.TRUE, worker.call("delete", "greeting"));
        assertEquals(Boolean.FALSE, worker.call("delete", "greeting"));
        assertEquals(Undefined.INSTANCE, worker.call("get", "greeting"));
        assertEquals(Boolean.TRUE, worker.call("sameStorageObject"));
    }

    @Test
    void theEmptyKeyIsAKeyLikeAnyOther() {
        worker.call("put", "", 42);
        assertEquals(42, worker.call("get", ""));
        assertEquals(List.of(JsArray.of("", 42)), elements(worker.call("list", Undefined.INSTANCE)));
    }

    @Test
    void valuesAreInTheDatabaseNotInTheIsolate() {
        worker.call("put", "k", JsObject.of("n", 7));
        worker.restartIsolate();
        assertEquals(JsObject.of("n", 7), worker.call("get", "k"));
        assertTrue(worker.store.kv().get("k").length > 0, "stored as bytes in _cf_KV");
    }

    @Test
    void listIsAnIteratorInUtf8KeyOrder() {
        // UTF-16 order would put U+1F600 (a surrogate pair, D83D) before U+FFFF; UTF-8 order does not.
        for (String key : List.of("\uFFFF", "b", "\uD83D\uDE00", "é", "a", "z", "ab")) {
            worker.call("put", key, key.length());
        }
        assertEquals(List.of("a", "ab", "b", "z", "é", "\uFFFF", "\uD83D\uDE00"),
                elements(worker.call("listKeys", Undefined.INSTANCE)));
        assertEquals(List.of(Boolean.FALSE, "function", Boolean.TRUE), elements(worker.call("listShape")));
        assertEquals(List.of(JsArray.of("a", 1), JsArray.of("ab", 2)),
                elements(worker.call("list", JsObject.of("prefix", "a"))));
    }

    @Test
    void listOptionsSelectTheSameRangesAsTheStoreItself() {
        for (String key : List.of("a", "b", "ba", "bb", "c", "d")) {
            worker.call("put", key, key);
        }
        assertEquals(List.of("b", "ba", "bb", "c"), keys(JsObject.of("start", "b", "end", "d")));
        assertEquals(List.of("ba", "bb", "c"), keys(JsObject.of("startAfter", "b", "end", "d")));
        assertEquals(List.of("c", "bb"), keys(JsObject.of("start", "b", "end", "d", "reverse", true, "limit", 2)));
        assertEquals(List.of("ba", "bb"), keys(JsObject.of("prefix", "b", "startAfter", "b")));
        assertEquals(List.of("d", "c"), keys(JsObject.of("reverse", true, "limit", 2)));
        assertEquals(List.of(), keys(JsObject.of("start", "c", "end", "b")));
        assertEquals(List.of(), keys(JsObject.of("prefix", "b", "start", "c")));
        // The same answers as KvTable, for a combination with every option.
        Map<String, byte[]> direct = worker.store.kv().list(ListOptions.all().withPrefix("b").withStart("b")
                .withEnd("bb").withLimit(5).withReverse(true));
        assertEquals(List.copyOf(direct.keySet()),
                keys(JsObject.of("prefix", "b", "start", "b", "end", "bb", "limit", 5, "reverse", true)));
    }

    @Test
    void listOptionsThePlatformRejects() {
        assertEquals("TypeError: list() cannot be called with both start and startAfter values.",
                worker.call("errorOf", "list", JsObject.of("start", "a", "startAfter", "b")));
        assertEquals("TypeError: List limit must be positive.",
                worker.call("errorOf", "list", JsObject.of("limit", 0)));
        assertEquals("TypeError: List limit must be positive.",
                worker.call("errorOf", "list", JsObject.of("limit", -5)));
        assertEquals("TypeError: The list() options must be an object.",
                worker.call("errorOf", "list", "prefix"));
    }

    @Test
    void aTwoMegabyteValueRoundTripsAndALargerOneIsRefused() {
        worker.call("putBig", "big", 2_000_000);
        assertEquals(List.of(2_000_000, Boolean.TRUE), elements(worker.call("bigLength", "big")));
        assertEquals("RangeError: Values cannot be larger than 2097152 bytes.",
                worker.call("errorOf", "put", "big", "y".repeat(2 * 1024 * 1024)));
        assertEquals(List.of(2_000_000, Boolean.TRUE), elements(worker.call("bigLength", "big")));
    }

    @Test
    void keysOverTheLimitAreRangeErrors() {
        assertEquals("RangeError: Keys cannot be larger than 2048 bytes.",
                worker.call("errorOf", "put", "k".repeat(2049), 1));
        assertEquals("RangeError: Keys cannot be larger than 2048 bytes.",
                worker.call("errorOf", "get", "é".repeat(1025)));
        assertEquals("no error", worker.call("errorOf", "put", "k".repeat(2048), 1));
    }

    @Test
    void everyStructuredCloneValueRoundTripsExactly() {
        Object samples = worker.call("storeSamples");
        worker.restartIsolate();
        Object readBack = worker.call("readSamples");
        assertTrue(WireValues.equal(samples, readBack),
                () -> "stored " + WireValues.toString(samples) + "\nread " + WireValues.toString(readBack));
        JsObject checks = (JsObject) worker.call("sampleChecks");
        for (String check : checks.keys()) {
            assertEquals(Boolean.TRUE, checks.get(check), check);
        }
        assertEquals(10, checks.size());
    }

    @Test
    void anUncloneableValueIsADataCloneErrorAndStoresNothing() {
        assertEquals("DataCloneError: nothing stored", worker.call("putUncloneable"));
        assertNull(worker.store.kv().get("fn"));
    }

    @Test
    void requestsResponsesAndBindingsCannotBeStored() {
        assertEquals(List.of("DataCloneError: A Request could not be cloned for storage.",
                "DataCloneError: A Response could not be cloned for storage.",
                "DataCloneError: A binding of kind \"storage\" could not be cloned for storage.", 0),
                elements(worker.call("putUnstorable")));
    }

    @Test
    void putReplacesAndListShowsTheLatestValue() {
        worker.call("put", "k", 1);
        worker.call("put", "k", JsArray.of(1, 2));
        assertEquals(List.of(JsArray.of("k", JsArray.of(1, 2))), elements(worker.call("list", Undefined.INSTANCE)));
        assertFalse(worker.store.kv().list().isEmpty());
        assertArrayEquals(worker.store.kv().get("k"), worker.store.kv().list().get("k"));
    }

    private List<Object> keys(JsObject options) {
        return elements(worker.call("listKeys", options));
    }

    private static List<Object> elements(Object array) {
        return ((JsArray) array).elements();
    }
}
