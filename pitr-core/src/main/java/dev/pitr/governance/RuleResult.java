package dev.pitr.governance;

import java.util.Objects;

/**
 * One line of a {@link HealthReport}.
 *
 * @param rule    stable rule name, e.g. {@code retention-full} (see docs/policy-and-governance.md)
 * @param status  PASS, WARN or FAIL
 * @param message what was found, with the figures
 * @param fix     how to make it pass; empty when there is nothing to do
 */
public record RuleResult(String rule, Status status, String message, String fix) {
    /** The outcome of one rule. FAIL fails {@code pitr:check}; WARN is printed only. */
    public enum Status {
        PASS, WARN, FAIL
    }

    public RuleResult {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        fix = fix == null ? "" : fix;
    }

    public static RuleResult pass(String rule, String message) {
        return new RuleResult(rule, Status.PASS, message, "");
    }

    public static RuleResult warn(String rule, String message, String fix) {
        return new RuleResult(rule, Status.WARN, message, fix);
    }

    public static RuleResult fail(String rule, String message, String fix) {
        return new RuleResult(rule, Status.FAIL, message, fix);
    }
}
