package radicchio.storage;

import org.sqlite.ProgressHandler;

/**
 * Step budget for one call into SQLite on behalf of untrusted code. SQLite calls
 * {@link #progress()} every {@link #STEPS_PER_CALLBACK} virtual machine instructions; once the
 * armed budget is spent it answers "interrupt" and SQLite fails the statement with
 * SQLITE_INTERRUPT. Internal (trusted) statements run disarmed.
 *
 * <p>The budget is per call (exec, or one cursor step), not per cursor: a cursor that yields
 * rows one at a time is paced by its caller, who is under the engine's CPU limit; what the budget
 * stops is a single step that never returns (e.g. counting an endless recursive CTE).
 *
 * <p>An armed call also stops as soon as its thread is interrupted: the engine's CPU watchdog
 * interrupts a call that went over its CPU limit, and SQLite's time is part of that call's, so a
 * query must not outlive the limit by the (much larger) step budget.
 */
final class QueryBudget extends ProgressHandler {
  static final int STEPS_PER_CALLBACK = 1000;

  private final long maxSteps;
  private final long maxCallbacks;
  private long callbacks;
  private boolean armed;
  private boolean tripped;

  QueryBudget(long maxSteps) {
    this.maxSteps = maxSteps;
    this.maxCallbacks = Math.max(1, maxSteps / STEPS_PER_CALLBACK);
  }

  void arm() {
    callbacks = 0;
    tripped = false;
    armed = true;
  }

  void disarm() {
    armed = false;
  }

  /** Whether the last armed call was stopped by this budget (not by something else). */
  boolean tripped() {
    return tripped;
  }

  long maxSteps() {
    return maxSteps;
  }

  @Override
  protected int progress() {
    if (!armed) {
      return 0;
    }
    if (Thread.currentThread().isInterrupted()) {
      return 1; // not "tripped": the caller's limit stopped it, not this budget
    }
    if (++callbacks > maxCallbacks) {
      tripped = true;
      return 1;
    }
    return 0;
  }
}
