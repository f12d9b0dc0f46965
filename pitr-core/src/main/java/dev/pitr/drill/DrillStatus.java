package dev.pitr.drill;

/**
 * The outcome of a restore drill, and of each of its checks. {@code INTERRUPTED}: the drill was stopped
 * before it could judge the backup (the JVM shut down on SIGTERM or Ctrl-C, or the drill's thread was
 * interrupted); it proves nothing either way, so governance counts it neither as a pass nor as a failure.
 * A check is INTERRUPTED when it was cut short or never ran.
 */
public enum DrillStatus {
    PASSED, FAILED, INTERRUPTED
}
