package dev.pitr.audit;

/**
 * How an audited operation ended: SUCCESS/FAILURE for pgBackRest commands, PASSED/FAILED for restore drills,
 * INTERRUPTED for a drill stopped before it could judge the backup.
 */
public enum AuditOutcome {
    SUCCESS, FAILURE, PASSED, FAILED, INTERRUPTED
}
