package radicchio.storage;

/**
 * What an event's results wait for before they leave (the output gate): every commit of one
 * database up to the event's end being on disk. From {@link ObjectStore#pendingDurability()};
 * may be awaited on any thread, also after the store closed (closing makes every commit durable).
 */
public final class CommitTicket {
  private final WalSync sync;
  private final long commit;

  CommitTicket(WalSync sync, long commit) {
    this.sync = sync;
    this.commit = commit;
  }

  /**
   * Returns once the commits are on disk; one fsync serves every commit made before it began.
   *
   * @throws StorageException if they could not be made durable: the results must not leave, and
   *     the object must be reopened ({@link ObjectStore#lostDurability()})
   */
  public void awaitDurable() {
    sync.awaitDurable(commit);
  }
}
