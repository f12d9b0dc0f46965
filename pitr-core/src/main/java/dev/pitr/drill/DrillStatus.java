package dev.pitr.drill;

/**
 * The outcome of a restore drill, and of each of its checks. {@link #SKIPPED}: for a check, one the drill
 * chose not to run (its message says why, e.g. amcheck over its size bound), which does not fail the drill
 * and is shown as skipped in every report (JUnit {@code <skipped>}); for a drill, a planned one that could not
 * start within its restore-test plan's start window (nothing was restored; the report says why).
 */
public enum DrillStatus {
    PASSED, FAILED, SKIPPED
}
