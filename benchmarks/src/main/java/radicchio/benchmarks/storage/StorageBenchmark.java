package radicchio.benchmarks.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import radicchio.benchmarks.JvmFlags;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sqlite.SQLiteConfig;
import radicchio.storage.ObjectKey;
import radicchio.storage.ObjectStore;

/**
 * What the storage layer costs over plain sqlite-jdbc doing the same work on the same kind of
 * database (WAL, synchronous=FULL, same table shapes). Each radicchio benchmark has a
 * {@code plain...} twin so ratios can be read off one run.
 *
 * <ul>
 *   <li>kvGet / kvPut / sqlInsert / sqlSelect run inside an open event (a transaction held for
 *       the whole iteration and rolled back after it), so they measure the call path, not fsync.
 *       The plain SQL twins use one cached PreparedStatement, the idiomatic plain way; radicchio
 *       parses, guards and prepares each exec, which is the cost being measured.</li>
 *   <li>batch100 commits 100 KV puts as one durable event (one fsync);
 *       durableWrite commits one KV put as one durable event.</li>
 * </ul>
 *
 * <p>Every write stores a value that differs from the one already under the key (see
 * {@link Fixture#nextValue()}). SQLite skips overwriting a cell with identical bytes: rewriting
 * the value set up in {@code open()} dirtied no page, so COMMIT wrote and fsync'd nothing and
 * the "durable" benchmarks measured no durability at all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {JvmFlags.HUGE_METHODS, JvmFlags.NODE_LIMIT, JvmFlags.NODE_FUDGE})
public class StorageBenchmark {
  private static final int KEYS = 1000;
  private static final byte[] VALUE = "a value of moderate size, 40 bytes long.".getBytes(StandardCharsets.UTF_8);

  /** A radicchio store and a plain connection, each on its own fresh database. */
  @State(Scope.Thread)
  public static class Fixture {
    Path dir;
    ObjectStore store;
    Connection plain;
    PreparedStatement plainGet;
    PreparedStatement plainPut;
    PreparedStatement plainInsert;
    PreparedStatement plainSelect;
    /** The value the next write stores: VALUE with a changing counter in its first 8 bytes. */
    final byte[] value = VALUE.clone();
    long writes;

    /**
     * A value different from every earlier one (for 2^64 writes), same length as VALUE. The
     * buffer is reused: both sides copy it into SQLite when the statement executes.
     */
    byte[] nextValue() {
      long n = ++writes;
      for (int i = 0; i < 8; i++) {
        value[i] = (byte) (n >>> (8 * i));
      }
      return value;
    }

    @Setup(Level.Trial)
    public void open() throws Exception {
      dir = Files.createTempDirectory("radicchio-storage-bench");
      store = ObjectStore.open(dir, ObjectKey.of("Bench", "01"));
      store.sql().exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");

      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      config.enforceForeignKeys(true);
      plain = config.createConnection("jdbc:sqlite:" + dir.resolve("plain.sqlite"));
      try (Statement statement = plain.createStatement()) {
        statement.execute(
            "CREATE TABLE kv (key BLOB PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID");
        statement.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)");
      }
      plainGet = plain.prepareStatement("SELECT value FROM kv WHERE key = ?");
      plainPut = plain.prepareStatement("INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)");
      plainInsert = plain.prepareStatement("INSERT INTO items (name) VALUES (?)");
      plainSelect = plain.prepareStatement("SELECT id, name FROM items WHERE id = ?");

      store.runEvent(() -> {
        for (int i = 0; i < KEYS; i++) {
          store.kv().put(key(i), VALUE);
          store.sql().exec("INSERT INTO items (id, name) VALUES (?, ?)", (long) i, "item" + i);
        }
      });
      try (Statement statement = plain.createStatement()) {
        statement.execute("BEGIN");
        for (int i = 0; i < KEYS; i++) {
          plainPut(this, key(i), VALUE);
          statement.execute("INSERT INTO items (id, name) VALUES (" + i + ", 'item" + i + "')");
        }
        statement.execute("COMMIT");
      }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
      store.close();
      plain.close();
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /** The fixture with a transaction open for each iteration on both sides. */
  @State(Scope.Thread)
  public static class InEvent extends Fixture {
    @Setup(Level.Iteration)
    public void begin() throws SQLException {
      store.beginEvent();
      try (Statement statement = plain.createStatement()) {
        statement.execute("BEGIN");
      }
    }

    @TearDown(Level.Iteration)
    public void rollback() throws SQLException {
      store.rollbackEvent();
      try (Statement statement = plain.createStatement()) {
        statement.execute("ROLLBACK");
      }
    }
  }

  static String key(int i) {
    return "key-" + i;
  }

  static int randomIndex() {
    return ThreadLocalRandom.current().nextInt(KEYS);
  }

  static void plainPut(Fixture f, String key, byte[] value) throws SQLException {
    f.plainPut.setBytes(1, key.getBytes(StandardCharsets.UTF_8));
    f.plainPut.setBytes(2, value);
    f.plainPut.executeUpdate();
  }

  // ---- KV -----------------------------------------------------------------------------------

  @Benchmark
  public byte[] kvGet(InEvent f) {
    return f.store.kv().get(key(randomIndex()));
  }

  @Benchmark
  public byte[] plainKvGet(InEvent f) throws SQLException {
    f.plainGet.setBytes(1, key(randomIndex()).getBytes(StandardCharsets.UTF_8));
    try (ResultSet rows = f.plainGet.executeQuery()) {
      return rows.next() ? rows.getBytes(1) : null;
    }
  }

  @Benchmark
  public void kvPut(InEvent f) {
    f.store.kv().put(key(randomIndex()), f.nextValue());
  }

  @Benchmark
  public void plainKvPut(InEvent f) throws SQLException {
    plainPut(f, key(randomIndex()), f.nextValue());
  }

  // ---- SQL ----------------------------------------------------------------------------------

  @Benchmark
  public long sqlInsert(InEvent f) {
    return f.store.sql().exec("INSERT INTO items (name) VALUES (?)", "new item").rowsWritten();
  }

  @Benchmark
  public int plainSqlInsert(InEvent f) throws SQLException {
    f.plainInsert.setString(1, "new item");
    return f.plainInsert.executeUpdate();
  }

  @Benchmark
  public Object sqlSelect(InEvent f) {
    return f.store.sql().exec("SELECT id, name FROM items WHERE id = ?", (long) randomIndex())
        .one().get("name");
  }

  @Benchmark
  public Object plainSqlSelect(InEvent f) throws SQLException {
    f.plainSelect.setLong(1, randomIndex());
    try (ResultSet rows = f.plainSelect.executeQuery()) {
      rows.next();
      return rows.getString(2);
    }
  }

  // ---- durable commits ----------------------------------------------------------------------

  @Benchmark
  public void batch100(Fixture f) {
    f.store.runEvent(() -> {
      int base = randomIndex();
      for (int i = 0; i < 100; i++) {
        f.store.kv().put(key((base + i) % KEYS), f.nextValue());
      }
    });
  }

  @Benchmark
  public void plainBatch100(Fixture f) throws SQLException {
    try (Statement statement = f.plain.createStatement()) {
      statement.execute("BEGIN");
      int base = randomIndex();
      for (int i = 0; i < 100; i++) {
        plainPut(f, key((base + i) % KEYS), f.nextValue());
      }
      statement.execute("COMMIT");
    }
  }

  @Benchmark
  public void durableWrite(Fixture f) {
    f.store.runEvent(() -> f.store.kv().put(key(randomIndex()), f.nextValue()));
  }

  @Benchmark
  public void plainDurableWrite(Fixture f) throws SQLException {
    // Autocommit: one transaction, fsync'd at commit under synchronous=FULL.
    plainPut(f, key(randomIndex()), f.nextValue());
  }
}
