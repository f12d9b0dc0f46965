package dev.pitr.examples.service;

import java.time.Duration;
import java.util.Objects;

/**
 * When the service works: the runbook's baseline (weekly full, daily incremental) as fixed intervals,
 * plus how often it runs {@code pgbackrest check} and a restore drill.
 *
 * <p>This is a plain fixed-rate schedule. pitr's {@code BackupPolicy} (docs/policy-and-governance.md)
 * expresses the same thing with retention and governance rules; a service built on it would ask the policy
 * what is due instead of counting intervals.
 *
 * @param fullEvery  interval between full backups
 * @param incrEvery  interval between incremental backups
 * @param checkEvery interval between {@code check} runs (archiving and repository health)
 * @param drillEvery interval between restore drills; {@link Duration#ZERO} for none
 */
public record Schedule(Duration fullEvery, Duration incrEvery, Duration checkEvery, Duration drillEvery) {
    public Schedule {
        Objects.requireNonNull(fullEvery);
        Objects.requireNonNull(incrEvery);
        Objects.requireNonNull(checkEvery);
        Objects.requireNonNull(drillEvery);
        for (Duration d : new Duration[] {fullEvery, incrEvery, checkEvery}) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("schedule intervals must be positive: " + d);
            }
        }
        if (drillEvery.isNegative()) {
            throw new IllegalArgumentException("drillEvery must not be negative: " + drillEvery);
        }
    }

    /** The runbook's baseline: full weekly, incremental daily, check hourly, a restore drill weekly. */
    public static Schedule runbookBaseline() {
        return new Schedule(Duration.ofDays(7), Duration.ofDays(1), Duration.ofHours(1), Duration.ofDays(7));
    }
}
