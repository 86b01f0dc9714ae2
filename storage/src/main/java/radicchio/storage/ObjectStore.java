package radicchio.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One Durable Object's storage (or one facet's): its folder, its SQLite database and its
 * facets' folders. The hub of the storage module: it owns the connection and hands out the
 * object's {@link KvTable}, {@link SqlDatabase} and {@link Alarms}, which all share its
 * transaction state (events and {@code transactionSync}).
 *
 * <p>On-disk layout (see also storage/README.md):
 * <pre>
 *   &lt;dataDir&gt;/&lt;namespace&gt;/&lt;objectIdHex&gt;/        the object's folder
 *       object.sqlite (+ -wal, -shm)                 its database (WAL, synchronous=FULL; NORMAL in events)
 *       facets/&lt;sha256(name) hex&gt;/                a facet's folder, same layout inside
 *           facet-name                               the facet's name, UTF-8
 *           object.sqlite
 *           facets/...                               nested facets (depth &lt;= 4 with the root)
 *       facets/.deleting-&lt;uuid&gt;, .cloning-&lt;uuid&gt;   crash leftovers, removed on open
 * </pre>
 *
 * <p>Internal tables, all with the reserved prefix untrusted SQL cannot name: {@code _cf_KV}
 * (KV entries) and {@code _cf_METADATA} (the alarm).
 *
 * <p>Invariants: (1) one open {@code ObjectStore} per database file in this process (a second
 * open fails); (2) a parent and its facets share nothing but folders: separate connections, no
 * ATTACH, so neither can reach the other's data through this API; (3) not thread-safe: the
 * engine's input gate runs one event of an object at a time, and so must any embedder.
 */
public final class ObjectStore implements AutoCloseable {
  public static final String DATABASE_FILE = "object.sqlite";
  /** Levels of the facet tree, the root object included. */
  public static final int MAX_FACET_DEPTH = 4;
  public static final int MAX_FACET_NAME_LENGTH = 256;

  private static final Set<Path> OPEN_DATABASES = ConcurrentHashMap.newKeySet();

  private final ObjectKey key;
  private final Path directory;
  private final Path databaseFile;
  private final List<String> facetPath;
  private final StorageLimits limits;
  private final Clock clock;
  private final StoreConnection connection;
  /** Makes commits durable: at once, or for {@link #commitEventDeferred} when the caller waits. */
  private final WalSync walSync;
  private final EventTransaction transaction;
  private final KvTable kv;
  private final SqlDatabase sql;
  private final Alarms alarms;
  private final FacetIndex facets;
  private final Map<String, ObjectStore> openFacets = new LinkedHashMap<>();
  private AlarmListener alarmListener;
  private boolean alarmChanged;
  /** Set while {@link #commitEventDeferred} commits: the commit does not wait for its fsync. */
  private boolean deferDurability;
  /** Whether the connection is at synchronous=NORMAL (from beginEvent to the event's end). */
  private boolean eventSyncMode;
  private boolean closed;

  /** Opens (creating if needed) the storage of {@code key} with default limits and the UTC clock. */
  public static ObjectStore open(Path dataDir, ObjectKey key) {
    return open(dataDir, key, StorageLimits.defaults(), Clock.systemUTC());
  }

  public static ObjectStore open(Path dataDir, ObjectKey key, StorageLimits limits, Clock clock) {
    Path directory = dataDir.resolve(key.namespace()).resolve(key.objectIdHex());
    return new ObjectStore(key, directory, List.of(), limits, clock);
  }

  private ObjectStore(ObjectKey key, Path directory, List<String> facetPath, StorageLimits limits,
      Clock clock) {
    this.key = key;
    this.directory = directory.toAbsolutePath().normalize();
    this.databaseFile = this.directory.resolve(DATABASE_FILE);
    this.facetPath = List.copyOf(facetPath);
    this.limits = limits;
    this.clock = clock;
    this.facets = new FacetIndex(this.directory);
    if (!OPEN_DATABASES.add(databaseFile)) {
      throw new IllegalStateException("this object's storage is already open: " + key
          + (facetPath.isEmpty() ? "" : " facet " + facetPath));
    }
    StoreConnection opened = null;
    try {
      DurableFiles.createDirectories(this.directory);
      facets.removeLeftovers();
      opened = StoreConnection.open(databaseFile, limits);
      opened.run(KvTable.CREATE_TABLE);
      opened.run(Alarms.CREATE_TABLE);
    } catch (IOException | SQLException | RuntimeException e) {
      if (opened != null) {
        opened.close();
      }
      OPEN_DATABASES.remove(databaseFile);
      if (e instanceof RuntimeException) {
        throw (RuntimeException) e;
      }
      throw new StorageException("cannot open the storage of " + key + ": " + e.getMessage(), e);
    }
    this.connection = opened;
    this.walSync = new WalSync(Path.of(databaseFile + "-wal"));
    SqlDatabase[] sqlHolder = new SqlDatabase[1];
    this.transaction = new EventTransaction(connection,
        () -> sqlHolder[0].closeOpenCursors(), this::afterCommit);
    this.sql = new SqlDatabase(connection, transaction);
    sqlHolder[0] = sql;
    this.kv = new KvTable(connection, transaction, limits);
    this.alarms = new Alarms(connection, transaction, clock, isFacet(), () -> alarmChanged = true);
  }

  public ObjectKey key() {
    return key;
  }

  /** Facet names from the root to this store; empty for the root object. */
  public List<String> facetPath() {
    return facetPath;
  }

  public boolean isFacet() {
    return !facetPath.isEmpty();
  }

  /** 1 for the root object, 2 for its facets, up to {@link #MAX_FACET_DEPTH}. */
  public int depth() {
    return facetPath.size() + 1;
  }

  public Path directory() {
    return directory;
  }

  public StorageLimits limits() {
    return limits;
  }

  public KvTable kv() {
    checkOpen();
    return kv;
  }

  public SqlDatabase sql() {
    checkOpen();
    return sql;
  }

  public Alarms alarms() {
    checkOpen();
    return alarms;
  }

  // ---- events and transactions ------------------------------------------------------------

  /**
   * Starts the event's implicit transaction: every write until commit commits together. Inside
   * an event SQLite does not fsync at COMMIT ({@code synchronous=NORMAL}, which SQLite lets a
   * connection change only between transactions); {@link #walSync} does, at once or deferred.
   * Outside events the connection is back at {@code synchronous=FULL}, so every other write
   * (autocommit statements, an outermost {@code transactionSync}) is durable when it returns.
   */
  public void beginEvent() {
    checkOpen();
    if (!transaction.inTransaction()) { // else beginEvent below refuses, and the level must stay
      setSynchronous("NORMAL");
      connection.takeWriteCommitted(); // writes before the event are not the event's commit
    }
    try {
      transaction.beginEvent();
    } catch (RuntimeException e) {
      restoreFullSync(e);
      throw e;
    }
  }

  private void setSynchronous(String level) {
    try {
      connection.run("PRAGMA synchronous = " + level);
    } catch (SQLException e) {
      throw connection.translate(e);
    }
    eventSyncMode = level.equals("NORMAL");
  }

  /** Back to FULL after an event; a failure is added to {@code primary} if there is one. */
  private void restoreFullSync(Throwable primary) {
    if (transaction.eventOpen()) {
      return; // still in the event (a failed rollback): the connection gets closed
    }
    try {
      setSynchronous("FULL");
    } catch (StorageException e) {
      if (primary == null) {
        throw e;
      }
      primary.addSuppressed(e);
    }
  }

  /**
   * Commits the event's writes and returns once they are durable (WAL fsync'd): the output gate
   * may release the event's responses after this returns. If the COMMIT fails nothing was
   * committed; if the fsync after it fails the writes may be lost. Either way the event is closed
   * and the exception says why (the engine should then reset the object).
   */
  public void commitEvent() {
    checkOpen();
    endEvent(transaction::commitEvent);
  }

  /** Runs {@code end} (a commit or rollback of the event), then restores synchronous=FULL. */
  private void endEvent(Runnable end) {
    try {
      end.run();
    } catch (RuntimeException | Error e) {
      restoreFullSync(e);
      throw e;
    }
    restoreFullSync(null);
  }

  /**
   * Commits the event's writes like {@link #commitEvent()}, but returns before they are durable,
   * so that the object's next event may run meanwhile and one fsync serves several events (group
   * commit). The caller must wait for {@link #pendingDurability()} before the event's results
   * leave. A commit that changed the alarm still waits here: the alarm scheduler learns of it at
   * once.
   */
  public void commitEventDeferred() {
    checkOpen();
    deferDurability = true;
    try {
      endEvent(transaction::commitEvent);
    } finally {
      deferDurability = false;
    }
  }

  /**
   * What results that may depend on this database's state must wait for: every commit so far on
   * disk. Null when they already are. A read-only event needs it too: it may have read what an
   * earlier event committed but has not made durable yet.
   */
  public CommitTicket pendingDurability() {
    long latest = walSync.latestCommit();
    return walSync.isDurable(latest) ? null : new CommitTicket(walSync, latest);
  }

  /**
   * Whether making commits durable failed: the last commits may be lost while this connection
   * still shows them, so the owner must close the store and open it again (dropping whatever it
   * derived from them, such as the object's isolate).
   */
  public boolean lostDurability() {
    return walSync.hasFailed();
  }

  /** Discards the open event's writes; a no-op when no event is open. */
  public void rollbackEvent() {
    checkOpen();
    alarmChanged = false;
    endEvent(transaction::rollbackEvent);
  }

  public boolean inEvent() {
    return transaction.eventOpen();
  }

  /** Runs {@code body} as one event: commits durably if it returns, rolls back if it throws. */
  public <T> T runEvent(Supplier<T> body) {
    beginEvent();
    T result;
    try {
      result = body.get();
    } catch (RuntimeException | Error e) {
      rollbackEvent();
      throw e;
    }
    commitEvent();
    return result;
  }

  public void runEvent(Runnable body) {
    runEvent(() -> {
      body.run();
      return null;
    });
  }

  /**
   * The platform's {@code transactionSync(fn)}: runs {@code body} in a savepoint (nestable);
   * releases it if {@code body} returns, rolls back to it and rethrows if it throws.
   */
  public <T> T transactionSync(Supplier<T> body) {
    checkOpen();
    return transaction.savepoint(body);
  }

  /**
   * {@link #transactionSync} in three steps, for a body that is not a Java function (the JS
   * bridge runs the body in the guest between host calls): opens a savepoint. Every begin must be
   * matched, innermost first, by one {@link #commitTransactionSync()} or
   * {@link #rollbackTransactionSync()}; an event cannot commit while one is open.
   */
  public void beginTransactionSync() {
    checkOpen();
    transaction.openSavepoint();
  }

  /** Releases the innermost savepoint {@link #beginTransactionSync()} opened. */
  public void commitTransactionSync() {
    checkOpen();
    transaction.releaseSavepoint();
  }

  /** Rolls back to the innermost savepoint {@link #beginTransactionSync()} opened, and releases it. */
  public void rollbackTransactionSync() {
    checkOpen();
    StorageException problems = new StorageException("rolling back transactionSync() failed");
    transaction.rollbackSavepoint(problems);
    if (problems.getSuppressed().length > 0) {
      throw problems;
    }
  }

  /** The platform's {@code sync()}: makes every write so far durable (see EventTransaction). */
  public void sync() {
    checkOpen();
    transaction.sync();
    walSync.awaitAllDurable(); // deferred commits of earlier events too
  }

  /**
   * The platform's {@code deleteAll()} for SQLite-backed objects: removes every KV entry and
   * every table, view, trigger and index of the database, atomically. The alarm is kept, and
   * facets (separate databases) are untouched.
   */
  public void deleteAll() {
    checkOpen();
    transaction.savepoint(() -> {
      try {
        connection.run("PRAGMA defer_foreign_keys = ON");
        try (java.sql.Statement statement = connection.jdbc().createStatement()) {
          for (String drop : schemaDrops()) {
            statement.execute(drop);
          }
        }
        connection.run("DELETE FROM _cf_KV");
      } catch (SQLException e) {
        throw connection.translate(e);
      }
      return null;
    });
  }

  /** DROP statements for every user object: views and virtual tables before plain tables. */
  private List<String> schemaDrops() throws SQLException {
    List<String> views = new ArrayList<>();
    List<String> virtualTables = new ArrayList<>();
    List<String> tables = new ArrayList<>();
    String query = "SELECT type, name, sql FROM sqlite_schema WHERE type IN ('table', 'view')"
        + " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\'";
    try (java.sql.Statement statement = connection.jdbc().createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      while (rows.next()) {
        String name = "\"" + rows.getString(2).replace("\"", "\"\"") + "\"";
        String definition = String.valueOf(rows.getString(3));
        if (rows.getString(1).equals("view")) {
          views.add("DROP VIEW IF EXISTS " + name);
        } else if (definition.regionMatches(true, 0, "CREATE VIRTUAL TABLE", 0, 20)) {
          virtualTables.add("DROP TABLE IF EXISTS " + name);
        } else {
          tables.add("DROP TABLE IF EXISTS " + name);
        }
      }
    }
    List<String> drops = new ArrayList<>(views);
    drops.addAll(virtualTables);
    drops.addAll(tables);
    return drops;
  }

  // ---- facets -------------------------------------------------------------------------------

  /** The facet named {@code name}, created if it does not exist; cached while open. */
  public ObjectStore facet(String name) {
    checkOpen();
    FacetIndex.checkName(name);
    ObjectStore open = openFacets.get(name);
    if (open != null) {
      return open;
    }
    if (depth() >= MAX_FACET_DEPTH) {
      throw new StorageException("Facets cannot be nested more than " + MAX_FACET_DEPTH
          + " levels deep (the root object included).");
    }
    Path folder;
    try {
      folder = facets.prepare(name);
    } catch (IOException e) {
      throw new StorageException("cannot create facet storage: " + e.getMessage(), e);
    }
    List<String> path = new ArrayList<>(facetPath);
    path.add(name);
    ObjectStore facet = new ObjectStore(key, folder, path, limits, clock);
    openFacets.put(name, facet);
    return facet;
  }

  /** Names of this store's facets that have storage, in no particular order. */
  public List<String> facetNames() {
    checkOpen();
    try {
      return facets.names();
    } catch (IOException e) {
      throw new StorageException("cannot list facets: " + e.getMessage(), e);
    }
  }

  /** Closes the facet if open and deletes its database and all its descendants' databases. */
  public void deleteFacet(String name) {
    checkOpen();
    FacetIndex.checkName(name);
    closeFacet(name);
    try {
      facets.delete(name);
    } catch (IOException e) {
      throw new StorageException("cannot delete facet storage: " + e.getMessage(), e);
    }
  }

  /**
   * Replaces facet {@code destination} with a copy of facet {@code source}'s subtree (its last
   * committed state). The destination is closed and deleted first; a source without storage
   * leaves the destination empty. The copy appears atomically.
   */
  public void cloneFacet(String source, String destination) {
    checkOpen();
    FacetIndex.checkName(source);
    FacetIndex.checkName(destination);
    if (source.equals(destination)) {
      throw new IllegalArgumentException("cannot clone a facet onto itself");
    }
    deleteFacet(destination);
    if (!facets.exists(source)) {
      return;
    }
    try {
      Path staging = facets.newStagingFolder();
      SubtreeCopy.copy(facets.folderFor(source), staging);
      facets.publish(staging, destination);
    } catch (IOException e) {
      throw new StorageException("cannot clone facet storage: " + e.getMessage(), e);
    }
  }

  /**
   * Closes facet {@code name}'s database (and its open descendants') if open; its storage stays,
   * and {@link #facet} opens it again. For a facet that stops running: an object with thousands
   * of facets must not hold thousands of open databases.
   */
  public void closeFacet(String name) {
    ObjectStore facet = openFacets.remove(name);
    if (facet != null) {
      facet.close();
    }
  }

  // ---- alarms plumbing ----------------------------------------------------------------------

  /** Who to tell after a commit changed the alarm (the {@link AlarmScheduler}). */
  public void setAlarmListener(AlarmListener listener) {
    this.alarmListener = listener;
  }

  private void afterCommit() {
    if (eventSyncMode) {
      // A read-only event's COMMIT wrote nothing: no fsync for it. (What it read may still be
      // waiting for one: pendingDurability() covers every commit so far.)
      if (connection.takeWriteCommitted()) {
        long commit = walSync.recordCommit(); // committed with synchronous=NORMAL: not on disk yet
        if (!deferDurability || alarmChanged) {
          walSync.awaitDurable(commit); // durable before anyone learns of it: the caller, the alarm scheduler
        }
      }
    } else {
      // A FULL commit outside events; deferred commits before it may still wait for their fsync
      // (returns at once when none do).
      walSync.awaitAllDurable();
    }
    if (!alarmChanged) {
      return;
    }
    alarmChanged = false;
    AlarmListener listener = alarmListener;
    if (listener != null) {
      listener.alarmCommitted(key, alarms.getAlarm());
    }
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /** Rolls back any open event, closes open facets, then the database. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (String name : new ArrayList<>(openFacets.keySet())) {
        closeFacet(name);
      }
      try {
        transaction.rollbackEvent();
      } catch (StorageException e) {
        // The rollback failed (a full disk, an I/O error): closing the connection below ends the
        // transaction anyway, so it must not be skipped.
      }
      sql.close();
      try {
        walSync.close(); // every deferred commit on disk before the connection goes
      } finally {
        connection.close();
      }
    } finally {
      OPEN_DATABASES.remove(databaseFile);
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this object's storage is closed");
    }
  }
}
