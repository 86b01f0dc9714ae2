package radicchio.storage;

/**
 * Immutable limits applied to one object's storage. {@link #defaults()} follows the platform's
 * published limits; tests and embedders derive variants with the {@code with...} methods.
 *
 * <p>Invariant: {@link #maxRowBytes()} always leaves room for a maximal KV entry, because the
 * SQLite length limit guards the KV table too (same connection).
 */
public final class StorageLimits {
  /** Largest KV value in bytes (2 MiB, the platform documentation's figure). */
  public static final int DEFAULT_MAX_VALUE_BYTES = 2 * 1024 * 1024;
  /** Largest KV key in bytes of UTF-8. */
  public static final int DEFAULT_MAX_KEY_BYTES = 2048;
  /** Most keys one multi-key get/put/delete may name. */
  public static final int MAX_KEYS_PER_CALL = 128;
  /** Per-object database quota: 10 GB, as the platform allows. */
  public static final long DEFAULT_MAX_DATABASE_BYTES = 10_000_000_000L;
  /** SQLite virtual machine steps one call into SQLite may take (~1-3 s of one core). */
  public static final long DEFAULT_MAX_QUERY_STEPS = 500_000_000L;

  /** SQLITE_LIMIT_SQL_LENGTH: bytes in one statement. */
  public static final int SQL_LENGTH = 100_000;
  /** SQLITE_LIMIT_VARIABLE_NUMBER: bound parameters per statement. */
  public static final int VARIABLES = 100;
  /** SQLITE_LIMIT_COLUMN: columns per table, index, view, result. */
  public static final int COLUMNS = 100;
  /** SQLITE_LIMIT_LIKE_PATTERN_LENGTH: bytes of a LIKE or GLOB pattern. */
  public static final int LIKE_PATTERN_BYTES = 50;
  /** SQLITE_LIMIT_EXPR_DEPTH: expression tree depth. */
  public static final int EXPR_DEPTH = 100;
  /** SQLITE_LIMIT_COMPOUND_SELECT: terms of a compound SELECT. */
  public static final int COMPOUND_SELECT = 5;

  private final int maxValueBytes;
  private final int maxKeyBytes;
  private final long maxDatabaseBytes;
  private final long maxQuerySteps;

  private StorageLimits(int maxValueBytes, int maxKeyBytes, long maxDatabaseBytes, long maxQuerySteps) {
    if (maxValueBytes < 1 || maxKeyBytes < 1 || maxDatabaseBytes < 65536 || maxQuerySteps < 1000) {
      throw new IllegalArgumentException("storage limits out of range");
    }
    this.maxValueBytes = maxValueBytes;
    this.maxKeyBytes = maxKeyBytes;
    this.maxDatabaseBytes = maxDatabaseBytes;
    this.maxQuerySteps = maxQuerySteps;
  }

  public static StorageLimits defaults() {
    return new StorageLimits(DEFAULT_MAX_VALUE_BYTES, DEFAULT_MAX_KEY_BYTES,
        DEFAULT_MAX_DATABASE_BYTES, DEFAULT_MAX_QUERY_STEPS);
  }

  public StorageLimits withMaxValueBytes(int bytes) {
    return new StorageLimits(bytes, maxKeyBytes, maxDatabaseBytes, maxQuerySteps);
  }

  public StorageLimits withMaxKeyBytes(int bytes) {
    return new StorageLimits(maxValueBytes, bytes, maxDatabaseBytes, maxQuerySteps);
  }

  /** Quota on the database file (pages times page size); at least 64 KiB. */
  public StorageLimits withMaxDatabaseBytes(long bytes) {
    return new StorageLimits(maxValueBytes, maxKeyBytes, bytes, maxQuerySteps);
  }

  /** Step budget per call into SQLite (exec, or one cursor step); at least 1000. */
  public StorageLimits withMaxQuerySteps(long steps) {
    return new StorageLimits(maxValueBytes, maxKeyBytes, maxDatabaseBytes, steps);
  }

  public int maxValueBytes() {
    return maxValueBytes;
  }

  public int maxKeyBytes() {
    return maxKeyBytes;
  }

  public long maxDatabaseBytes() {
    return maxDatabaseBytes;
  }

  public long maxQuerySteps() {
    return maxQuerySteps;
  }

  /**
   * SQLITE_LIMIT_LENGTH: the largest string, BLOB or row. It is the KV value cap plus room for
   * the largest key and the record header, so every KV entry the API accepts also fits SQLite.
   */
  public int maxRowBytes() {
    return maxValueBytes + maxKeyBytes + 1024;
  }
}
