package radicchio.storage;

/**
 * Runs an object's alarm: the engine's {@code alarm(info)} event. Contract: run the handler as
 * an event of the object and, if it succeeds, call {@link Alarms#acknowledge(AlarmInfo)} inside
 * that same event, so the alarm's removal commits atomically with the handler's writes; then
 * return normally. Throwing means the delivery failed: {@link AlarmScheduler} retries it.
 */
@FunctionalInterface
public interface AlarmHandler {
  void onAlarm(ObjectKey key, AlarmInfo info) throws Exception;

  /** Called once the last retry failed; the alarm is still stored (delete it to drop it). */
  default void onRetriesExhausted(ObjectKey key, AlarmInfo lastAttempt) {}
}
