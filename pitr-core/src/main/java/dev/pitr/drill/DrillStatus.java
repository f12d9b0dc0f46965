package dev.pitr.drill;

/** The outcome of a restore drill, and of each of its checks. */
public enum DrillStatus {
    PASSED, FAILED
}
