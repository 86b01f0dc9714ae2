package radicchio.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: which commits an fsync covers, failures, closing; and the store's deferred commit. */
class WalSyncTest {
  private static final ObjectKey KEY = ObjectKey.of("Test", "05");

  @TempDir Path dataDir;

  /** Counts flushes; can block in one, or fail. */
  private static final class FakeFlusher implements WalSync.Flusher {
    final AtomicInteger flushes = new AtomicInteger();
    volatile CountDownLatch entered;
    volatile CountDownLatch release;
    volatile IOException failWith;
    boolean closed;

    @Override
    public void flush() throws IOException {
      flushes.incrementAndGet();
      if (entered != null) {
        entered.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (failWith != null) {
        throw failWith;
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void oneFlushCoversEveryCommitBeforeIt() {
    FakeFlusher flusher = new FakeFlusher();
    WalSync sync = new WalSync(flusher);
    long first = sync.recordCommit();
    long second = sync.recordCommit();
    assertFalse(sync.isDurable(first));
    sync.awaitDurable(first);
    assertEquals(1, flusher.flushes.get());
    assertTrue(sync.isDurable(second), "the flush covered the later commit too");
    sync.awaitDurable(second);
    assertEquals(1, flusher.flushes.get(), "nothing left to flush");
    long third = sync.recordCommit();
    sync.awaitDurable(third);
    assertEquals(2, flusher.flushes.get());
  }

  @Test
  void aCommitDuringAFlushWaitsForTheNextOne() throws Exception {
    FakeFlusher flusher = new FakeFlusher();
    WalSync sync = new WalSync(flusher);
    long first = sync.recordCommit();
    flusher.entered = new CountDownLatch(1);
    flusher.release = new CountDownLatch(1);
    Thread waiter = new Thread(() -> sync.awaitDurable(first));
    waiter.start();
    assertTrue(flusher.entered.await(10, TimeUnit.SECONDS));
    long second = sync.recordCommit(); // written after the flush began: not covered by it
    flusher.entered = null;
    flusher.release.countDown();
    waiter.join(10_000);
    assertTrue(sync.isDurable(first));
    assertFalse(sync.isDurable(second));
    sync.awaitDurable(second);
    assertEquals(2, flusher.flushes.get());
  }

  @Test
  void aFailedFlushFailsEveryLaterWait() {
    FakeFlusher flusher = new FakeFlusher();
    WalSync sync = new WalSync(flusher);
    flusher.failWith = new IOException("disk gone");
    long ticket = sync.recordCommit();
    StorageException failure = assertThrows(StorageException.class, () -> sync.awaitDurable(ticket));
    assertTrue(failure.getMessage().contains("disk gone"), failure.getMessage());
    assertTrue(sync.hasFailed());
    flusher.failWith = null;
    long later = sync.recordCommit();
    assertSame(failure, assertThrows(StorageException.class, () -> sync.awaitDurable(later)));
    assertEquals(1, flusher.flushes.get(), "no flush after a failure: the lost commits stay lost");
  }

  @Test
  void closingFlushesWhatIsPendingAndLaterWaitsReturn() {
    FakeFlusher flusher = new FakeFlusher();
    WalSync sync = new WalSync(flusher);
    long ticket = sync.recordCommit();
    sync.close();
    assertEquals(1, flusher.flushes.get());
    assertTrue(flusher.closed);
    sync.awaitDurable(ticket); // after close: covered, no flush on a closed file
    assertEquals(1, flusher.flushes.get());
    sync.close();
    assertEquals(1, flusher.flushes.get(), "idempotent");
  }

  @Test
  void deferredCommitLeavesATicketThatCoversLaterReadOnlyEvents() {
    try (ObjectStore store = ObjectStore.open(dataDir, KEY)) {
      assertNull(store.pendingDurability());
      store.beginEvent();
      store.kv().put("k", new byte[] {7});
      store.commitEventDeferred();
      CommitTicket afterWrite = store.pendingDurability();
      assertNotNull(afterWrite, "a deferred commit is not durable yet");

      // The next event reads the write before it is durable; its results wait for it too.
      store.beginEvent();
      assertArrayEquals(new byte[] {7}, store.kv().get("k"));
      store.commitEventDeferred();
      CommitTicket afterRead = store.pendingDurability();
      assertNotNull(afterRead);

      afterRead.awaitDurable();
      assertNull(store.pendingDurability());
      afterWrite.awaitDurable(); // covered by the same fsync
    }
  }

  @Test
  void aReadOnlyEventHasNothingToMakeDurableAndAWritingOneStillHas() {
    try (ObjectStore store = ObjectStore.open(dataDir, KEY)) {
      store.runEvent(() -> store.kv().put("a", new byte[] {1}));
      store.kv().put("b", new byte[] {2}); // autocommit outside events, durable on return
      store.beginEvent();
      assertArrayEquals(new byte[] {1}, store.kv().get("a"));
      store.commitEventDeferred();
      assertNull(store.pendingDurability(), "a read-only event's commit asked for an fsync");

      store.beginEvent();
      store.kv().put("c", new byte[] {3});
      store.commitEventDeferred();
      assertNotNull(store.pendingDurability(), "a writing event's commit needs its fsync");
    }
  }

  @Test
  void plainCommitsAndWritesOutsideEventsAreDurableOnReturn() {
    try (ObjectStore store = ObjectStore.open(dataDir, KEY)) {
      store.runEvent(() -> store.kv().put("a", new byte[] {1}));
      assertNull(store.pendingDurability());
      store.kv().put("b", new byte[] {2}); // autocommit
      assertNull(store.pendingDurability());
      store.beginEvent();
      store.kv().put("c", new byte[] {3});
      store.commitEventDeferred();
      assertNotNull(store.pendingDurability());
      store.sync(); // outside an event: makes the deferred commit durable
      assertNull(store.pendingDurability());
      store.beginEvent();
      store.kv().put("d", new byte[] {4});
      store.commitEventDeferred();
      // A transaction outside events commits at synchronous=FULL and waits for the deferred commit too.
      store.transactionSync(() -> {
        store.kv().put("e", new byte[] {5});
        return null;
      });
      assertNull(store.pendingDurability());
    }
  }

  @Test
  void closingTheStoreMakesDeferredCommitsDurableAndKeepsThem() {
    CommitTicket ticket;
    try (ObjectStore store = ObjectStore.open(dataDir, KEY)) {
      store.beginEvent();
      store.kv().put("k", new byte[] {9});
      store.commitEventDeferred();
      ticket = store.pendingDurability();
      assertNotNull(ticket);
    }
    ticket.awaitDurable(); // after close: returns, the close flushed
    try (ObjectStore store = ObjectStore.open(dataDir, KEY)) {
      assertArrayEquals(new byte[] {9}, store.kv().get("k"));
    }
  }
}
