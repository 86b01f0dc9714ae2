package radicchio.storage;

/**
 * Told after a commit that changed an object's alarm: its new time in epoch milliseconds, or
 * null when it was deleted. Called on the thread that committed, after the commit is durable.
 */
@FunctionalInterface
public interface AlarmListener {
  void alarmCommitted(ObjectKey key, Long scheduledTimeMillis);
}
