package radicchio.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmsTest {
  private static final ObjectKey KEY = ObjectKey.of("Alarmed", "0c");
  private static final long NOW = 1_700_000_000_000L;

  @TempDir Path dataDir;
  private final MutableClock clock = new MutableClock(NOW);
  private ObjectStore store;

  @BeforeEach
  void open() {
    store = ObjectStore.open(dataDir, KEY, StorageLimits.defaults(), clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void setGetDelete() {
    assertNull(store.alarms().getAlarm());
    store.alarms().setAlarm(NOW + 5000);
    assertEquals(NOW + 5000, store.alarms().getAlarm());
    store.alarms().setAlarm(NOW + 7000);
    assertEquals(NOW + 7000, store.alarms().getAlarm());
    store.alarms().deleteAlarm();
    assertNull(store.alarms().getAlarm());
  }

  @Test
  void pastTimesBecomeNowAndNonPositiveTimesAreRejected() {
    store.alarms().setAlarm(NOW - 100_000);
    assertEquals(NOW, store.alarms().getAlarm());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> store.alarms().setAlarm(0));
    assertEquals("setAlarm() cannot be called with an alarm time <= 0", e.getMessage());
  }

  @Test
  void alarmSurvivesReopening() {
    store.alarms().setAlarm(NOW + 5000);
    store.close();
    store = ObjectStore.open(dataDir, KEY, StorageLimits.defaults(), clock);
    assertEquals(NOW + 5000, store.alarms().getAlarm());
  }

  @Test
  void alarmWritesBelongToTheEvent() {
    store.beginEvent();
    store.alarms().setAlarm(NOW + 5000);
    store.rollbackEvent();
    assertNull(store.alarms().getAlarm());
  }

  @Test
  void listenerHearsOnlyCommittedChanges() {
    List<Long> heard = new ArrayList<>();
    store.setAlarmListener((key, time) -> heard.add(time));
    store.beginEvent();
    store.alarms().setAlarm(NOW + 1);
    assertTrue(heard.isEmpty());
    store.rollbackEvent();
    store.beginEvent();
    store.alarms().setAlarm(NOW + 2);
    store.commitEvent();
    store.alarms().deleteAlarm();
    assertEquals(java.util.Arrays.asList(NOW + 2, null), heard);
  }

  @Test
  void acknowledgeDeletesOnlyTheDeliveredAlarm() {
    store.alarms().setAlarm(NOW + 10);
    assertFalse(store.alarms().acknowledge(new AlarmInfo(NOW + 5, 0, false)));
    assertEquals(NOW + 10, store.alarms().getAlarm());
    assertTrue(store.alarms().acknowledge(new AlarmInfo(NOW + 10, 0, false)));
    assertNull(store.alarms().getAlarm());
  }
}
