package radicchio.storage;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand, so time-based behaviour needs no sleeping. */
final class MutableClock extends Clock {
  private long millis;

  MutableClock(long millis) {
    this.millis = millis;
  }

  void advance(long deltaMillis) {
    millis += deltaMillis;
  }

  void set(long newMillis) {
    millis = newMillis;
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
