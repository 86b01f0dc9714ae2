package radicchio.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionTest {
  private static final ObjectKey KEY = ObjectKey.of("Test", "04");
  private static final byte[] ONE = {1};
  private static final byte[] TWO = {2};

  @TempDir Path dataDir;
  private ObjectStore store;

  @BeforeEach
  void open() {
    store = ObjectStore.open(dataDir, KEY);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void reopen() {
    store.close();
    store = ObjectStore.open(dataDir, KEY);
  }

  @Test
  void eventWritesCommitTogether() {
    store.beginEvent();
    assertTrue(store.inEvent());
    store.kv().put("a", ONE);
    store.sql().exec("CREATE TABLE t (x)");
    store.sql().exec("INSERT INTO t VALUES (1)");
    store.commitEvent();
    assertFalse(store.inEvent());
    reopen();
    assertArrayEquals(ONE, store.kv().get("a"));
    assertEquals(1L, store.sql().exec("SELECT count(*) AS n FROM t").one().get("n"));
  }

  @Test
  void rolledBackEventLeavesNothing() {
    store.beginEvent();
    store.kv().put("a", ONE);
    store.sql().exec("CREATE TABLE t (x)");
    store.rollbackEvent();
    assertNull(store.kv().get("a"));
    assertThrows(StorageException.class, () -> store.sql().exec("SELECT * FROM t"));
  }

  @Test
  void runEventRollsBackWhenTheBodyThrows() {
    IllegalStateException boom = new IllegalStateException("boom");
    IllegalStateException thrown = assertThrows(IllegalStateException.class,
        () -> store.runEvent(() -> {
          store.kv().put("a", ONE);
          throw boom;
        }));
    assertSame(boom, thrown);
    assertFalse(store.inEvent());
    assertNull(store.kv().get("a"));
    assertEquals("ok", store.runEvent(() -> "ok"));
  }

  @Test
  void eventsDoNotNest() {
    store.beginEvent();
    assertThrows(IllegalStateException.class, store::beginEvent);
    store.rollbackEvent();
    assertThrows(IllegalStateException.class, store::commitEvent);
  }

  @Test
  void transactionSyncReleasesOnSuccess() {
    store.beginEvent();
    int result = store.transactionSync(() -> {
      store.kv().put("a", ONE);
      return 7;
    });
    assertEquals(7, result);
    store.commitEvent();
    assertArrayEquals(ONE, store.kv().get("a"));
  }

  @Test
  void nestedTransactionSyncRollsBackOnlyTheThrowingLevel() {
    store.beginEvent();
    store.kv().put("outer-before", ONE);
    store.transactionSync(() -> {
      store.kv().put("level1", ONE);
      RuntimeException e = assertThrows(RuntimeException.class, () -> store.transactionSync(() -> {
        store.kv().put("level2", ONE);
        store.kv().put("level1", TWO);
        store.transactionSync(() -> {
          store.kv().put("level3", ONE);
          return null;
        });
        throw new RuntimeException("inner");
      }));
      assertEquals("inner", e.getMessage());
      assertNull(store.kv().get("level2"));
      assertNull(store.kv().get("level3"));
      assertArrayEquals(ONE, store.kv().get("level1"));
      return null;
    });
    store.commitEvent();
    assertArrayEquals(ONE, store.kv().get("outer-before"));
    assertArrayEquals(ONE, store.kv().get("level1"));
    assertNull(store.kv().get("level2"));
  }

  @Test
  void throwingOuterTransactionSyncRollsBackEverythingInside() {
    store.beginEvent();
    store.kv().put("kept", ONE);
    assertThrows(IllegalArgumentException.class, () -> store.transactionSync(() -> {
      store.kv().put("a", ONE);
      store.transactionSync(() -> {
        store.kv().put("b", ONE);
        return null;
      });
      throw new IllegalArgumentException("outer");
    }));
    store.commitEvent();
    assertArrayEquals(ONE, store.kv().get("kept"));
    assertNull(store.kv().get("a"));
    assertNull(store.kv().get("b"));
  }

  @Test
  void transactionSyncOutsideAnEventCommitsDurably() {
    store.transactionSync(() -> {
      store.kv().put("a", ONE);
      return null;
    });
    assertThrows(RuntimeException.class, () -> store.transactionSync(() -> {
      store.kv().put("b", ONE);
      throw new RuntimeException("no");
    }));
    reopen();
    assertArrayEquals(ONE, store.kv().get("a"));
    assertNull(store.kv().get("b"));
  }

  @Test
  void cannotCommitTheEventInsideTransactionSync() {
    store.beginEvent();
    assertThrows(IllegalStateException.class, () -> store.transactionSync(() -> {
      store.commitEvent();
      return null;
    }));
    assertTrue(store.inEvent());
    store.rollbackEvent();
  }

  @Test
  void syncMakesTheEventsWritesDurableAndTheEventContinues() {
    store.beginEvent();
    store.kv().put("a", ONE);
    store.sync();
    assertTrue(store.inEvent());
    store.kv().put("b", ONE);
    store.rollbackEvent();
    assertArrayEquals(ONE, store.kv().get("a"));
    assertNull(store.kv().get("b"));
    store.sync();
  }

  @Test
  void deleteAllRemovesKvAndSqlButKeepsTheAlarm() {
    store.kv().put("a", ONE);
    store.sql().exec("CREATE TABLE parent (id INTEGER PRIMARY KEY);"
        + "CREATE TABLE child (p REFERENCES parent(id));"
        + "CREATE VIEW v AS SELECT * FROM parent;"
        + "CREATE INDEX ci ON child(p);"
        + "CREATE VIRTUAL TABLE docs USING fts5(body);"
        + "INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1);"
        + "INSERT INTO docs VALUES ('hello')");
    store.alarms().setAlarm(System.currentTimeMillis() + 60_000);
    store.runEvent(store::deleteAll);
    assertTrue(store.kv().list().isEmpty());
    assertEquals(0, store.sql().exec("SELECT name FROM sqlite_schema WHERE name NOT LIKE '\\_cf\\_%'"
        + " ESCAPE '\\'").toArray().size());
    assertTrue(store.alarms().getAlarm() != null);
    store.sql().exec("CREATE TABLE parent (x)");
  }
}
