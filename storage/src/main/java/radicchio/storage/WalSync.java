package radicchio.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for one database: makes its committed transactions durable with one fsync of its
 * WAL file for every commit made before that fsync began.
 *
 * <p>Why not SQLite's own {@code synchronous=FULL}: it fsyncs inside every COMMIT, and a Durable
 * Object runs one event at a time, so each event held the object through its fsync and the
 * object's throughput was one event per fsync. The connection runs with {@code synchronous=NORMAL}
 * instead (a COMMIT writes the WAL without syncing it; SQLite still syncs around checkpoints), and
 * a commit is durable once {@link #awaitDurable} covered it. The engine waits for that before an
 * event's result leaves (the platform's output gate) but after releasing the object, so the next
 * event runs meanwhile and one fsync covers the commits of several events.
 *
 * <p>fsync works on the file, not on the descriptor, so a channel of our own on the {@code -wal}
 * file flushes what SQLite wrote through its descriptor. The WAL is only ever truncated or reused
 * in place while the connection is open, never replaced, so the channel stays on the right file.
 *
 * <p>Thread-safety: {@link #recordCommit} is called by the thread that owns the connection (one at a
 * time, under the object's lock); {@link #awaitDurable} by any thread, also after {@link #close}.
 * A failed fsync is sticky: every later wait fails, and the owner must reopen the database.
 */
final class WalSync {
  /** Flushes the WAL file to disk; replaced in tests. */
  interface Flusher extends AutoCloseable {
    void flush() throws IOException;

    @Override
    void close() throws IOException;
  }

  private final ReentrantLock syncLock = new ReentrantLock();
  private final Flusher flusher;
  /** Commits recorded so far (written by the connection's owner only). */
  private volatile long committed;
  /** Commits known to be on disk. */
  private volatile long durable;
  /** The first fsync failure, reported to every later waiter (written under syncLock). */
  private volatile StorageException failure;
  private boolean closed;

  WalSync(Path walFile) {
    this(new WalFileFlusher(walFile));
  }

  WalSync(Flusher flusher) {
    this.flusher = flusher;
  }

  /** Records a COMMIT that returned; returns its ticket for {@link #awaitDurable}. */
  long recordCommit() {
    long ticket = committed + 1; // one writer at a time (the object's lock orders them)
    committed = ticket;
    return ticket;
  }

  /** The ticket of the latest commit: waiting for it waits for every commit so far. */
  long latestCommit() {
    return committed;
  }

  /** Returns once every commit recorded so far is on disk (see {@link #awaitDurable}). */
  void awaitAllDurable() {
    awaitDurable(committed);
  }

  /** Whether commit {@code ticket} is known to be on disk. */
  boolean isDurable(long ticket) {
    return durable >= ticket;
  }

  /** Whether an fsync failed: the commits since the last good one may be lost. */
  boolean hasFailed() {
    return failure != null; // without syncLock: the object's next event must not wait for an fsync
  }

  /**
   * Returns once commit {@code ticket} is on disk: at once if an earlier fsync covered it, else
   * after the fsync this thread or the one ahead of it runs for every commit so far.
   *
   * @throws StorageException if the fsync failed (then or earlier): the commit may be lost
   */
  void awaitDurable(long ticket) {
    if (durable >= ticket) {
      return;
    }
    syncLock.lock();
    try {
      if (durable >= ticket) {
        return; // covered by the fsync of the thread that held the lock before us
      }
      if (failure != null) {
        throw failure;
      }
      flushCommitted();
    } finally {
      syncLock.unlock();
    }
  }

  /**
   * Makes every recorded commit durable and releases the file; called before the connection
   * closes, so that a ticket still waited for after closing is covered. Idempotent.
   */
  void close() {
    syncLock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (failure == null && durable < committed) {
          flushCommitted();
        }
      } finally {
        try {
          flusher.close();
        } catch (IOException e) {
          // Nothing left to flush through it; the database closes anyway.
        }
      }
    } finally {
      syncLock.unlock();
    }
  }

  /** Flushes every commit recorded so far and marks them durable; caller holds syncLock. */
  private void flushCommitted() {
    long target = committed; // every commit up to here has its frames in the WAL file
    flushOrFail();
    durable = target;
  }

  /** Caller holds syncLock. */
  private void flushOrFail() {
    try {
      flusher.flush();
    } catch (IOException | RuntimeException e) {
      failure = new StorageException("committed writes could not be made durable (fsync failed: "
          + e.getMessage() + ")", e);
      throw failure;
    }
  }

  /** Flushes the {@code -wal} file through a read-only channel opened on first use. */
  private static final class WalFileFlusher implements Flusher {
    private final Path walFile;
    private FileChannel channel;

    WalFileFlusher(Path walFile) {
      this.walFile = walFile;
    }

    @Override
    public void flush() throws IOException {
      if (channel == null) {
        try {
          channel = FileChannel.open(walFile, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
          return; // no WAL file: no commit wrote anything yet
        }
      }
      channel.force(false);
    }

    @Override
    public void close() throws IOException {
      if (channel != null) {
        channel.close();
        channel = null;
      }
    }
  }
}
