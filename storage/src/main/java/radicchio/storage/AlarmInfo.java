package radicchio.storage;

/**
 * One delivery of an object's alarm: the time it was scheduled for, and how many deliveries of
 * it failed before this one ({@code retryCount}; {@code isRetry} is {@code retryCount > 0}), as
 * the platform's {@code alarm(info)} receives them.
 */
public record AlarmInfo(long scheduledTimeMillis, int retryCount, boolean isRetry) {
  public AlarmInfo {
    if (retryCount < 0 || isRetry != (retryCount > 0)) {
      throw new IllegalArgumentException("inconsistent retry count");
    }
  }
}
