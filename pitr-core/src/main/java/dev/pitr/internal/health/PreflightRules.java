package dev.pitr.internal.health;

import dev.pitr.governance.HealthThresholds;
import dev.pitr.governance.RuleResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The preflight items, judged from the live settings: one {@link RuleResult} each, in a fixed order. */
public final class PreflightRules {
    public static final List<String> RULES = List.of("archive-mode", "wal-level", ArchiveCommandCheck.RULE,
            "archive-timeout", "max-wal-senders", "archiver", "data-checksums");

    private PreflightRules() {
    }

    public static List<RuleResult> judge(ServerFacts f, String stanza, Path configFile, String recommendedCommand,
            HealthThresholds t, Instant now) {
        List<RuleResult> out = new ArrayList<>();
        out.add(f.archiveMode().equals("on") || f.archiveMode().equals("always")
                ? RuleResult.pass("archive-mode", "archive_mode = " + f.archiveMode())
                : RuleResult.fail("archive-mode", "archive_mode = " + f.archiveMode() + ": no WAL is archived",
                        "set archive_mode = on in postgresql.conf and restart PostgreSQL"));
        out.add(f.walLevel().equals("replica") || f.walLevel().equals("logical")
                ? RuleResult.pass("wal-level", "wal_level = " + f.walLevel())
                : RuleResult.fail("wal-level", "wal_level = " + f.walLevel() + " cannot be archived or restored to a point in time",
                        "set wal_level = replica in postgresql.conf and restart PostgreSQL"));
        out.add(ArchiveCommandCheck.judge(f.archiveCommand(), stanza, configFile, recommendedCommand));
        out.add(archiveTimeout(f, t));
        out.add(f.maxWalSenders() > 0
                ? RuleResult.pass("max-wal-senders", "max_wal_senders = " + f.maxWalSenders())
                : RuleResult.fail("max-wal-senders", "max_wal_senders = 0: no replica or pg_basebackup-style stream can connect",
                        "set max_wal_senders = 10 in postgresql.conf and restart PostgreSQL"));
        out.add(archiver(f, now));
        out.add(f.dataChecksums()
                ? RuleResult.pass("data-checksums", "data checksums are on (backups detect corrupted pages)")
                : RuleResult.warn("data-checksums", "data checksums are off: backups cannot detect corrupted pages",
                        "enable them with pg_checksums --enable while the cluster is stopped (or initdb --data-checksums)"));
        return out;
    }

    private static RuleResult archiveTimeout(ServerFacts f, HealthThresholds t) {
        String fix = "set archive_timeout = 60 (at most the target RPO of " + t.targetRpo().toSeconds()
                + " s) in postgresql.conf, then SELECT pg_reload_conf()";
        if (f.archiveTimeoutSeconds() <= 0) {
            return RuleResult.fail("archive-timeout", "archive_timeout is 0: on a quiet server the newest changes may "
                    + "wait in an unfinished WAL segment indefinitely", fix);
        }
        if (f.archiveTimeoutSeconds() > t.targetRpo().toSeconds()) {
            return RuleResult.fail("archive-timeout", "archive_timeout = " + f.archiveTimeoutSeconds()
                    + " s exceeds the target RPO of " + t.targetRpo().toSeconds() + " s", fix);
        }
        return RuleResult.pass("archive-timeout", "archive_timeout = " + f.archiveTimeoutSeconds() + " s (target RPO "
                + t.targetRpo().toSeconds() + " s)");
    }

    private static RuleResult archiver(ServerFacts f, Instant now) {
        boolean failingNow = f.failedCount() > 0 && f.lastFailedTime().isPresent()
                && (f.lastArchivedTime().isEmpty() || f.lastFailedTime().get().isAfter(f.lastArchivedTime().get()));
        if (failingNow) {
            return RuleResult.fail("archiver", "archiving fails: " + f.failedCount() + " failure(s), the last for "
                    + f.lastFailedWal().orElse("?") + " at " + f.lastFailedTime().get()
                    + f.lastArchivedTime().map(a -> ", no success since " + a).orElse(", no success ever"),
                    "read the PostgreSQL server log: the archive_command's error is there (pgBackRest prints "
                            + "ERROR: [NNN] ...); fix it, then run pgbackrest check");
        }
        if (f.lastArchivedWal().isEmpty()) {
            return RuleResult.warn("archiver", "no WAL has been archived since the statistics were reset",
                    "run pgbackrest check, which forces a WAL switch and waits for it to be archived");
        }
        Duration age = Duration.between(f.lastArchivedTime().orElse(now), now);
        return RuleResult.pass("archiver", "last archived " + f.lastArchivedWal().get() + " " + Text.human(age) + " ago"
                + (f.failedCount() > 0 ? " (" + f.failedCount() + " earlier failure(s), none since)" : ", no failures"));
    }
}
