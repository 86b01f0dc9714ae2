package radicchio.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvTableTest {
  private static final ObjectKey KEY = ObjectKey.of("Test", "00ab");

  @TempDir Path dataDir;
  private ObjectStore store;
  private KvTable kv;

  @BeforeEach
  void open() {
    store = ObjectStore.open(dataDir, KEY);
    kv = store.kv();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(UTF_8);
  }

  private List<String> keys(ListOptions options) {
    return new ArrayList<>(kv.list(options).keySet());
  }

  @Test
  void aListOverItsByteCapFailsWhileReadingAndChangesNothing() {
    for (int i = 0; i < 10; i++) {
      kv.put("k" + i, new byte[1000]);
    }
    ResultTooLargeException e = assertThrows(ResultTooLargeException.class,
        () -> kv.list(ListOptions.all(), 5_000));
    assertEquals(5_000, e.maxBytes());
    assertEquals(10, kv.list(ListOptions.all(), 20_000).size());
    assertEquals(4, kv.list(ListOptions.all().withLimit(4), 5_000).size(), "a limit keeps it under the cap");
  }

  @Test
  void getPutDeleteRoundTrip() {
    assertNull(kv.get("a"));
    kv.put("a", bytes("1"));
    assertArrayEquals(bytes("1"), kv.get("a"));
    kv.put("a", bytes("2"));
    assertArrayEquals(bytes("2"), kv.get("a"));
    assertTrue(kv.delete("a"));
    assertFalse(kv.delete("a"));
    assertNull(kv.get("a"));
  }

  @Test
  void emptyKeyAndEmptyValueAreAllowed() {
    kv.put("", new byte[0]);
    assertArrayEquals(new byte[0], kv.get(""));
    assertEquals(List.of(""), keys(ListOptions.all()));
    assertTrue(kv.delete(""));
  }

  @Test
  void listOrdersByUtf8BytesNotUtf16Units() {
    String bmpMax = "\uFFFF";             // UTF-8 EF BF BF
    String emoji = "\uD83D\uDE00";        // UTF-8 F0 9F 98 80; in UTF-16 it sorts before U+FFFF
    assertTrue(emoji.compareTo(bmpMax) < 0, "UTF-16 order puts the emoji first");
    kv.put(emoji, bytes("e"));
    kv.put(bmpMax, bytes("f"));
    kv.put("a", bytes("a"));
    kv.put("\u00e9", bytes("x"));
    assertEquals(List.of("a", "\u00e9", bmpMax, emoji), keys(ListOptions.all()));
    assertEquals(List.of(emoji, bmpMax, "\u00e9", "a"), keys(ListOptions.all().withReverse(true)));
  }

  @Test
  void unpairedSurrogatesBecomeReplacementCharacters() {
    kv.put("x\uD800", bytes("1"));
    assertArrayEquals(bytes("1"), kv.get("x\uFFFD"));
  }

  @Test
  void valuesUpToTheCapAreStoredAndLargerOnesRejected() {
    byte[] max = new byte[StorageLimits.DEFAULT_MAX_VALUE_BYTES];
    max[0] = 1;
    max[max.length - 1] = 2;
    kv.put("big", max);
    assertArrayEquals(max, kv.get("big"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> kv.put("big", new byte[StorageLimits.DEFAULT_MAX_VALUE_BYTES + 1]));
    assertEquals("Values cannot be larger than 2097152 bytes.", e.getMessage());
    assertArrayEquals(max, kv.get("big"));
  }

  @Test
  void keyCapIsCountedInUtf8Bytes() {
    kv.put("k".repeat(2048), bytes("ok"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> kv.put("\u00e9".repeat(1025), bytes("2050 bytes")));
    assertEquals("Keys cannot be larger than 2048 bytes.", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> kv.get("k".repeat(2049)));
  }

  @Test
  void nullValueIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> kv.put("a", null));
  }

  @Test
  void configurableValueCap() {
    store.close();
    store = ObjectStore.open(dataDir, KEY, StorageLimits.defaults().withMaxValueBytes(10),
        java.time.Clock.systemUTC());
    store.kv().put("a", new byte[10]);
    assertThrows(IllegalArgumentException.class, () -> store.kv().put("a", new byte[11]));
  }

  @Test
  void listRangesFollowThePlatform() {
    for (String k : List.of("a", "b", "ba", "bb", "c", "d")) {
      kv.put(k, bytes(k));
    }
    assertEquals(List.of("b", "ba", "bb", "c", "d"), keys(ListOptions.all().withStart("b")));
    assertEquals(List.of("ba", "bb", "c", "d"), keys(ListOptions.all().withStartAfter("b")));
    assertEquals(List.of("a", "b", "ba", "bb"), keys(ListOptions.all().withEnd("c")));
    assertEquals(List.of("b", "ba", "bb"), keys(ListOptions.all().withPrefix("b")));
    assertEquals(List.of("ba", "bb"), keys(ListOptions.all().withPrefix("b").withStartAfter("b")));
    assertEquals(List.of("b", "ba"), keys(ListOptions.all().withPrefix("b").withEnd("bb")));
    assertEquals(List.of(), keys(ListOptions.all().withPrefix("b").withStart("c")));
    assertEquals(List.of("b", "ba", "bb"), keys(ListOptions.all().withPrefix("b").withStart("a")));
    assertEquals(List.of(), keys(ListOptions.all().withStart("c").withEnd("b")));
    assertEquals(List.of(), keys(ListOptions.all().withStart("c").withEnd("c")));
    assertEquals(List.of("a", "b"), keys(ListOptions.all().withLimit(2)));
  }

  @Test
  void reverseKeepsTheMeaningOfStartAndEnd() {
    for (String k : List.of("a", "b", "c", "d", "e")) {
      kv.put(k, bytes(k));
    }
    ListOptions range = ListOptions.all().withStart("b").withEnd("e").withReverse(true);
    assertEquals(List.of("d", "c", "b"), keys(range));
    assertEquals(List.of("d", "c"), keys(range.withLimit(2)));
    assertEquals(List.of("e", "d"), keys(ListOptions.all().withReverse(true).withLimit(2)));
  }

  @Test
  void prefixOfMaximalBytesHasNoUpperBound() {
    kv.put("\uFFFF", bytes("1"));
    kv.put("\uFFFFz", bytes("2"));
    kv.put("\uD83D\uDE00", bytes("3"));
    assertEquals(List.of("\uFFFF", "\uFFFFz"), keys(ListOptions.all().withPrefix("\uFFFF")));
  }

  @Test
  void rejectsOptionCombinationsThePlatformRejects() {
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
        () -> kv.list(ListOptions.all().withStart("a").withStartAfter("b")));
    assertEquals("list() cannot be called with both start and startAfter values.", both.getMessage());
    for (int bad : new int[] {0, -1}) {
      IllegalArgumentException limit = assertThrows(IllegalArgumentException.class,
          () -> kv.list(ListOptions.all().withLimit(bad)));
      assertEquals("List limit must be positive.", limit.getMessage());
    }
  }

  @Test
  void multiKeyOperationsTakeAtMost128Keys() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 128; i++) {
      entries.put("k" + i, bytes("v" + i));
      names.add("k" + i);
    }
    kv.put(entries);
    assertEquals(128, kv.get(names).size());
    names.add("k128");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kv.get(names));
    assertEquals("Maximum number of keys is 128.", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> kv.delete(names));
    entries.put("k128", bytes("x"));
    assertThrows(IllegalArgumentException.class, () -> kv.put(entries));
    assertNull(kv.get("k128"));
  }

  @Test
  void multiGetReturnsPresentKeysInRequestOrder() {
    kv.put("b", bytes("2"));
    kv.put("a", bytes("1"));
    Map<String, byte[]> found = kv.get(List.of("b", "missing", "a", "b"));
    assertEquals(List.of("b", "a"), new ArrayList<>(found.keySet()));
  }

  @Test
  void multiDeleteCountsExistingKeysOnce() {
    kv.put("a", bytes("1"));
    kv.put("b", bytes("2"));
    assertEquals(2, kv.delete(List.of("a", "b", "a", "zz")));
    assertTrue(kv.list().isEmpty());
  }

  @Test
  void multiPutIsAtomicWhenOneValueIsTooLarge() {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("ok", bytes("1"));
    entries.put("huge", new byte[StorageLimits.DEFAULT_MAX_VALUE_BYTES + 1]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kv.put(entries));
    assertEquals("Value for key \"huge\" is above the limit of 2097152 bytes.", e.getMessage());
    assertNull(kv.get("ok"));
  }

  @Test
  void deleteAllRemovesEveryEntryAndCountsThem() {
    kv.put("a", bytes("1"));
    kv.put("b", bytes("2"));
    assertEquals(2, kv.deleteAll());
    assertTrue(kv.list().isEmpty());
  }

  @Test
  void valuesSurviveReopening() {
    kv.put("persist", bytes("yes"));
    store.close();
    store = ObjectStore.open(dataDir, KEY);
    assertArrayEquals(bytes("yes"), store.kv().get("persist"));
  }
}
