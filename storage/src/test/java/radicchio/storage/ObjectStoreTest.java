package radicchio.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObjectStoreTest {
  @TempDir Path dataDir;

  @Test
  void layoutIsNamespaceThenObjectIdThenDatabase() {
    try (ObjectStore store = ObjectStore.open(dataDir, ObjectKey.of("Counter", "00ff"))) {
      Path folder = dataDir.resolve("Counter").resolve("00ff");
      assertEquals(folder.toAbsolutePath().normalize(), store.directory());
      assertTrue(Files.isRegularFile(folder.resolve("object.sqlite")));
      assertTrue(Files.exists(folder.resolve("object.sqlite-wal")), "WAL journal in use");
    }
  }

  @Test
  void secondOpenOfTheSameObjectIsRefusedUntilClosed() {
    ObjectKey key = ObjectKey.of("Counter", "01");
    ObjectStore first = ObjectStore.open(dataDir, key);
    assertThrows(IllegalStateException.class, () -> ObjectStore.open(dataDir, key));
    first.close();
    first.close();
    ObjectStore.open(dataDir, key).close();
  }

  @Test
  void closedStoreRefusesWork() {
    ObjectStore store = ObjectStore.open(dataDir, ObjectKey.of("Counter", "02"));
    store.close();
    assertThrows(IllegalStateException.class, store::kv);
    assertThrows(IllegalStateException.class, store::beginEvent);
  }

  @Test
  void closingRollsBackAnOpenEvent() {
    ObjectKey key = ObjectKey.of("Counter", "03");
    ObjectStore store = ObjectStore.open(dataDir, key);
    store.beginEvent();
    store.kv().put("a", new byte[] {1});
    store.close();
    try (ObjectStore reopened = ObjectStore.open(dataDir, key)) {
      assertTrue(reopened.kv().list().isEmpty());
    }
  }

  @Test
  void objectKeysCannotEscapeTheDataDirectory() {
    assertThrows(IllegalArgumentException.class, () -> ObjectKey.of("..", "00"));
    assertThrows(IllegalArgumentException.class, () -> ObjectKey.of("a/b", "00"));
    assertThrows(IllegalArgumentException.class, () -> ObjectKey.of("ns", "../00"));
    assertThrows(IllegalArgumentException.class, () -> ObjectKey.of("ns", "ABCD"));
    assertThrows(IllegalArgumentException.class, () -> ObjectKey.of("", "00"));
  }
}
