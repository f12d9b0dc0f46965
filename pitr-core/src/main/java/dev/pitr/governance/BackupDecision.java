package dev.pitr.governance;

import dev.pitr.operation.BackupType;

/**
 * What an {@code auto} backup runs, and why.
 *
 * @param type      the type to run
 * @param scheduled the type the policy schedules for the day (differs from {@code type} when promoted to full)
 * @param reason    one sentence for logs and the audit trail
 */
public record BackupDecision(BackupType type, BackupType scheduled, String reason) {
    /** True when the day's scheduled type was promoted to a full backup. */
    public boolean promoted() {
        return type != scheduled;
    }
}
