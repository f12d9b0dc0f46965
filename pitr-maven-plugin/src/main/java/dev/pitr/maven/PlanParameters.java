package dev.pitr.maven;

/**
 * The POM's {@code <plan>} of pitr:restore-drill, as Maven fills it in: each child also has a {@code -Dpitr.plan.*}
 * property, which wins ({@link PlanParameter} reads both). Maven itself refuses a child not listed here.
 */
public class PlanParameters {
    /** latest or random. */
    String selection;
    /** 1-365. */
    Integer windowDays;
    /** rotation or all. */
    String repositories;
    /** latest, end or random. */
    String target;
    /** The seed of the random choices. */
    Long seed;
    /** ISO-8601 duration. */
    String startWindow;
    /** ISO-8601 duration. */
    String validationWindow;
    /** ISO-8601 instant: when the drill was due. */
    String scheduledAt;
}
