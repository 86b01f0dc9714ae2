package radicchio.storage;

/**
 * The byte range a {@link ListOptions} selects: {@code start} inclusive, {@code end} exclusive
 * (null = unbounded). Built the way the platform builds it: startAfter becomes the key's
 * successor, a prefix clamps both ends, and an empty range is detected before touching SQLite.
 */
record KeyRange(byte[] start, byte[] end, boolean isEmpty) {
  private static final byte[] NO_KEY = new byte[0];

  static KeyRange of(ListOptions options) {
    if (options.start() != null && options.startAfter() != null) {
      throw new IllegalArgumentException(
          "list() cannot be called with both start and startAfter values.");
    }
    if (options.limit() != null && options.limit() <= 0) {
      throw new IllegalArgumentException("List limit must be positive.");
    }
    byte[] start = NO_KEY;
    if (options.start() != null) {
      start = Utf8Keys.encode(options.start());
    } else if (options.startAfter() != null) {
      start = Utf8Keys.successor(Utf8Keys.encode(options.startAfter()));
    }
    byte[] end = options.end() == null ? null : Utf8Keys.encode(options.end());
    if (options.prefix() != null && !options.prefix().isEmpty()) {
      byte[] prefix = Utf8Keys.encode(options.prefix());
      if (Utf8Keys.compare(start, prefix) < 0) {
        start = prefix;
      } else if (!Utf8Keys.startsWith(start, prefix)) {
        return new KeyRange(start, end, true);
      }
      byte[] afterPrefix = Utf8Keys.afterPrefix(prefix);
      if (afterPrefix != null) {
        if (end == null) {
          end = afterPrefix;
        } else if (Utf8Keys.compare(end, prefix) <= 0) {
          return new KeyRange(start, end, true);
        } else if (!Utf8Keys.startsWith(end, prefix)) {
          end = afterPrefix;
        }
      }
    }
    boolean empty = end != null && Utf8Keys.compare(end, start) <= 0;
    return new KeyRange(start, end, empty);
  }
}
