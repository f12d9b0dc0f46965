package dev.pitr.drill;

/**
 * The outcome of a restore drill, and of each of its checks. SKIPPED: a planned drill that could not start
 * within its plan's start window (nothing was restored; the report says why).
 */
public enum DrillStatus {
    PASSED, FAILED, SKIPPED
}
