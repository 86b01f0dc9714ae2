package radicchio.storage;

/** A read whose result would exceed the size its caller allows; nothing was changed. */
public final class ResultTooLargeException extends StorageException {
  private final long maxBytes;

  public ResultTooLargeException(long maxBytes) {
    super("The result is larger than " + (maxBytes >= (1 << 20) ? (maxBytes >> 20) + " MiB" : maxBytes + " bytes")
        + "; ask for fewer entries (use limit, start or prefix).");
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }
}
