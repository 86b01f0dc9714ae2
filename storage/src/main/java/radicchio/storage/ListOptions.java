package radicchio.storage;

/**
 * Options of a KV list, as the platform's {@code list({prefix, start, startAfter, end, limit,
 * reverse})}. Immutable; every field is optional (null). Keys are ordered by their UTF-8 bytes;
 * {@code start} is inclusive, {@code startAfter} and {@code end} exclusive; {@code reverse}
 * returns the same range from its end and does not change what start and end mean.
 */
public final class ListOptions {
  private static final ListOptions ALL = new ListOptions(null, null, null, null, null, false);

  private final String prefix;
  private final String start;
  private final String startAfter;
  private final String end;
  private final Integer limit;
  private final boolean reverse;

  private ListOptions(String prefix, String start, String startAfter, String end, Integer limit,
      boolean reverse) {
    this.prefix = prefix;
    this.start = start;
    this.startAfter = startAfter;
    this.end = end;
    this.limit = limit;
    this.reverse = reverse;
  }

  /** No bounds, no limit, ascending. */
  public static ListOptions all() {
    return ALL;
  }

  public ListOptions withPrefix(String prefix) {
    return new ListOptions(prefix, start, startAfter, end, limit, reverse);
  }

  public ListOptions withStart(String start) {
    return new ListOptions(prefix, start, startAfter, end, limit, reverse);
  }

  public ListOptions withStartAfter(String startAfter) {
    return new ListOptions(prefix, start, startAfter, end, limit, reverse);
  }

  public ListOptions withEnd(String end) {
    return new ListOptions(prefix, start, startAfter, end, limit, reverse);
  }

  /** Checked when listing: a limit of zero or less is rejected there, as on the platform. */
  public ListOptions withLimit(Integer limit) {
    return new ListOptions(prefix, start, startAfter, end, limit, reverse);
  }

  public ListOptions withReverse(boolean reverse) {
    return new ListOptions(prefix, start, startAfter, end, limit, reverse);
  }

  public String prefix() {
    return prefix;
  }

  public String start() {
    return start;
  }

  public String startAfter() {
    return startAfter;
  }

  public String end() {
    return end;
  }

  public Integer limit() {
    return limit;
  }

  public boolean reverse() {
    return reverse;
  }
}
