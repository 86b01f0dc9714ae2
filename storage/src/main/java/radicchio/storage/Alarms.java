package radicchio.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The object's single alarm, stored durably in the internal table {@code _cf_METADATA} (row
 * {@code 'alarm'}, value = epoch milliseconds) so that pending alarms survive restarts. Writes
 * join the open event's transaction like any other write; {@link AlarmScheduler} learns of
 * committed changes through the store's {@link AlarmListener}. Facets have no alarms.
 */
public final class Alarms {
  static final String CREATE_TABLE =
      "CREATE TABLE IF NOT EXISTS _cf_METADATA (key TEXT PRIMARY KEY, value) WITHOUT ROWID";
  static final String SELECT = "SELECT value FROM _cf_METADATA WHERE key = 'alarm'";
  private static final String UPSERT =
      "INSERT OR REPLACE INTO _cf_METADATA (key, value) VALUES ('alarm', ?)";
  private static final String DELETE = "DELETE FROM _cf_METADATA WHERE key = 'alarm'";
  private static final String DELETE_IF_AT =
      "DELETE FROM _cf_METADATA WHERE key = 'alarm' AND value = ?";

  private final StoreConnection connection;
  private final EventTransaction transaction;
  private final Clock clock;
  private final boolean facet;
  private final Runnable changed;

  Alarms(StoreConnection connection, EventTransaction transaction, Clock clock, boolean facet,
      Runnable changed) {
    this.connection = connection;
    this.transaction = transaction;
    this.clock = clock;
    this.facet = facet;
    this.changed = changed;
  }

  /** The alarm's time in epoch milliseconds, or null if none is set. */
  public Long getAlarm() {
    transaction.checkUsable();
    try (ResultSet rows = connection.prepared(SELECT).executeQuery()) {
      return rows.next() ? rows.getLong(1) : null;
    } catch (SQLException e) {
      throw connection.translate(e);
    }
  }

  /**
   * Sets (or moves) the alarm. A time in the past is stored as now, as the platform does, so
   * the alarm fires at once and past times cannot jump ahead of other objects' alarms.
   */
  public void setAlarm(long epochMillis) {
    if (facet) {
      throw new StorageException("Facets cannot set alarms.");
    }
    if (epochMillis <= 0) {
      throw new IllegalArgumentException("setAlarm() cannot be called with an alarm time <= 0");
    }
    long time = Math.max(epochMillis, clock.millis());
    write(UPSERT, time);
  }

  public void deleteAlarm() {
    write(DELETE, null);
  }

  /**
   * Deletes the alarm if it is still the one {@code delivered} was for; returns whether it did.
   * A handler that moved the alarm keeps the new time.
   */
  public boolean acknowledge(AlarmInfo delivered) {
    return write(DELETE_IF_AT, delivered.scheduledTimeMillis()) > 0;
  }

  private int write(String sql, Long parameter) {
    transaction.checkUsable();
    try {
      PreparedStatement statement = connection.prepared(sql);
      statement.clearParameters();
      if (parameter != null) {
        statement.setLong(1, parameter);
      }
      int rows = statement.executeUpdate();
      changed.run();
      transaction.afterAutocommitWrite();
      return rows;
    } catch (SQLException e) {
      throw connection.translate(e);
    }
  }

  /** Reads an alarm through any connection to an object's database (used by scans). */
  static Long read(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(SELECT);
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? rows.getLong(1) : null;
    }
  }
}
