package dev.pitr.audit;

/** How an audited operation ended: SUCCESS/FAILURE for pgBackRest commands, PASSED/FAILED for restore drills. */
public enum AuditOutcome {
    SUCCESS, FAILURE, PASSED, FAILED
}
