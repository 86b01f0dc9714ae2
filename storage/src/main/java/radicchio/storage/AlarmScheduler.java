package radicchio.storage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;

/**
 * Delivers due alarms to an {@link AlarmHandler}, at least once each. It keeps an in-memory
 * index of pending alarms (object key to time), filled by {@link #scan(Path)} of the data
 * directory at start and kept current by the {@link AlarmListener} of every store it is
 * {@link #attach attached} to. The alarms themselves live in each object's SQLite database, so
 * nothing is lost across restarts: a restart rescans and redelivers (retry counts restart at 0).
 *
 * <p>Retries: a failed delivery is retried after 2 s, 4 s, 8 s, 16 s, 32 s, 64 s (6 retries),
 * then {@link AlarmHandler#onRetriesExhausted} is called and the index forgets the alarm. An
 * alarm moved or deleted while its delivery runs is not retried; the new time is delivered.
 *
 * <p>Time comes from the injected {@link Clock}; {@link #runDue()} does one round, so tests
 * drive the scheduler without threads or sleeps; {@link #start} polls on an executor.
 * Thread-safe; the handler is called without the scheduler's lock held.
 */
public final class AlarmScheduler implements AlarmListener, AutoCloseable {
  public static final long FIRST_RETRY_DELAY_MILLIS = 2000;
  public static final int MAX_RETRIES = 6;

  /** A pending alarm; identity matters: a replaced entry's delivery result is ignored. */
  private static final class Pending {
    final ObjectKey key;
    final long scheduledTime;
    long nextAttempt;
    int retryCount;
    boolean inFlight;

    Pending(ObjectKey key, long scheduledTime) {
      this.key = key;
      this.scheduledTime = scheduledTime;
      this.nextAttempt = scheduledTime;
    }
  }

  private final Clock clock;
  private final AlarmHandler handler;
  private final Map<ObjectKey, Pending> pending = new HashMap<>();
  private ScheduledFuture<?> poller;

  public AlarmScheduler(Clock clock, AlarmHandler handler) {
    this.clock = clock;
    this.handler = handler;
  }

  /** Tracks {@code store}'s alarm now and its committed changes from now on. */
  public void attach(ObjectStore store) {
    if (store.isFacet()) {
      throw new IllegalArgumentException("facets have no alarms");
    }
    store.setAlarmListener(this);
    alarmCommitted(store.key(), store.alarms().getAlarm());
  }

  @Override
  public synchronized void alarmCommitted(ObjectKey key, Long scheduledTimeMillis) {
    Pending current = pending.get(key);
    if (scheduledTimeMillis == null) {
      pending.remove(key);
    } else if (current == null || current.scheduledTime != scheduledTimeMillis) {
      pending.put(key, new Pending(key, scheduledTimeMillis));
    }
  }

  /**
   * Finds the pending alarms of every object under {@code dataDir} (layout of
   * {@link ObjectStore}) by reading each database directly; returns how many it found.
   */
  public int scan(Path dataDir) {
    int found = 0;
    for (Path namespace : children(dataDir)) {
      String ns = namespace.getFileName().toString();
      if (!ObjectKey.isValidNamespace(ns)) {
        continue;
      }
      for (Path object : children(namespace)) {
        String id = object.getFileName().toString();
        Path database = object.resolve(ObjectStore.DATABASE_FILE);
        if (!ObjectKey.isValidObjectId(id) || !Files.isRegularFile(database)) {
          continue;
        }
        Long time = readAlarm(database);
        if (time != null) {
          alarmCommitted(ObjectKey.of(ns, id), time);
          found++;
        }
      }
    }
    return found;
  }

  /** Delivers every alarm due at the clock's current time; returns how many it delivered. */
  public int runDue() {
    List<Pending> due = new ArrayList<>();
    synchronized (this) {
      long now = clock.millis();
      for (Pending p : pending.values()) {
        if (!p.inFlight && p.nextAttempt <= now) {
          p.inFlight = true;
          due.add(p);
        }
      }
    }
    due.sort(Comparator.comparingLong(p -> p.nextAttempt));
    for (Pending p : due) {
      deliver(p);
    }
    return due.size();
  }

  private void deliver(Pending p) {
    AlarmInfo info = new AlarmInfo(p.scheduledTime, p.retryCount, p.retryCount > 0);
    boolean succeeded;
    try {
      handler.onAlarm(p.key, info);
      succeeded = true;
    } catch (Exception | AssertionError e) {
      succeeded = false;
    }
    boolean exhausted = false;
    synchronized (this) {
      p.inFlight = false;
      if (pending.get(p.key) != p) {
        return;
      }
      if (succeeded) {
        pending.remove(p.key);
      } else if (p.retryCount >= MAX_RETRIES) {
        pending.remove(p.key);
        exhausted = true;
      } else {
        p.retryCount++;
        p.nextAttempt = clock.millis() + (FIRST_RETRY_DELAY_MILLIS << (p.retryCount - 1));
      }
    }
    if (exhausted) {
      handler.onRetriesExhausted(p.key, info);
    }
  }

  /** When the earliest pending delivery is due, if any. */
  public synchronized OptionalLong nextWakeMillis() {
    return pending.values().stream().filter(p -> !p.inFlight)
        .mapToLong(p -> p.nextAttempt).min();
  }

  /** The time of {@code key}'s pending alarm as the scheduler knows it, or null. */
  public synchronized Long pendingAlarm(ObjectKey key) {
    Pending p = pending.get(key);
    return p == null ? null : p.scheduledTime;
  }

  /** Polls {@link #runDue()} on {@code executor} every {@code interval} until closed. */
  public synchronized void start(ScheduledExecutorService executor, Duration interval) {
    if (poller != null) {
      throw new IllegalStateException("already started");
    }
    long millis = Math.max(1, interval.toMillis());
    poller = executor.scheduleWithFixedDelay(this::runDue, 0, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.cancel(false);
      poller = null;
    }
  }

  private static Long readAlarm(Path database) {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    config.setBusyTimeout(5000);
    try (Connection connection = config.createConnection("jdbc:sqlite:" + database.toAbsolutePath())) {
      return Alarms.read(connection);
    } catch (SQLException e) {
      // No metadata table yet (never had an alarm) or unreadable: nothing to deliver.
      return null;
    }
  }

  private static List<Path> children(Path dir) {
    List<Path> result = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return result;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
      entries.forEach(result::add);
    } catch (IOException e) {
      throw new StorageException("cannot scan the data directory for alarms", e);
    }
    return result;
  }
}
