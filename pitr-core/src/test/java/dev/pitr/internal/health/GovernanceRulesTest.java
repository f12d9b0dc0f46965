package dev.pitr.internal.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.audit.AuditEntry;
import dev.pitr.audit.AuditLog;
import dev.pitr.audit.AuditOutcome;
import dev.pitr.config.PgBackRestVersion;
import dev.pitr.config.PitrConfiguration;
import dev.pitr.governance.HealthThresholds;
import dev.pitr.governance.RuleResult;
import dev.pitr.info.ArchiveInfo;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.RepoInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.info.StanzaStatus;
import dev.pitr.internal.conf.ConfFile;
import dev.pitr.operation.BackupType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules a real server cannot produce on demand: error flags, object storage, WAL lag, odd archive_commands. */
class GovernanceRulesTest {
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final Path CONF = Path.of("/etc/pgbackrest/pgbackrest.conf");

    @TempDir
    Path dir;

    static BackupInfo backup(String label, BackupType type, Instant stop, boolean error, Map<String, String> annotations) {
        return new BackupInfo(label, type, Optional.empty(), List.of(), stop.minusSeconds(60), stop, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 1, 1, 1, 1, Optional.of(error), annotations, 1, 1, "2.45");
    }

    static StanzaInfo info(String cipher, String maxWal, BackupInfo... backups) {
        return new StanzaInfo("s", new StanzaStatus(0, "ok"), false, Optional.of(cipher),
                List.of(new RepoInfo(1, cipher, new StanzaStatus(0, "ok"))), List.of(),
                List.of(new ArchiveInfo("15-1", 1, 1, Optional.of("000000010000000000000001"), Optional.ofNullable(maxWal))),
                List.of(backups));
    }

    static ServerFacts server(String currentWal, Instant lastArchived) {
        return new ServerFacts("on", "replica", "pgbackrest --stanza=s archive-push %p", 60, 10, true, 16 * 1024 * 1024,
                false, 10, Optional.of("000000010000000000000005"), Optional.ofNullable(lastArchived), 0, Optional.empty(),
                Optional.empty(), Optional.of(currentWal), "15");
    }

    static GovernanceRules.Inputs inputs(StanzaInfo info, List<RepoSettings> repos, DrillHistory drills,
            Optional<ServerFacts> server) {
        return new GovernanceRules.Inputs("s", Optional.of(info), "", repos, Duration.ofDays(7), HealthThresholds.defaults(),
                drills, server, NOW, "run a drill", Optional.empty(), Optional.empty());
    }

    static GovernanceRules.Inputs at(Instant now, Optional<StanzaInfo> info, DrillHistory drills,
            Optional<FirstBackup> first) {
        return new GovernanceRules.Inputs("s", info, info.isEmpty() ? "info failed" : "", List.of(), Duration.ofDays(7),
                HealthThresholds.defaults(), drills, Optional.empty(), now, "run a drill", Optional.empty(), first);
    }

    static final FirstBackup FIRST = new FirstBackup("20261201-122528F", Instant.parse("2026-12-01T12:25:28Z"),
            "repo1 backup/s/backup.history");

    @Test
    void withNoDrillOnRecordTheFirstDrillIsNotYetDueUntilTheMaxDrillAgeAfterTheFirstBackup() {
        StanzaInfo info = info("none", "000000010000000000000005",
                backup("20261201-122528F", BackupType.FULL, FIRST.at().plusSeconds(30), false, Map.of()));
        Instant justAfterTheFirstBackup = FIRST.at().plus(Duration.ofMinutes(5));
        RuleResult early = rule(GovernanceRules.evaluate(at(justAfterTheFirstBackup, Optional.of(info), noDrills(),
                Optional.of(FIRST))), "restore-drill");
        assertEquals(RuleResult.Status.PASS, early.status(), early.message());
        assertTrue(early.message().contains("first drill due by 2027-03-03T12:25:28Z (92d after the first backup "
                + "20261201-122528F"), early.message());

        Instant lastMomentNotDue = FIRST.at().plus(Duration.ofDays(92)).minusSeconds(1);
        assertEquals(RuleResult.Status.PASS, rule(GovernanceRules.evaluate(at(lastMomentNotDue, Optional.of(info),
                noDrills(), Optional.of(FIRST))), "restore-drill").status());

        Instant overdue = FIRST.at().plus(Duration.ofDays(92));
        RuleResult late = rule(GovernanceRules.evaluate(at(overdue, Optional.of(info), noDrills(), Optional.of(FIRST))),
                "restore-drill");
        assertEquals(RuleResult.Status.FAIL, late.status(), late.message());
        assertTrue(late.message().contains("the first drill was due by 2027-03-03T12:25:28Z"), late.message());
        assertEquals("run a drill", late.fix());
    }

    @Test
    void aConfiguredMaxDrillAgeMovesTheFirstDueDate() {
        StanzaInfo info = info("none", "000000010000000000000005",
                backup("20261201-122528F", BackupType.FULL, FIRST.at().plusSeconds(30), false, Map.of()));
        GovernanceRules.Inputs in = new GovernanceRules.Inputs("s", Optional.of(info), "", List.of(), Duration.ofDays(7),
                HealthThresholds.defaults().drillMaxAge(Duration.ofDays(30)), noDrills(), Optional.empty(),
                FIRST.at().plus(Duration.ofDays(31)), "run a drill", Optional.empty(), Optional.of(FIRST));
        assertEquals(RuleResult.Status.FAIL, rule(GovernanceRules.evaluate(in), "restore-drill").status());
    }

    @Test
    void aFailedFirstDrillBeforeTheDueDateWarnsAndAStanzaWithoutBackupsHasNothingToDrill() throws Exception {
        StanzaInfo info = info("none", "000000010000000000000005",
                backup("20261201-122528F", BackupType.FULL, FIRST.at().plusSeconds(30), false, Map.of()));
        Path log = dir.resolve("audit.log");
        AuditLog audit = AuditLog.open(log);
        audit.append(AuditEntry.of("restore-drill", "s", AuditOutcome.FAILED).withTime(FIRST.at().plus(Duration.ofDays(1))));
        DrillHistory failed = DrillHistory.read("s", Optional.empty(), Optional.of(audit), Optional.empty());
        RuleResult warn = rule(GovernanceRules.evaluate(at(FIRST.at().plus(Duration.ofDays(2)), Optional.of(info), failed,
                Optional.of(FIRST))), "restore-drill");
        assertEquals(RuleResult.Status.WARN, warn.status(), warn.message());
        assertTrue(warn.message().contains("FAILED"), warn.message());

        StanzaInfo empty = info("none", null);
        RuleResult nothing = rule(GovernanceRules.evaluate(at(NOW, Optional.of(empty), noDrills(), Optional.empty())),
                "restore-drill");
        assertEquals(RuleResult.Status.PASS, nothing.status(), nothing.message());
        assertTrue(nothing.message().startsWith("no backup to drill yet"), nothing.message());
        // the backup rules do not wait: a stanza without a backup cannot be restored at all
        assertEquals(RuleResult.Status.FAIL, rule(GovernanceRules.evaluate(at(NOW, Optional.of(empty), noDrills(),
                Optional.empty())), "full-backup-age").status());
    }

    @Test
    void withoutInfoThereIsNoStartToCountFromAndTheRuleFails() {
        assertEquals(RuleResult.Status.FAIL, rule(GovernanceRules.evaluate(at(NOW, Optional.empty(), noDrills(),
                Optional.of(FIRST))), "restore-drill").status());
    }

    @Test
    void theFirstBackupIsTheOldestFullLabelInTheBackupHistoryReadInTheHostsZone() {
        Optional<FirstBackup> first = FirstBackup.oldest(List.of("2027/20270105-010000F.manifest.gz",
                "2026/20261201-122528F_20261202-010000I.manifest.gz", "2026/20261201-122528F.manifest.gz"),
                java.time.ZoneId.of("Europe/Berlin"));
        assertEquals("20261201-122528F", first.orElseThrow().label());
        assertEquals(Instant.parse("2026-12-01T11:25:28Z"), first.orElseThrow().at());
        assertEquals(Optional.empty(), FirstBackup.oldest(List.of("2026/README"), java.time.ZoneId.of("UTC")));
    }

    static DrillHistory noDrills() {
        return DrillHistory.read("s", Optional.empty(), Optional.empty(), Optional.empty());
    }

    static RuleResult rule(GovernanceRules.Outcome o, String name) {
        return o.results().stream().filter(r -> r.rule().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aBackupWithTheErrorFlagFails() {
        StanzaInfo info = info("none", "000000010000000000000005",
                backup("20261126-010000F", BackupType.FULL, NOW.minusSeconds(3600), false, Map.of()),
                backup("20261126-010000F_20261126-110000I", BackupType.INCR, NOW.minusSeconds(600), true, Map.of()));
        RuleResult r = rule(GovernanceRules.evaluate(inputs(info, List.of(), noDrills(), Optional.empty())), "backup-errors");
        assertEquals(RuleResult.Status.FAIL, r.status());
        assertTrue(r.message().contains("20261126-010000F_20261126-110000I"), r.message());
    }

    @Test
    void anUnencryptedObjectStoreFailsAndAnUnsetRetentionWarns() {
        StanzaInfo info = info("none", "000000010000000000000005");
        var s3 = List.of(new RepoSettings(1, "s3", Optional.empty(), "none"));
        var o = GovernanceRules.evaluate(inputs(info, s3, noDrills(), Optional.empty()));
        assertEquals(RuleResult.Status.FAIL, rule(o, "repository-encryption").status());
        assertTrue(rule(o, "repository-encryption").message().contains("repo1 (s3)"));
        assertEquals(RuleResult.Status.WARN, rule(o, "retention-full").status());
        var encrypted = GovernanceRules.evaluate(inputs(info("aes-256-cbc", "000000010000000000000005"), s3, noDrills(),
                Optional.empty()));
        assertEquals(RuleResult.Status.PASS, rule(encrypted, "repository-encryption").status(), "info's cipher wins");
    }

    @Test
    void walThatWaitsLongerThanArchiveTimeoutPlusGraceFails() {
        StanzaInfo info = info("none", "000000010000000000000005",
                backup("20261126-010000F", BackupType.FULL, NOW.minusSeconds(3600), false, Map.of()));
        var current = GovernanceRules.evaluate(inputs(info, List.of(), noDrills(),
                Optional.of(server("000000010000000000000006", NOW.minusSeconds(3000)))));
        assertEquals(RuleResult.Status.PASS, rule(current, "wal-archive-current").status());
        assertEquals(Optional.of(Duration.ZERO), current.metrics().walArchiveLag());
        var inFlight = GovernanceRules.evaluate(inputs(info, List.of(), noDrills(),
                Optional.of(server("000000010000000000000008", NOW.minusSeconds(100)))));
        assertEquals(RuleResult.Status.PASS, rule(inFlight, "wal-archive-current").status());
        var stuck = GovernanceRules.evaluate(inputs(info, List.of(), noDrills(),
                Optional.of(server("000000010000000100000002", NOW.minusSeconds(3000)))));
        RuleResult r = rule(stuck, "wal-archive-current");
        assertEquals(RuleResult.Status.FAIL, r.status());
        assertTrue(r.message().startsWith("252 completed WAL segment(s)"), r.message());
        assertEquals(Optional.of(Duration.ofSeconds(3000)), stuck.metrics().walArchiveLag());
        var noWal = GovernanceRules.evaluate(inputs(info("none", null), List.of(), noDrills(), Optional.empty()));
        assertEquals(RuleResult.Status.FAIL, rule(noWal, "wal-archive-current").status());
    }

    @Test
    void drillsAreReadFromReportsTheAuditLogAndAnnotationsAndTheNewestFailureWarns() throws Exception {
        Files.createDirectories(dir.resolve("history"));
        Files.writeString(dir.resolve("pitr-drill-report.json"),
                "{\"status\":\"PASSED\",\"stanza\":\"s\",\"finishedAt\":\"2026-11-20T10:00:00Z\"}");
        Files.writeString(dir.resolve("history/pitr-drill-s-20261001T100000Z.json"),
                "{\"status\":\"PASSED\",\"stanza\":\"s\",\"finishedAt\":\"2026-10-01T10:00:00Z\"}");
        Files.writeString(dir.resolve("history/pitr-drill-s-broken.json"), "{not json");
        AuditLog log = AuditLog.open(dir.resolve("audit.jsonl"));
        log.append(AuditEntry.of("restore-drill", "s", AuditOutcome.FAILED).withTime(Instant.parse("2026-11-25T10:00:00Z")));
        log.append(AuditEntry.of("restore-drill", "other", AuditOutcome.PASSED).withTime(NOW));
        StanzaInfo info = info("none", "000000010000000000000005", backup("20261126-010000F", BackupType.FULL,
                NOW.minusSeconds(3600), false, Map.of("pitr-drill", "{\"status\":\"PASSED\",\"finishedAt\":\"2026-11-10T08:00:00Z\"}")));
        DrillHistory h = DrillHistory.read("s", Optional.of(dir), Optional.of(log), Optional.of(info));
        assertEquals(List.of("2026-10-01T10:00:00Z", "2026-11-10T08:00:00Z", "2026-11-20T10:00:00Z", "2026-11-25T10:00:00Z"),
                h.drills().stream().map(d -> d.finishedAt().toString()).toList());
        assertEquals(Instant.parse("2026-11-20T10:00:00Z"), h.lastPassed().orElseThrow().finishedAt());
        var o = GovernanceRules.evaluate(inputs(info, List.of(), h, Optional.empty()));
        assertEquals(RuleResult.Status.WARN, rule(o, "restore-drill").status(), rule(o, "restore-drill").message());
        assertEquals(Optional.of(Duration.ofDays(6).plusHours(2)), o.metrics().lastDrillAge());
        assertEquals(Optional.of(dev.pitr.drill.DrillStatus.FAILED), o.metrics().lastDrillStatus());
    }

    @Test
    void anInterruptedNewestDrillIsNeitherAFailureNorAPassAndIsNamed() throws Exception {
        Files.createDirectories(dir.resolve("history"));
        Files.writeString(dir.resolve("history/pitr-drill-s-20261120T100000Z.json"),
                "{\"status\":\"PASSED\",\"stanza\":\"s\",\"finishedAt\":\"2026-11-20T10:00:00Z\"}");
        Files.writeString(dir.resolve("pitr-drill-report.json"),
                "{\"status\":\"INTERRUPTED\",\"stanza\":\"s\",\"finishedAt\":\"2026-11-25T10:00:00Z\"}");
        AuditLog log = AuditLog.open(dir.resolve("audit.jsonl"));
        log.append(AuditEntry.of("restore-drill", "s", AuditOutcome.INTERRUPTED).withTime(Instant.parse("2026-11-26T10:00:00Z")));
        StanzaInfo info = info("none", "000000010000000000000005", backup("20261126-010000F", BackupType.FULL,
                NOW.minusSeconds(3600), false, Map.of()));
        DrillHistory h = DrillHistory.read("s", Optional.of(dir), Optional.of(log), Optional.of(info));
        assertEquals(dev.pitr.drill.DrillStatus.INTERRUPTED, h.newest().orElseThrow().status());
        assertEquals(Instant.parse("2026-11-20T10:00:00Z"), h.last().orElseThrow().finishedAt());
        var o = GovernanceRules.evaluate(inputs(info, List.of(), h, Optional.empty()));
        RuleResult drill = rule(o, "restore-drill");
        assertEquals(RuleResult.Status.PASS, drill.status(), drill.message());
        assertTrue(drill.message().contains("the newest drill (2026-11-26T10:00:00Z) was INTERRUPTED and is not counted"),
                drill.message());
        assertEquals(Optional.of(dev.pitr.drill.DrillStatus.PASSED), o.metrics().lastDrillStatus());

        DrillHistory onlyInterrupted = DrillHistory.read("s", Optional.empty(), Optional.of(log), Optional.empty());
        RuleResult none = rule(GovernanceRules.evaluate(inputs(info, List.of(), onlyInterrupted, Optional.empty())),
                "restore-drill");
        assertEquals(RuleResult.Status.FAIL, none.status());
        assertFalse(none.message().contains("FAILED"), none.message());
    }

    @Test
    void archiveCommandsAreJudgedWordByWord() {
        String rec = ArchiveCommandCheck.recommended("pgbackrest", CONF, "s");
        assertEquals("pgbackrest --stanza=s archive-push %p", rec);
        assertEquals(RuleResult.Status.PASS, ArchiveCommandCheck.judge("/usr/bin/pgbackrest --stanza=s archive-push %p", "s",
                CONF, rec).status());
        assertEquals(RuleResult.Status.PASS, ArchiveCommandCheck.judge("pgbackrest --stanza s --config '/etc/pgbackrest/pgbackrest.conf' archive-push \"%p\"",
                "s", CONF, rec).status());
        assertEquals(RuleResult.Status.FAIL, ArchiveCommandCheck.judge("pgbackrest --stanza=t archive-push %p", "s", CONF, rec).status());
        assertEquals(RuleResult.Status.FAIL, ArchiveCommandCheck.judge("pgbackrest archive-push %p", "s", CONF, rec).status());
        assertEquals(RuleResult.Status.FAIL, ArchiveCommandCheck.judge("pgbackrest --stanza=s archive-push", "s", CONF, rec).status());
        assertEquals(RuleResult.Status.FAIL, ArchiveCommandCheck.judge("cp %p /mnt/archive/%f", "s", CONF, rec).status());
        RuleResult otherConf = ArchiveCommandCheck.judge("pgbackrest --config=/srv/pb.conf --stanza=s archive-push %p", "s",
                CONF, rec);
        assertEquals(RuleResult.Status.WARN, otherConf.status());
        assertTrue(otherConf.message().contains("/srv/pb.conf"), otherConf.message());
    }

    @Test
    void anExistingConfigFileGivesEachRepositorysRetentionTypeAndCipher() throws Exception {
        Path conf = dir.resolve("pgbackrest.conf");
        Files.writeString(conf, """
                [global]
                repo1-path=/var/lib/pgbackrest
                repo1-retention-full=2
                repo2-type=s3
                repo2-retention-full=6
                repo2-cipher-type=aes-256-cbc
                # repo3-retention-full=1

                [s]
                pg1-path=/var/lib/postgresql/main
                repo1-retention-full=5
                """);
        PitrConfiguration c = new PitrConfiguration("s", "pgbackrest", PgBackRestVersion.MINIMUM, conf, false, List.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), Map.of(),
                java.util.Set.of());
        assertEquals(List.of(new RepoSettings(1, "posix", Optional.of(5), "none"),
                new RepoSettings(2, "s3", Optional.of(6), "aes-256-cbc")), RepoSettings.of(c, ConfFile.read(conf)));
    }

    @Test
    void aConfigFileHoldingASecretIsExposedWhenItsGroupOrOthersMayReadIt() throws Exception {
        Path conf = dir.resolve("secret.conf");
        Files.writeString(conf, "[global]\nrepo1-path=/r\nrepo1-cipher-type=aes-256-cbc\nrepo1-cipher-pass=xyzzy\n"
                + "[s]\nrepo2-s3-key-secret=abc\n");
        Map<String, String> readers = Map.of("rw-r--r--", "its group and every local user", "rw-r-----", "its group",
                "rw----r--", "every local user");
        for (Map.Entry<String, String> e : readers.entrySet()) {
            Files.setPosixFilePermissions(conf, java.nio.file.attribute.PosixFilePermissions.fromString(e.getKey()));
            SecretFileExposure exposed = SecretFileExposure.of(conf).orElseThrow();
            assertEquals(List.of("repo1-cipher-pass", "repo2-s3-key-secret"), exposed.options());
            GovernanceRules.Inputs in = new GovernanceRules.Inputs("s", Optional.empty(), "", List.of(new RepoSettings(1,
                    "posix", Optional.of(4), "aes-256-cbc")), Duration.ofDays(7), HealthThresholds.defaults(), noDrills(),
                    Optional.empty(), NOW, "run a drill", Optional.of(exposed), Optional.empty());
            RuleResult r = GovernanceRules.encryption(in);
            assertEquals(RuleResult.Status.FAIL, r.status(), r.toString());
            assertTrue(r.message().contains("readable by " + e.getValue() + " (mode " + e.getKey() + ")"), r.message());
            assertTrue(r.fix().startsWith("chmod 600 " + conf), r.fix());
            assertFalse(r.toString().contains("xyzzy"), r.toString());
        }
        Files.setPosixFilePermissions(conf, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertEquals(Optional.empty(), SecretFileExposure.of(conf));
        Path plain = dir.resolve("plain.conf");
        Files.writeString(plain, "[global]\nrepo1-path=/r\n");
        Files.setPosixFilePermissions(plain, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals(Optional.empty(), SecretFileExposure.of(plain), "a world-readable file without secrets is fine");
    }
}
