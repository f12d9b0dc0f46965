package dev.pitr.audit;

/**
 * How an audited operation ended: SUCCESS/FAILURE for pgBackRest commands, PASSED/FAILED for restore drills,
 * SKIPPED for a planned drill that could not start within its start window.
 */
public enum AuditOutcome {
    SUCCESS, FAILURE, PASSED, FAILED, SKIPPED
}
