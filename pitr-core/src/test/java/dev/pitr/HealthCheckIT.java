package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.audit.AuditEntry;
import dev.pitr.audit.AuditOutcome;
import dev.pitr.config.Secret;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.governance.BackupPolicy;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.HealthThresholds;
import dev.pitr.governance.RuleResult;
import dev.pitr.internal.os.Ownership;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.sandbox.SandboxCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real PostgreSQL + pgBackRest: a correctly configured, encrypted sandbox passes every rule; drill
 * history, backup ages and thresholds flip single rules; the audit log records every command.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthCheckIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final BackupPolicy POLICY = BackupPolicy.runbook(ZoneOffset.UTC);
    static Path work;
    static Path reports;
    static Path auditFile;
    static SandboxCluster sandbox;
    static PgBackRest pgbr;
    static BackupResult full;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("pitr-health-");
        reports = work.resolve("reports");
        auditFile = work.resolve("audit/pitr-audit.jsonl");
        sandbox = SandboxCluster.builder().stanza("gov-ok").retentionFull(4).cipher(Secret.of("correct horse battery staple"))
                .configure(c -> c.auditLog(auditFile))
                .start();
        pgbr = sandbox.pgBackRest();
        pgbr.stanzaCreate();
        full = pgbr.backup().auto(POLICY).run();
        writeDrill(reports, "gov-ok", "PASSED", Instant.now().minus(Duration.ofDays(1)));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        Ownership.deleteTree(work);
    }

    static void writeDrill(Path dir, String stanza, String status, Instant finishedAt) throws Exception {
        Path history = Files.createDirectories(dir.resolve("history"));
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(finishedAt);
        String json = "{\"status\":\"" + status + "\",\"stanza\":\"" + stanza + "\",\"finishedAt\":\"" + finishedAt
                + "\",\"target\":\"latest\"}";
        Files.writeString(history.resolve("pitr-drill-" + stanza + "-" + stamp + ".json"), json);
    }

    static Map<String, RuleResult.Status> statuses(HealthReport r) {
        return r.results().stream().collect(Collectors.toMap(RuleResult::rule, RuleResult::status, (a, b) -> a,
                java.util.LinkedHashMap::new));
    }

    @Test
    @Order(1)
    void aCorrectlyConfiguredSandboxPassesEveryRule() throws Exception {
        assertEquals(BackupType.FULL, full.type(), "auto promotes to full when the repository holds none");
        HealthReport report = pgbr.healthCheck().policy(POLICY).reportDirectory(reports).run();
        System.out.println(report.toTable());
        assertEquals(List.of("pgbackrest-check", "database-connection", "archive-mode", "wal-level", "archive-command",
                "archive-timeout", "max-wal-senders", "archiver", "data-checksums", "stanza-info", "retention-full",
                "repository-encryption", "full-backup-age", "latest-backup-age", "wal-archive-current", "backup-errors",
                "restore-drill", "backup-timeline"), List.copyOf(statuses(report).keySet()));
        for (RuleResult r : report.results()) {
            assertEquals(RuleResult.Status.PASS, r.status(), r.toString());
        }
        assertFalse(report.failed());

        JsonNode json = JSON.readTree(report.toJson());
        assertEquals("PASS", json.get("status").asText());
        assertEquals(18, json.get("pass").asInt());
        JsonNode m = json.get("metrics");
        assertTrue(m.get("lastBackupAgeSeconds").asLong() < 600, m.toString());
        assertEquals(0, m.get("walArchiveLagSeconds").asLong(), m.toString());
        assertEquals(full.stop().toString(), m.get("recoveryWindow").get("earliest").asText());
        // Two instants: the server's pg_stat_archiver knows when the newest WAL reached the archive.
        assertEquals("ARCHIVER", m.get("recoveryWindow").get("latestSource").asText(), m.toString());
        assertTrue(!Instant.parse(m.get("recoveryWindow").get("latest").asText()).isBefore(full.stop()), m.toString());
        assertTrue(m.get("lastDrillAgeSeconds").asLong() >= 86_400, m.toString());
        assertEquals("PASSED", m.get("lastDrillStatus").asText());
    }

    @Test
    @Order(2)
    void everyPgBackRestCommandLeftOneAuditLineWithoutTheCipherPass() throws Exception {
        String text = Files.readString(auditFile);
        assertFalse(text.contains("correct horse"), "the cipher pass must never be written");
        List<AuditEntry> entries = pgbr.auditLog().orElseThrow().entries();
        List<String> ops = entries.stream().map(AuditEntry::operation).toList();
        assertTrue(ops.containsAll(List.of("stanza-create", "info", "backup", "check")), ops.toString());
        AuditEntry backup = entries.stream().filter(e -> e.operation().equals("backup")).findFirst().orElseThrow();
        assertEquals(AuditOutcome.SUCCESS, backup.outcome());
        assertEquals(Optional.of(full.label()), backup.backupLabel());
        assertEquals("gov-ok", backup.stanza());
        assertTrue(backup.argv().contains("--type=full"), backup.argv().toString());
        assertTrue(backup.durationMs() > 0);
        assertEquals(System.getProperty("user.name"), backup.user());
        assertEquals(entries.size(), Files.readAllLines(auditFile).size());
    }

    @Test
    @Order(3)
    void anAutoBackupWithAFreshFullFollowsTheSchedule() {
        BackupType expected = POLICY.typeFor(Instant.now().atZone(ZoneOffset.UTC));
        BackupResult b = pgbr.backup().auto(POLICY).run();
        assertEquals(expected, b.type());
    }

    @Test
    @Order(4)
    void agesAreJudgedAgainstTheClock() {
        HealthCheck check = pgbr.healthCheck().policy(POLICY).reportDirectory(reports).pgBackRestCheck(false);
        HealthReport nineDays = check.clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(9))).run();
        Map<String, RuleResult.Status> s = statuses(nineDays);
        assertEquals(RuleResult.Status.FAIL, s.get("full-backup-age"), nineDays.toTable());
        assertEquals(RuleResult.Status.FAIL, s.get("latest-backup-age"), nineDays.toTable());
        assertEquals(RuleResult.Status.PASS, s.get("restore-drill"), nineDays.toTable());
        assertTrue(nineDays.result("full-backup-age").orElseThrow().fix().contains("--type=full backup"));

        HealthReport stale = check.clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(100))).run();
        RuleResult drill = stale.result("restore-drill").orElseThrow();
        assertEquals(RuleResult.Status.FAIL, drill.status(), stale.toTable());
        assertTrue(drill.message().contains("limit 92d"), drill.message());
    }

    @Test
    @Order(5)
    void aStaleOrFailedDrillHistoryFailsAndAnnotationsOrTheAuditLogCount() throws Exception {
        Path staleDir = work.resolve("stale-reports");
        writeDrill(staleDir, "gov-ok", "PASSED", Instant.now().minus(Duration.ofDays(100)));
        writeDrill(staleDir, "gov-ok", "FAILED", Instant.now().minus(Duration.ofDays(2)));
        writeDrill(staleDir, "other-stanza", "PASSED", Instant.now().minus(Duration.ofDays(1)));
        HealthCheck check = pgbr.healthCheck().policy(POLICY).reportDirectory(staleDir).pgBackRestCheck(false)
                .preflight(false);
        RuleResult stale = check.run().result("restore-drill").orElseThrow();
        assertEquals(RuleResult.Status.FAIL, stale.status(), stale.toString());
        assertTrue(stale.message().contains("100d ago"), stale.message());

        // The drill may annotate the backup set it restored.
        pgbr.annotate(full.label(), Map.of("pitr-drill", "PASSED " + Instant.now().minus(Duration.ofHours(3))));
        RuleResult annotated = check.run().result("restore-drill").orElseThrow();
        assertEquals(RuleResult.Status.PASS, annotated.status(), annotated.toString());
        assertTrue(annotated.message().contains("annotation on backup " + full.label()), annotated.message());
        pgbr.annotate(full.label(), Map.of("pitr-drill", ""));
        assertEquals(RuleResult.Status.FAIL, check.run().result("restore-drill").orElseThrow().status());

        // Or record it in the audit log.
        pgbr.auditLog().orElseThrow().append(AuditEntry.of("restore-drill", "gov-ok", AuditOutcome.PASSED)
                .withBackupLabel(full.label()).withDetail("drill report"));
        RuleResult audited = check.run().result("restore-drill").orElseThrow();
        assertEquals(RuleResult.Status.PASS, audited.status(), audited.toString());
        assertTrue(audited.message().contains("audit log"), audited.message());
    }

    @Test
    @Order(6)
    void anArchiveTimeoutAboveTheTargetRpoFails() {
        HealthReport r = pgbr.preflight().thresholds(HealthThresholds.defaults().targetRpo(Duration.ofSeconds(30))).run();
        RuleResult t = r.result("archive-timeout").orElseThrow();
        assertEquals(RuleResult.Status.FAIL, t.status(), t.toString());
        assertTrue(t.message().contains("60 s exceeds the target RPO of 30 s"), t.message());
    }

    @Test
    @Order(7)
    void thePostgresqlConfLinesNameThisStanza() {
        String conf = pgbr.preflight().postgresqlConf();
        assertTrue(conf.contains("archive_mode = on\n"), conf);
        assertTrue(conf.contains("archive_command = '" + sandbox.archiveCommand() + "'\n"), conf);
        assertTrue(conf.contains("archive_timeout = 60\nwal_level = replica\nmax_wal_senders = 10\n"), conf);
    }

    @Test
    @Order(8)
    void aRealRestoreDrillIsFoundInItsReportsTheAuditLogAndTheBackupAnnotation() {
        Path drillReports = work.resolve("drill-reports");
        DrillReport drill = pgbr.restoreDrill().reportDirectory(drillReports).annotateBackup(true).run();
        assertEquals(DrillStatus.PASSED, drill.status(), drill.toString());

        var history = dev.pitr.internal.health.DrillHistory.read("gov-ok", Optional.of(drillReports), Optional.empty(),
                Optional.empty());
        assertEquals(drill.finishedAt(), history.lastPassed().orElseThrow().finishedAt());
        AuditEntry audited = pgbr.auditLog().orElseThrow().latest("restore-drill", "gov-ok").orElseThrow();
        assertEquals(AuditOutcome.PASSED, audited.outcome());
        assertEquals(drill.finishedAt(), audited.time());
        assertEquals(Optional.of(drill.backupSet()), audited.backupLabel());
        var annotated = dev.pitr.internal.health.DrillHistory.read("gov-ok", Optional.empty(), Optional.empty(),
                Optional.of(pgbr.stanzaInfo()));
        assertEquals(drill.finishedAt(), annotated.lastPassed().orElseThrow().finishedAt());

        HealthReport report = pgbr.healthCheck().policy(POLICY).reportDirectory(drillReports).pgBackRestCheck(false).run();
        assertEquals(RuleResult.Status.PASS, report.result("restore-drill").orElseThrow().status(), report.toTable());
        assertTrue(report.metrics().lastDrillAge().orElseThrow().compareTo(Duration.ofMinutes(5)) < 0);
    }

    @Test
    @Order(9)
    void aConfigFileHoldingTheCipherPassReadableByOthersFailsRepositoryEncryption() throws Exception {
        // Issue 13 item 8: the repository is encrypted, but its key sat in a 0644 file every local user could read.
        Path conf = work.resolve("with-pass.conf");
        String text = Files.readString(sandbox.configFile()).replace("[global]\n",
                "[global]\nrepo1-cipher-pass=correct horse battery staple\n");
        Ownership.writePrivateFile(conf, text, Optional.of(sandbox.user()));
        Files.setPosixFilePermissions(conf, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        PgBackRest fromFile = PgBackRest.configure().stanza("gov-ok").configFile(conf).runAs(sandbox.user()).load();
        HealthCheck check = fromFile.healthCheck().policy(POLICY).reportDirectory(reports).pgBackRestCheck(false)
                .preflight(false);
        RuleResult open = check.run().result("repository-encryption").orElseThrow();
        assertEquals(RuleResult.Status.FAIL, open.status(), open.toString());
        assertTrue(open.message().contains(conf + " holds repo1-cipher-pass and is readable by its group and every "
                + "local user (mode rw-r--r--)"), open.message());
        assertTrue(open.fix().startsWith("chmod 600 " + conf), open.fix());
        assertFalse((open.message() + open.fix()).contains("correct horse"), "names the option, never the value");

        Files.setPosixFilePermissions(conf, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        RuleResult closed = check.run().result("repository-encryption").orElseThrow();
        assertEquals(RuleResult.Status.PASS, closed.status(), closed.toString());
    }
}
