package dev.pitr.examples.service;

import dev.pitr.governance.BackupPolicy;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * When the service works: backups by a {@link BackupPolicy} (the runbook's weekly full and daily
 * incremental by default, promoted to full when the newest full is overdue), plus how often it runs
 * {@code pgbackrest check} and a restore drill.
 *
 * @param policy     which backup type runs when (docs/policy-and-governance.md)
 * @param checkEvery interval between {@code check} runs (archiving and repository health)
 * @param drillEvery interval between restore drills; {@link Duration#ZERO} for none
 */
public record Schedule(BackupPolicy policy, Duration checkEvery, Duration drillEvery) {
    public Schedule {
        Objects.requireNonNull(policy);
        Objects.requireNonNull(checkEvery);
        Objects.requireNonNull(drillEvery);
        if (checkEvery.isZero() || checkEvery.isNegative()) {
            throw new IllegalArgumentException("checkEvery must be positive: " + checkEvery);
        }
        if (drillEvery.isNegative()) {
            throw new IllegalArgumentException("drillEvery must not be negative: " + drillEvery);
        }
    }

    /**
     * The runbook's baseline: full Sunday 01:00, incremental Monday-Saturday 01:00 in {@code zone}, check
     * hourly, a restore drill weekly (the runbook's minimum is quarterly).
     */
    public static Schedule runbookBaseline(ZoneId zone) {
        return new Schedule(BackupPolicy.runbook(zone), Duration.ofHours(1), Duration.ofDays(7));
    }
}
