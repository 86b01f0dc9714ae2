package radicchio.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The object's key-value storage: one internal table, {@code _cf_KV}, in the object's database.
 * Values are opaque bytes (the engine serializes JS values with its own codec). Keys are strings
 * stored as UTF-8 BLOBs so SQLite's memcmp order is the platform's UTF-8 byte order.
 *
 * <p>Writes join the open event's transaction, or commit at once outside events; a multi-key
 * write is atomic either way. Errors the platform raises as TypeError or RangeError are
 * {@link IllegalArgumentException}s here, with the platform's messages.
 */
public final class KvTable {
  static final String TABLE = "_cf_KV";
  static final String CREATE_TABLE =
      "CREATE TABLE IF NOT EXISTS _cf_KV (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID";

  private static final String GET = "SELECT value FROM _cf_KV WHERE key = ?";
  private static final String PUT = "INSERT OR REPLACE INTO _cf_KV (key, value) VALUES (?, ?)";
  private static final String DELETE = "DELETE FROM _cf_KV WHERE key = ?";
  private static final String DELETE_ALL = "DELETE FROM _cf_KV";

  private final StoreConnection connection;
  private final EventTransaction transaction;
  private final StorageLimits limits;

  KvTable(StoreConnection connection, EventTransaction transaction, StorageLimits limits) {
    this.connection = connection;
    this.transaction = transaction;
    this.limits = limits;
  }

  /** The value stored under {@code key}, or null if there is none. */
  public byte[] get(String key) {
    byte[] keyBytes = checkedKey(key, false);
    transaction.checkUsable();
    try {
      return read(keyBytes);
    } catch (SQLException e) {
      throw connection.translate(e);
    }
  }

  public void put(String key, byte[] value) {
    byte[] keyBytes = checkedKey(key, false);
    checkValue(key, value, false);
    transaction.checkUsable();
    try {
      write(keyBytes, value);
    } catch (SQLException e) {
      throw connection.translate(e);
    }
  }

  /** Deletes {@code key}; returns whether it existed. */
  public boolean delete(String key) {
    byte[] keyBytes = checkedKey(key, false);
    transaction.checkUsable();
    try {
      return remove(keyBytes);
    } catch (SQLException e) {
      throw connection.translate(e);
    }
  }

  /** The present keys among {@code keys} (at most 128), in the order first named. */
  public Map<String, byte[]> get(List<String> keys) {
    List<byte[]> encoded = checkedKeys(keys);
    transaction.checkUsable();
    Map<String, byte[]> found = new LinkedHashMap<>();
    try {
      for (int i = 0; i < keys.size(); i++) {
        if (!found.containsKey(keys.get(i))) {
          byte[] value = read(encoded.get(i));
          if (value != null) {
            found.put(keys.get(i), value);
          }
        }
      }
    } catch (SQLException e) {
      throw connection.translate(e);
    }
    return found;
  }

  /** Stores every entry (at most 128) atomically. */
  public void put(Map<String, byte[]> entries) {
    List<String> keys = new ArrayList<>(entries.keySet());
    List<byte[]> encoded = checkedKeys(keys);
    for (String key : keys) {
      checkValue(key, entries.get(key), true);
    }
    atomically(() -> {
      for (int i = 0; i < keys.size(); i++) {
        write(encoded.get(i), entries.get(keys.get(i)));
      }
      return null;
    });
  }

  /** Deletes every named key (at most 128) atomically; returns how many existed. */
  public int delete(List<String> keys) {
    List<byte[]> encoded = checkedKeys(keys);
    return atomically(() -> {
      int deleted = 0;
      for (byte[] key : encoded) {
        deleted += remove(key) ? 1 : 0;
      }
      return deleted;
    });
  }

  /** Every entry, ascending by UTF-8 key bytes. */
  public Map<String, byte[]> list() {
    return list(ListOptions.all());
  }

  /** The entries in the range {@code options} names, in key order (reversed if asked). */
  public Map<String, byte[]> list(ListOptions options) {
    return list(options, Long.MAX_VALUE);
  }

  /**
   * As {@link #list(ListOptions)}, but fails with {@link ResultTooLargeException} as soon as the
   * keys (UTF-8) and values read so far exceed {@code maxBytes}: a caller answering untrusted code
   * must not hold a whole huge table in memory before it can refuse it.
   */
  public Map<String, byte[]> list(ListOptions options, long maxBytes) {
    KeyRange range = KeyRange.of(options);
    transaction.checkUsable();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    if (range.isEmpty()) {
      return entries;
    }
    String sql = "SELECT key, value FROM _cf_KV WHERE key >= ?"
        + (range.end() != null ? " AND key < ?" : "")
        + (options.reverse() ? " ORDER BY key DESC" : " ORDER BY key")
        + " LIMIT ?";
    try {
      PreparedStatement statement = connection.prepared(sql);
      statement.clearParameters();
      int parameter = 1;
      statement.setBytes(parameter++, range.start());
      if (range.end() != null) {
        statement.setBytes(parameter++, range.end());
      }
      statement.setLong(parameter, options.limit() == null ? -1 : options.limit());
      long bytes = 0;
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          byte[] key = rows.getBytes(1);
          byte[] value = rows.getBytes(2);
          bytes += key.length + value.length;
          if (bytes > maxBytes) {
            throw new ResultTooLargeException(maxBytes);
          }
          entries.put(Utf8Keys.decode(key), value);
        }
      }
    } catch (SQLException e) {
      throw connection.translate(e);
    }
    return entries;
  }

  /** Deletes every KV entry (SQL tables are untouched); returns how many there were. */
  public long deleteAll() {
    transaction.checkUsable();
    try {
      long before = connection.totalChanges();
      connection.run(DELETE_ALL);
      return connection.totalChanges() - before;
    } catch (SQLException e) {
      throw connection.translate(e);
    }
  }

  private byte[] read(byte[] key) throws SQLException {
    PreparedStatement statement = connection.prepared(GET);
    statement.clearParameters();
    statement.setBytes(1, key);
    try (ResultSet rows = statement.executeQuery()) {
      return rows.next() ? rows.getBytes(1) : null;
    }
  }

  private void write(byte[] key, byte[] value) throws SQLException {
    PreparedStatement statement = connection.prepared(PUT);
    statement.clearParameters();
    statement.setBytes(1, key);
    // An empty array must stay an empty BLOB, not become NULL.
    statement.setBytes(2, value);
    statement.executeUpdate();
  }

  private boolean remove(byte[] key) throws SQLException {
    PreparedStatement statement = connection.prepared(DELETE);
    statement.clearParameters();
    statement.setBytes(1, key);
    return statement.executeUpdate() > 0;
  }

  private interface SqlWork<T> {
    T run() throws SQLException;
  }

  private <T> T atomically(SqlWork<T> work) {
    return transaction.savepoint(() -> {
      try {
        return work.run();
      } catch (SQLException e) {
        throw connection.translate(e);
      }
    });
  }

  private byte[] checkedKey(String key, boolean many) {
    byte[] bytes = Utf8Keys.encode(key);
    if (bytes.length > limits.maxKeyBytes()) {
      throw new IllegalArgumentException(many
          ? "Key \"" + key + "\" is larger than the limit of " + limits.maxKeyBytes() + " bytes."
          : "Keys cannot be larger than " + limits.maxKeyBytes() + " bytes.");
    }
    return bytes;
  }

  private List<byte[]> checkedKeys(List<String> keys) {
    if (keys.size() > StorageLimits.MAX_KEYS_PER_CALL) {
      throw new IllegalArgumentException(
          "Maximum number of keys is " + StorageLimits.MAX_KEYS_PER_CALL + ".");
    }
    List<byte[]> encoded = new ArrayList<>(keys.size());
    for (String key : keys) {
      encoded.add(checkedKey(key, true));
    }
    return encoded;
  }

  private void checkValue(String key, byte[] value, boolean many) {
    if (value == null) {
      throw new IllegalArgumentException("put() called with undefined value.");
    }
    if (value.length > limits.maxValueBytes()) {
      throw new IllegalArgumentException(many
          ? "Value for key \"" + key + "\" is above the limit of " + limits.maxValueBytes() + " bytes."
          : "Values cannot be larger than " + limits.maxValueBytes() + " bytes.");
    }
  }
}
