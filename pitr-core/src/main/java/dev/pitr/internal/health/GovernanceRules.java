package dev.pitr.internal.health;

import dev.pitr.governance.HealthMetrics;
import dev.pitr.governance.HealthThresholds;
import dev.pitr.governance.RuleResult;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.RepoInfo;
import dev.pitr.info.StanzaInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runbook's governance rules, judged from info, the configuration, the live server and the drill
 * history at one instant. Pure: everything it needs is passed in, so each rule is testable on its own.
 */
public final class GovernanceRules {
    public static final List<String> RULES = List.of("retention-full", "repository-encryption", "full-backup-age",
            "latest-backup-age", "wal-archive-current", "backup-errors", "restore-drill");

    /**
     * What the rules need. {@code info} is empty when pgbackrest info failed ({@code infoError} says why);
     * {@code secretFile} is the configuration file when it holds a secret others may read; {@code firstBackup} is
     * the stanza's first backup ever, the natural start of the restore-drill rule.
     */
    public record Inputs(String stanza, Optional<StanzaInfo> info, String infoError, List<RepoSettings> repos,
            Duration fullInterval, HealthThresholds thresholds, DrillHistory drills, Optional<ServerFacts> server,
            Instant now, String drillFix, Optional<SecretFileExposure> secretFile, Optional<FirstBackup> firstBackup) {
    }

    public record Outcome(List<RuleResult> results, HealthMetrics metrics) {
    }

    private GovernanceRules() {
    }

    public static Outcome evaluate(Inputs in) {
        List<RuleResult> out = new ArrayList<>();
        out.add(retention(in));
        out.add(encryption(in));
        Optional<Duration> walLag = Optional.empty();
        if (in.info().isEmpty()) {
            for (String rule : List.of("full-backup-age", "latest-backup-age", "wal-archive-current", "backup-errors")) {
                out.add(RuleResult.fail(rule, "not evaluated: pgbackrest info failed (" + in.infoError() + ")",
                        "fix the stanza-info failure first"));
            }
        } else {
            StanzaInfo info = in.info().get();
            out.add(fullAge(in, info));
            out.add(latestAge(in, info));
            Wal wal = walCurrent(in, info);
            out.add(wal.result());
            walLag = wal.lag();
            out.add(errors(info));
        }
        out.add(drill(in));
        Optional<StanzaInfo> info = in.info();
        HealthMetrics metrics = new HealthMetrics(
                info.flatMap(StanzaInfo::latestBackup).map(b -> Duration.between(b.stop(), in.now())),
                info.flatMap(StanzaInfo::latestFull).map(b -> Duration.between(b.stop(), in.now())),
                walLag, info.flatMap(StanzaInfo::recoveryWindow),
                in.drills().lastPassed().map(d -> Duration.between(d.finishedAt(), in.now())),
                in.drills().last().map(DrillHistory.Drill::status),
                in.server().flatMap(ServerFacts::lastArchivedTime).map(t -> Duration.between(t, in.now())));
        return new Outcome(out, metrics);
    }

    static RuleResult retention(Inputs in) {
        if (in.repos().isEmpty()) {
            return RuleResult.warn("retention-full", "the repository settings could not be read from the configuration",
                    "make the pgbackrest.conf readable by the user running pitr");
        }
        int min = in.thresholds().minRetentionFull();
        List<String> low = new ArrayList<>();
        List<String> unset = new ArrayList<>();
        List<String> ok = new ArrayList<>();
        for (RepoSettings r : in.repos()) {
            String name = "repo" + r.key();
            if (r.retentionFull().isEmpty()) {
                unset.add(name);
            } else if (r.retentionFull().get() < min) {
                low.add(name + "-retention-full=" + r.retentionFull().get());
            } else {
                ok.add(name + "-retention-full=" + r.retentionFull().get());
            }
        }
        String fixLow = "keep at least " + min + " full backups: set " + String.join(", ", low.stream()
                .map(s -> s.substring(0, s.indexOf('=') + 1) + min).toList())
                + " in pgbackrest.conf (or Repository.retentionFull(" + min + ")), then run pgbackrest expire";
        if (!low.isEmpty()) {
            return RuleResult.fail("retention-full", String.join(", ", low) + " keeps fewer than " + min
                    + " full backups", fixLow);
        }
        if (!unset.isEmpty()) {
            return RuleResult.warn("retention-full", String.join(", ", unset) + " has no retention-full: pgBackRest "
                    + "never expires full backups and the repository grows until it is full",
                    "set " + String.join(", ", unset.stream().map(s -> s + "-retention-full=" + min).toList())
                            + " in pgbackrest.conf");
        }
        return RuleResult.pass("retention-full", String.join(", ", ok) + " (at least " + min + ")");
    }

    static RuleResult encryption(Inputs in) {
        if (in.secretFile().isPresent()) {
            SecretFileExposure f = in.secretFile().get();
            // Encryption at rest protects nothing when the key is readable next to it.
            return RuleResult.fail("repository-encryption", f.file() + " holds " + String.join(", ", f.options())
                    + " and is readable by " + f.readers() + " (mode " + f.mode() + ")", "chmod 600 " + f.file()
                    + " (owned by the user pgBackRest runs as), or keep the secret out of the file: pitr passes it as "
                    + "PGBACKREST_* environment (secret(...) / the settings.xml server of the Maven plugin)");
        }
        if (in.repos().isEmpty()) {
            return RuleResult.warn("repository-encryption", "the repository settings could not be read from the "
                    + "configuration", "make the pgbackrest.conf readable by the user running pitr");
        }
        List<String> plainObject = new ArrayList<>();
        List<String> plainLocal = new ArrayList<>();
        List<String> encrypted = new ArrayList<>();
        for (RepoSettings r : in.repos()) {
            Optional<Boolean> fromInfo = in.info().flatMap(i -> i.repos().stream().filter(x -> x.key() == r.key())
                    .findFirst()).map(RepoInfo::encrypted);
            boolean on = fromInfo.orElse(!r.cipherType().equals("none"));
            String name = "repo" + r.key() + " (" + r.type() + ")";
            if (on) {
                encrypted.add(name);
            } else if (r.objectStorage()) {
                plainObject.add(name);
            } else {
                plainLocal.add(name);
            }
        }
        String fix = "encrypt at rest: a new repository with repoN-cipher-type=aes-256-cbc and the pass in "
                + "PGBACKREST_REPON_CIPHER_PASS (Repository.cipher(Secret)); an existing repository cannot be "
                + "encrypted in place, so create the stanza in the new repository and take a full backup there";
        if (!plainObject.isEmpty()) {
            return RuleResult.fail("repository-encryption", String.join(", ", plainObject)
                    + " stores backups unencrypted in object storage", fix);
        }
        if (!plainLocal.isEmpty()) {
            return RuleResult.warn("repository-encryption", String.join(", ", plainLocal)
                    + " is not encrypted (the runbook asks for encryption at rest)", fix);
        }
        return RuleResult.pass("repository-encryption", String.join(", ", encrypted) + " encrypted");
    }

    static RuleResult fullAge(Inputs in, StanzaInfo info) {
        Duration limit = in.fullInterval().plus(in.thresholds().fullBackupGrace());
        String fix = "take a full backup now (pgbackrest --stanza=" + in.stanza() + " --type=full backup, or a pitr "
                + "backup of type full) and check that the scheduled full backup runs";
        Optional<BackupInfo> full = info.latestFull();
        if (full.isEmpty()) {
            return RuleResult.fail("full-backup-age", "the repository holds no full backup", fix);
        }
        Duration age = Duration.between(full.get().stop(), in.now());
        String msg = "newest full backup " + full.get().label() + " is " + Text.human(age) + " old (limit "
                + Text.human(limit) + ": full interval " + Text.human(in.fullInterval()) + " + grace)";
        return age.compareTo(limit) > 0 ? RuleResult.fail("full-backup-age", msg, fix) : RuleResult.pass("full-backup-age", msg);
    }

    static RuleResult latestAge(Inputs in, StanzaInfo info) {
        Duration limit = in.thresholds().latestBackupMaxAge().plus(in.thresholds().latestBackupGrace());
        String fix = "run a backup now (pgbackrest --stanza=" + in.stanza() + " backup, or a pitr backup) and check the schedule "
                + "(crontab or systemd timer) and its logs";
        Optional<BackupInfo> latest = info.latestBackup();
        if (latest.isEmpty()) {
            return RuleResult.fail("latest-backup-age", "the repository holds no backup", fix);
        }
        Duration age = Duration.between(latest.get().stop(), in.now());
        String msg = "newest backup " + latest.get().label() + " (" + latest.get().type().option() + ") is "
                + Text.human(age) + " old (limit " + Text.human(limit) + ")";
        return age.compareTo(limit) > 0 ? RuleResult.fail("latest-backup-age", msg, fix)
                : RuleResult.pass("latest-backup-age", msg);
    }

    private record Wal(RuleResult result, Optional<Duration> lag) {
    }

    static Wal walCurrent(Inputs in, StanzaInfo info) {
        String rule = "wal-archive-current";
        String fix = "look at pg_stat_archiver and the PostgreSQL server log for the archive_command's error, "
                + "then run pgbackrest --stanza=" + in.stanza() + " check";
        Optional<String> repoWal = info.latestArchivedWal();
        if (repoWal.isEmpty()) {
            return new Wal(RuleResult.fail(rule, "the repository holds no archived WAL", fix), Optional.empty());
        }
        if (in.server().isEmpty() || in.server().get().currentWalFile().isEmpty()) {
            return new Wal(RuleResult.warn(rule, "newest archived WAL is " + repoWal.get()
                    + "; cannot compare with the server (no database connection, or it is a standby)",
                    "let the preflight connect (database(...) or pg1-socket-path/pg1-port/pg1-user)"), Optional.empty());
        }
        ServerFacts f = in.server().get();
        long waiting = WalNames.segment(f.currentWalFile().get(), f.walSegmentSize())
                - WalNames.segment(repoWal.get(), f.walSegmentSize()) - 1;
        if (waiting <= 0) {
            return new Wal(RuleResult.pass(rule, "newest archived WAL " + repoWal.get() + "; the server writes "
                    + f.currentWalFile().get() + ", nothing waits"), Optional.of(Duration.ZERO));
        }
        Duration base = f.archiveTimeoutSeconds() > 0 ? Duration.ofSeconds(f.archiveTimeoutSeconds())
                : in.thresholds().targetRpo();
        Duration allowed = base.plus(in.thresholds().walArchiveGrace());
        Optional<Duration> age = f.lastArchivedTime().map(t -> Duration.between(t, in.now()));
        String msg = waiting + " completed WAL segment(s) after " + repoWal.get() + " are not in the repository yet; "
                + "last archived " + age.map(a -> Text.human(a) + " ago").orElse("never") + " (allowed "
                + Text.human(allowed) + ": archive_timeout + grace)";
        Optional<Duration> lag = Optional.of(age.orElse(Duration.between(Instant.EPOCH, in.now())));
        if (age.isEmpty() || age.get().compareTo(allowed) > 0) {
            return new Wal(RuleResult.fail(rule, msg, fix), lag);
        }
        return new Wal(RuleResult.pass(rule, msg), lag);
    }

    static RuleResult errors(StanzaInfo info) {
        List<String> flagged = info.backups().stream().filter(BackupInfo::hasError).map(BackupInfo::label).toList();
        if (flagged.isEmpty()) {
            return RuleResult.pass("backup-errors", info.backups().size() + " backup(s), none flagged with errors");
        }
        return RuleResult.fail("backup-errors", "backup(s) " + String.join(", ", flagged)
                + " carry the error flag (pgBackRest found page checksum errors while copying)",
                "find the damaged relations (pgbackrest info --set=<label> lists them; check with amcheck/pg_checksums), "
                        + "repair them, then take a new full backup");
    }

    /** An INTERRUPTED newest drill is named, and not counted. */
    private static String interruptedNote(DrillHistory drills) {
        return drills.newest().filter(d -> d.status() == dev.pitr.drill.DrillStatus.INTERRUPTED)
                .map(d -> "; the newest drill (" + d.finishedAt() + ") was INTERRUPTED and is not counted").orElse("");
    }

    static RuleResult drill(Inputs in) {
        Duration max = in.thresholds().drillMaxAge();
        Optional<DrillHistory.Drill> passed = in.drills().lastPassed();
        Optional<DrillHistory.Drill> last = in.drills().last();
        String where = (in.drills().searched().isEmpty() ? "no drill history configured (reportDirectory, auditLog)"
                : "looked in " + String.join(", ", in.drills().searched())) + interruptedNote(in.drills());
        if (passed.isEmpty()) {
            return firstDrill(in, last, where);
        }
        Duration age = Duration.between(passed.get().finishedAt(), in.now());
        String msg = "last PASSED restore drill finished " + passed.get().finishedAt() + ", " + Text.human(age)
                + " ago (limit " + Text.human(max) + "; " + passed.get().source() + ")" + interruptedNote(in.drills());
        if (age.compareTo(max) > 0) {
            return RuleResult.fail("restore-drill", msg, in.drillFix());
        }
        if (last.isPresent() && !last.get().passed()) {
            return RuleResult.warn("restore-drill", msg + "; but the newest drill (" + last.get().finishedAt()
                    + ") FAILED", "read the newest drill report and fix what it names");
        }
        return RuleResult.pass("restore-drill", msg);
    }

    /**
     * No PASSED drill yet: not yet due until the maximum drill age after the stanza's first backup (a stanza
     * without a backup has nothing to drill), overdue after it. A drill that FAILED meanwhile is a warning.
     * Without info there is no start to count from, and no evidence: that fails.
     */
    private static RuleResult firstDrill(Inputs in, Optional<DrillHistory.Drill> last, String where) {
        String none = "no PASSED restore drill of stanza '" + in.stanza() + "' on record"
                + last.map(l -> " (the last drill, " + l.finishedAt() + ", FAILED)").orElse("");
        if (in.info().isPresent() && in.info().get().backups().isEmpty() && in.firstBackup().isEmpty()) {
            return RuleResult.pass("restore-drill", "no backup to drill yet; the first restore drill is due "
                    + Text.human(in.thresholds().drillMaxAge()) + " after the first backup");
        }
        if (in.info().isEmpty() || in.firstBackup().isEmpty()) {
            return RuleResult.fail("restore-drill", none + "; " + where, in.drillFix());
        }
        FirstBackup first = in.firstBackup().get();
        Instant due = first.at().plus(in.thresholds().drillMaxAge());
        String since = " (" + Text.human(in.thresholds().drillMaxAge()) + " after the first backup " + first.label()
                + " of " + first.at() + ", from " + first.source() + ")";
        if (!in.now().isBefore(due)) {
            return RuleResult.fail("restore-drill", none + "; the first drill was due by " + due + since + "; " + where,
                    in.drillFix());
        }
        if (last.isPresent()) {
            return RuleResult.warn("restore-drill", none + "; the first drill is due by " + due + since
                    + interruptedNote(in.drills()), "read the newest drill report and fix what it names");
        }
        return RuleResult.pass("restore-drill", "no restore drill of stanza '" + in.stanza() + "' on record yet: "
                + "first drill due by " + due + since + interruptedNote(in.drills()));
    }
}
