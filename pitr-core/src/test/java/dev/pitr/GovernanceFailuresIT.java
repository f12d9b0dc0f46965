package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.governance.BackupPolicy;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.RuleResult;
import dev.pitr.internal.os.Ownership;
import dev.pitr.sandbox.SandboxCluster;
import dev.pitr.sandbox.SandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real sandboxes that break the runbook: retention-full=2 without drill history (the done-when),
 * a server without archiving, and an archive_command that pushes to another stanza.
 */
class GovernanceFailuresIT {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.of(
            SandboxCluster.builder().stanza("gov-ret2").retentionFull(2));

    static Path work;
    static SandboxCluster retention2;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("pitr-governance-");
        retention2 = SANDBOX.cluster();
        retention2.pgBackRest().backup().auto(BackupPolicy.runbook(ZoneOffset.UTC)).run();
    }

    @AfterAll
    static void stop() {
        Ownership.deleteTree(work);
    }

    @Test
    void retentionFullTwoFailsAndAFirstDrillNotYetDueIsNotOverdueUntilTheMaxDrillAgeHasPassed() throws Exception {
        Path emptyReports = Files.createDirectories(work.resolve("reports"));
        HealthReport report = retention2.pgBackRest().healthCheck().reportDirectory(emptyReports).run();
        System.out.println(report.toTable());
        assertTrue(report.failed());
        assertEquals(List.of("retention-full"), report.failures().stream().map(RuleResult::rule).toList(),
                report.toTable());
        RuleResult retention = report.result("retention-full").orElseThrow();
        assertTrue(retention.message().contains("repo1-retention-full=2 keeps fewer than 4 full backups"), retention.message());
        assertTrue(retention.fix().contains("repo1-retention-full=4"), retention.fix());
        RuleResult notYetDue = report.result("restore-drill").orElseThrow();
        assertEquals(RuleResult.Status.PASS, notYetDue.status(), notYetDue.message());
        assertTrue(notYetDue.message().contains("first drill due by "), notYetDue.message());
        // the first backup is read from the repository's backup.history (it outlives retention)
        assertTrue(notYetDue.message().contains("from repo1 backup/gov-ret2/backup.history"), notYetDue.message());
        assertEquals(RuleResult.Status.WARN, report.result("repository-encryption").orElseThrow().status(),
                "an unencrypted local posix repository is a warning");
        assertTrue(report.toTable().contains("FAIL: "), report.toTable());
        assertTrue(report.toJson().contains("\"status\" : \"FAIL\""), report.toJson());

        Thread.sleep(1100);
        HealthReport later = retention2.pgBackRest().healthCheck().reportDirectory(emptyReports).pgBackRestCheck(false)
                .thresholds(dev.pitr.governance.HealthThresholds.defaults().drillMaxAge(Duration.ofSeconds(1))).run();
        RuleResult drill = later.result("restore-drill").orElseThrow();
        assertEquals(RuleResult.Status.FAIL, drill.status(), drill.message());
        assertTrue(drill.message().contains("no PASSED restore drill of stanza 'gov-ret2'"), drill.message());
        assertTrue(drill.message().contains("the first drill was due by "), drill.message());
        assertTrue(drill.fix().contains("restore drill") && drill.fix().contains(emptyReports.toString()), drill.fix());
    }

    @Test
    void anExistingConfigFileIsParsedForRetentionAndTheConnection() {
        PgBackRest fromFile = PgBackRest.configure().stanza("gov-ret2").configFile(retention2.configFile())
                .runAs(retention2.user()).load();
        HealthReport report = fromFile.healthCheck().pgBackRestCheck(false).run();
        assertEquals(RuleResult.Status.FAIL, report.result("retention-full").orElseThrow().status(), report.toTable());
        assertEquals(RuleResult.Status.PASS, report.result("database-connection").orElseThrow().status(), report.toTable());
        assertEquals(RuleResult.Status.PASS, report.result("archive-command").orElseThrow().status(), report.toTable());
    }

    @Test
    void aServerWithoutArchivingFailsEachPreflightItem() {
        try (SandboxCluster off = SandboxCluster.builder().stanza("gov-off").serverSetting("archive_mode", "off")
                .serverSetting("wal_level", "minimal").serverSetting("max_wal_senders", "0")
                .archiveTimeout(Duration.ZERO).dataChecksums(false).start()) {
            HealthReport r = off.pgBackRest().preflight().run();
            System.out.println(r.toTable());
            assertEquals(RuleResult.Status.FAIL, r.result("archive-mode").orElseThrow().status());
            assertEquals(RuleResult.Status.FAIL, r.result("wal-level").orElseThrow().status());
            assertEquals(RuleResult.Status.FAIL, r.result("max-wal-senders").orElseThrow().status());
            RuleResult timeout = r.result("archive-timeout").orElseThrow();
            assertEquals(RuleResult.Status.FAIL, timeout.status());
            assertTrue(timeout.message().contains("archive_timeout is 0"), timeout.message());
            assertEquals(RuleResult.Status.WARN, r.result("data-checksums").orElseThrow().status());
            assertEquals(RuleResult.Status.WARN, r.result("archiver").orElseThrow().status());
            assertTrue(r.result("wal-level").orElseThrow().fix().contains("wal_level = replica"));
        }
    }

    @Test
    void anArchiveCommandForAnotherStanzaFailsAndTheArchiverReportsItsFailures() throws Exception {
        try (SandboxCluster wrong = SandboxCluster.builder().stanza("gov-wrong")
                .archiveCommand("pgbackrest --stanza=other archive-push %p").start()) {
            wrong.execute("create table t as select generate_series(1, 10000) i", "select pg_switch_wal()");
            HealthReport r = wrong.pgBackRest().preflight().run();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (r.result("archiver").orElseThrow().status() != RuleResult.Status.FAIL && System.nanoTime() < deadline) {
                Thread.sleep(500);
                r = wrong.pgBackRest().preflight().run();
            }
            System.out.println(r.toTable());
            RuleResult command = r.result("archive-command").orElseThrow();
            assertEquals(RuleResult.Status.FAIL, command.status());
            assertTrue(command.message().contains("pushes WAL to stanza 'other', not 'gov-wrong'"), command.message());
            assertTrue(command.fix().contains("--stanza=gov-wrong archive-push %p"), command.fix());
            RuleResult archiver = r.result("archiver").orElseThrow();
            assertEquals(RuleResult.Status.FAIL, archiver.status(), archiver.toString());
            assertTrue(archiver.message().contains("archiving fails"), archiver.message());
        }
    }
}
