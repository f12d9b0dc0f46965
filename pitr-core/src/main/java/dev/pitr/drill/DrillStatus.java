package dev.pitr.drill;

/**
 * The outcome of a restore drill, and of each of its checks. {@link #SKIPPED} is for checks only: a check the
 * drill chose not to run (its message says why, e.g. amcheck over its size bound); it does not fail the drill
 * and is shown as skipped in every report (JUnit {@code <skipped>}). {@link #INTERRUPTED}: the drill was
 * stopped before it could judge the backup (the JVM shut down on SIGTERM or Ctrl-C, or the drill's thread
 * was interrupted); it proves nothing either way, so governance counts it neither as a pass nor as a failure.
 * A check is INTERRUPTED when it was cut short or never ran.
 */
public enum DrillStatus {
    PASSED, FAILED, SKIPPED, INTERRUPTED
}
