package radicchio.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmSchedulerTest {
  private static final long NOW = 1_700_000_000_000L;
  private static final ObjectKey A = ObjectKey.of("Alarmed", "0a");
  private static final ObjectKey B = ObjectKey.of("Alarmed", "0b");

  @TempDir Path dataDir;
  private final MutableClock clock = new MutableClock(NOW);
  private final Map<ObjectKey, ObjectStore> stores = new HashMap<>();
  private final List<String> deliveries = new ArrayList<>();
  private int failuresLeft;

  @AfterEach
  void closeStores() {
    stores.values().forEach(ObjectStore::close);
  }

  private ObjectStore store(ObjectKey key) {
    return stores.computeIfAbsent(key,
        k -> ObjectStore.open(dataDir, k, StorageLimits.defaults(), clock));
  }

  /** Follows the AlarmHandler contract: one event, acknowledged inside it. */
  private final AlarmHandler handler = (key, info) -> {
    deliveries.add(key.objectIdHex() + "@" + (clock.millis() - NOW) + " retry=" + info.retryCount()
        + " isRetry=" + info.isRetry());
    ObjectStore store = store(key);
    store.runEvent(() -> {
      store.kv().put("ran", new byte[] {1});
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new IllegalStateException("handler failed");
      }
      store.alarms().acknowledge(info);
    });
  };

  @Test
  void deliversDueAlarmsOnceAndDeletesThem() {
    AlarmScheduler scheduler = new AlarmScheduler(clock, handler);
    scheduler.attach(store(A));
    scheduler.attach(store(B));
    store(A).alarms().setAlarm(NOW + 1000);
    store(B).alarms().setAlarm(NOW + 3000);
    assertEquals(OptionalLong.of(NOW + 1000), scheduler.nextWakeMillis());
    assertEquals(0, scheduler.runDue());
    clock.advance(1000);
    assertEquals(1, scheduler.runDue());
    assertEquals(List.of("0a@1000 retry=0 isRetry=false"), deliveries);
    assertNull(store(A).alarms().getAlarm());
    assertEquals(0, scheduler.runDue());
    clock.advance(5000);
    assertEquals(1, scheduler.runDue());
    assertNull(store(B).alarms().getAlarm());
    assertTrue(scheduler.nextWakeMillis().isEmpty());
  }

  @Test
  void failedDeliveriesRetryWithExponentialBackoffUpToSixTimes() {
    List<AlarmInfo> exhausted = new ArrayList<>();
    AlarmHandler counting = new AlarmHandler() {
      @Override
      public void onAlarm(ObjectKey key, AlarmInfo info) throws Exception {
        handler.onAlarm(key, info);
      }

      @Override
      public void onRetriesExhausted(ObjectKey key, AlarmInfo last) {
        exhausted.add(last);
      }
    };
    AlarmScheduler scheduler = new AlarmScheduler(clock, counting);
    scheduler.attach(store(A));
    store(A).alarms().setAlarm(NOW);
    failuresLeft = 100;
    List<Long> attemptTimes = new ArrayList<>();
    for (int tick = 0; tick < 200; tick++) {
      int before = deliveries.size();
      scheduler.runDue();
      if (deliveries.size() > before) {
        attemptTimes.add(clock.millis() - NOW);
      }
      clock.advance(1000);
    }
    assertEquals(List.of(0L, 2000L, 6000L, 14000L, 30000L, 62000L, 126000L), attemptTimes);
    assertEquals(7, deliveries.size());
    assertTrue(deliveries.get(1).endsWith("retry=1 isRetry=true"));
    assertEquals(1, exhausted.size());
    assertEquals(6, exhausted.get(0).retryCount());
    assertEquals(NOW, store(A).alarms().getAlarm(), "the failed alarm stays stored");
    assertNull(store(A).kv().get("ran"), "failed handler events rolled back");
  }

  @Test
  void retrySucceedsAfterTransientFailures() {
    AlarmScheduler scheduler = new AlarmScheduler(clock, handler);
    scheduler.attach(store(A));
    store(A).alarms().setAlarm(NOW);
    failuresLeft = 2;
    scheduler.runDue();
    clock.advance(2000);
    scheduler.runDue();
    clock.advance(4000);
    scheduler.runDue();
    assertEquals(3, deliveries.size());
    assertTrue(deliveries.get(2).startsWith("0a@6000 retry=2"));
    assertNull(store(A).alarms().getAlarm());
    assertTrue(scheduler.nextWakeMillis().isEmpty());
  }

  @Test
  void alarmMovedByTheHandlerIsDeliveredAtTheNewTime() {
    AlarmHandler rescheduling = (key, info) -> {
      deliveries.add(key.objectIdHex() + "@" + (clock.millis() - NOW));
      ObjectStore store = store(key);
      store.runEvent(() -> {
        if (deliveries.size() == 1) {
          store.alarms().setAlarm(clock.millis() + 10_000);
        }
        store.alarms().acknowledge(info);
      });
    };
    AlarmScheduler scheduler = new AlarmScheduler(clock, rescheduling);
    scheduler.attach(store(A));
    store(A).alarms().setAlarm(NOW);
    scheduler.runDue();
    assertEquals(NOW + 10_000, store(A).alarms().getAlarm());
    assertEquals(NOW + 10_000, scheduler.pendingAlarm(A));
    clock.advance(10_000);
    scheduler.runDue();
    assertEquals(List.of("0a@0", "0a@10000"), deliveries);
    assertNull(store(A).alarms().getAlarm());
  }

  @Test
  void pendingAlarmsSurviveARestart() {
    ObjectStore a = store(A);
    a.alarms().setAlarm(NOW + 500);
    store(B).kv().put("no alarm here", new byte[] {1});
    stores.values().forEach(ObjectStore::close);
    stores.clear();

    AlarmScheduler restarted = new AlarmScheduler(clock, handler);
    assertEquals(1, restarted.scan(dataDir));
    assertEquals(NOW + 500, restarted.pendingAlarm(A));
    assertNull(restarted.pendingAlarm(B));
    clock.advance(500);
    assertEquals(1, restarted.runDue());
    assertNull(store(A).alarms().getAlarm());
  }

  @Test
  void scanIgnoresFacetsAndForeignFolders() throws Exception {
    store(A).facet("child").kv().put("x", new byte[] {1});
    java.nio.file.Files.createDirectories(dataDir.resolve("not a namespace").resolve("zz"));
    AlarmScheduler scheduler = new AlarmScheduler(clock, handler);
    assertEquals(0, scheduler.scan(dataDir));
  }
}
