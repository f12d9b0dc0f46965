package dev.pitr.drill;

/**
 * The outcome of a restore drill, and of each of its checks. {@link #SKIPPED} is for checks only: a check the
 * drill chose not to run (its message says why, e.g. amcheck over its size bound); it does not fail the drill
 * and is shown as skipped in every report (JUnit {@code <skipped>}).
 */
public enum DrillStatus {
    PASSED, FAILED, SKIPPED
}
