package dev.pitr.governance;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits the governance rules and the preflight judge against. Immutable; setters return a copy.
 * Defaults follow the runbook: at least 4 full backups, a full backup within the policy's interval plus
 * one day, any backup within one day plus 6 hours, a PASSED restore drill within 92 days (a quarter),
 * a target RPO of 5 minutes for {@code archive_timeout}, and 5 minutes of slack for the WAL archive.
 */
public final class HealthThresholds {
    private final int minRetentionFull;
    private final Duration fullBackupGrace;
    private final Duration latestBackupMaxAge;
    private final Duration latestBackupGrace;
    private final Duration drillMaxAge;
    private final Duration targetRpo;
    private final Duration walArchiveGrace;

    private HealthThresholds(int minRetentionFull, Duration fullBackupGrace, Duration latestBackupMaxAge,
            Duration latestBackupGrace, Duration drillMaxAge, Duration targetRpo, Duration walArchiveGrace) {
        this.minRetentionFull = minRetentionFull;
        this.fullBackupGrace = fullBackupGrace;
        this.latestBackupMaxAge = latestBackupMaxAge;
        this.latestBackupGrace = latestBackupGrace;
        this.drillMaxAge = drillMaxAge;
        this.targetRpo = targetRpo;
        this.walArchiveGrace = walArchiveGrace;
    }

    /** The runbook's thresholds. */
    public static HealthThresholds defaults() {
        return new HealthThresholds(4, Duration.ofDays(1), Duration.ofDays(1), Duration.ofHours(6), Duration.ofDays(92),
                Duration.ofMinutes(5), Duration.ofMinutes(5));
    }

    /** Fewest full backups every repository must keep ({@code repoN-retention-full}); default 4. */
    public HealthThresholds minRetentionFull(int count) {
        if (count < 1) {
            throw new PitrConfigurationException(Setting.MIN_RETENTION_FULL, count + " is not allowed", "give 1 or more");
        }
        return new HealthThresholds(count, fullBackupGrace, latestBackupMaxAge, latestBackupGrace, drillMaxAge,
                targetRpo, walArchiveGrace);
    }

    /** Slack on top of the policy's full interval before the newest full backup counts as too old; default 1 day. */
    public HealthThresholds fullBackupGrace(Duration d) {
        return new HealthThresholds(minRetentionFull, check(Setting.FULL_BACKUP_GRACE, d, true), latestBackupMaxAge,
                latestBackupGrace, drillMaxAge, targetRpo, walArchiveGrace);
    }

    /** Oldest the newest backup of any type may be, before grace; default 1 day. */
    public HealthThresholds latestBackupMaxAge(Duration d) {
        return new HealthThresholds(minRetentionFull, fullBackupGrace, check(Setting.LATEST_BACKUP_MAX_AGE, d, false),
                latestBackupGrace, drillMaxAge, targetRpo, walArchiveGrace);
    }

    /** Slack on top of {@link #latestBackupMaxAge()}; default 6 hours (a slow nightly backup). */
    public HealthThresholds latestBackupGrace(Duration d) {
        return new HealthThresholds(minRetentionFull, fullBackupGrace, latestBackupMaxAge,
                check(Setting.LATEST_BACKUP_GRACE, d, true), drillMaxAge, targetRpo, walArchiveGrace);
    }

    /** Oldest the last PASSED restore drill may be; default 92 days. */
    public HealthThresholds drillMaxAge(Duration d) {
        return new HealthThresholds(minRetentionFull, fullBackupGrace, latestBackupMaxAge, latestBackupGrace,
                check(Setting.DRILL_MAX_AGE, d, false), targetRpo, walArchiveGrace);
    }

    /** The recovery point objective {@code archive_timeout} must not exceed; default 5 minutes. */
    public HealthThresholds targetRpo(Duration d) {
        return new HealthThresholds(minRetentionFull, fullBackupGrace, latestBackupMaxAge, latestBackupGrace,
                drillMaxAge, check(Setting.TARGET_RPO, d, false), walArchiveGrace);
    }

    /** Slack on top of {@code archive_timeout} before waiting WAL counts as not archived; default 5 minutes. */
    public HealthThresholds walArchiveGrace(Duration d) {
        return new HealthThresholds(minRetentionFull, fullBackupGrace, latestBackupMaxAge, latestBackupGrace,
                drillMaxAge, targetRpo, check(Setting.WAL_ARCHIVE_GRACE, d, true));
    }

    public int minRetentionFull() {
        return minRetentionFull;
    }

    public Duration fullBackupGrace() {
        return fullBackupGrace;
    }

    public Duration latestBackupMaxAge() {
        return latestBackupMaxAge;
    }

    public Duration latestBackupGrace() {
        return latestBackupGrace;
    }

    public Duration drillMaxAge() {
        return drillMaxAge;
    }

    public Duration targetRpo() {
        return targetRpo;
    }

    public Duration walArchiveGrace() {
        return walArchiveGrace;
    }

    private static Duration check(Setting setting, Duration d, boolean zeroAllowed) {
        Objects.requireNonNull(d, setting.apiName());
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new PitrConfigurationException(setting, d + " is not allowed",
                    zeroAllowed ? "give zero or a positive duration" : "give a positive duration");
        }
        return d;
    }

    @Override
    public String toString() {
        return "HealthThresholds[minRetentionFull=" + minRetentionFull + ", fullBackupGrace=" + fullBackupGrace
                + ", latestBackupMaxAge=" + latestBackupMaxAge + ", latestBackupGrace=" + latestBackupGrace
                + ", drillMaxAge=" + drillMaxAge + ", targetRpo=" + targetRpo + ", walArchiveGrace=" + walArchiveGrace + "]";
    }
}
