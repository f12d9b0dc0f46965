package dev.pitr.audit;

/**
 * How an audited operation ended: SUCCESS/FAILURE for pgBackRest commands, PASSED/FAILED for restore drills,
 * SKIPPED for a planned drill that could not start within its start window; INTERRUPTED for a drill stopped
 * before it could judge the backup.
 */
public enum AuditOutcome {
    SUCCESS, FAILURE, PASSED, FAILED, SKIPPED, INTERRUPTED
}
