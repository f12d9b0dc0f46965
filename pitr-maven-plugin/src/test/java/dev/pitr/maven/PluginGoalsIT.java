package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.metrics.Promtool;
import dev.pitr.sandbox.SandboxCluster;
import dev.pitr.sandbox.SandboxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real Maven builds of a project that only declares the plugin, against a real sandbox cluster and stanza
 * the harness created: help, check failing, backup full then incr with info, skip and dry run, restore
 * refused without confirmation, restore drill passing and failing, then the governance check passing with
 * the drill's report directory and failing for retention-full=2 without drill history.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PluginGoalsIT {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.of(SandboxCluster.builder().stanza("plugin").fsync(false));

    static SandboxCluster sandbox;
    static Path brokenConfig;
    static Path retention2Config;

    @BeforeAll
    static void start() throws IOException {
        sandbox = SANDBOX.cluster();
        // A second stanza on the same server whose repository was never created: pgbackrest check fails for it.
        brokenConfig = sandbox.directory().resolve("broken.conf");
        Files.writeString(brokenConfig, Files.readString(sandbox.configFile()) + "\n[broken]\npg1-path="
                + sandbox.dataDirectory() + "\npg1-port=" + sandbox.port() + "\npg1-socket-path="
                + sandbox.socketDirectory() + "\n");
        // The same stanza, configured to keep only 2 full backups: what issue 5's governance check must catch.
        String config = Files.readString(sandbox.configFile());
        assertTrue(config.contains("repo1-retention-full=4"), config);
        retention2Config = sandbox.directory().resolve("retention2.conf");
        Files.writeString(retention2Config, config.replace("repo1-retention-full=4", "repo1-retention-full=2"));
    }

    private static MavenBuild project(String name) {
        return MavenBuild.project("basic", name, Map.of("stanza", sandbox.stanza(), "configFile",
                sandbox.configFile().toString(), "runAsUser", sandbox.user()));
    }

    @Test
    @Order(1)
    void helpListsEveryGoalThroughThePluginPrefix() {
        MavenBuild.Result r = project("help").run("pitr:help");
        r.assertSuccess();
        for (String goal : new String[] {"pitr:backup", "pitr:check", "pitr:expire", "pitr:info", "pitr:stanza-create",
                "pitr:verify", "pitr:restore", "pitr:restore-drill", "pitr:drill-cleanup", "pitr:evidence",
                "pitr:audit-verify"}) {
            r.assertLogContains(goal);
        }
    }

    @Test
    @Order(3)
    void checkOfAStanzaWithoutRepositoryIsABuildFailure() {
        MavenBuild.Result r = project("check-fail").run("pitr:check", "-Dpitr.stanza=broken",
                "-Dpitr.configFile=" + brokenConfig);
        r.assertFailure();
        r.assertLogMatches("pgbackrest-check\\s+FAIL");
        r.assertLogContains("pitr:check failed for stanza 'broken'");
    }

    @Test
    @Order(4)
    void failOnErrorFalseKeepsTheBuildGreenWithAWarning() {
        MavenBuild.Result r = project("check-warn").run("pitr:check", "-Dpitr.stanza=broken",
                "-Dpitr.configFile=" + brokenConfig, "-Dpitr.failOnError=false");
        r.assertSuccess();
        r.assertLogContains("[WARNING] pitr:check failed for stanza 'broken'");
    }

    @Test
    @Order(5)
    void backupFullThenIncrThenInfoShowsBothAndTheRecoveryWindow() throws IOException {
        sandbox.execute("create table t(id int)", "insert into t select generate_series(1, 100)");
        MavenBuild build = project("backup");
        // The runbook's order on a new stanza: stanza-create, the first full backup, check. No drill is due yet.
        MavenBuild.Result r = build.run("pitr:backup@full", "pitr:check", "pitr:backup@incr", "pitr:info",
                "-Dpitr.metricsFile=target/textfile/pitr.prom");
        r.assertSuccess();
        r.assertLogMatches("\\[INFO\\] restore-drill\\s+PASS\\s+no restore drill of stanza 'plugin' on record yet: "
                + "first drill due by ");
        r.assertLogContains("pitr:check passed for stanza 'plugin'");
        r.assertLogContains("F (full) completed");
        r.assertLogContains("I (incr) completed");
        r.assertLogContains("Recovery window: from ");
        assertEquals(2, sandbox.pgBackRest().stanzaInfo().backups().size());
        // Any goal writes the metrics on request, after it ran: the last one (info) saw both backups.
        Path prom = build.directory().resolve("target/textfile/pitr.prom");
        r.assertLogContains("Metrics (Prometheus text): " + prom);
        String text = Files.readString(prom);
        assertTrue(text.contains("pgbackrest_backup_last_size_bytes{backup_type=\"incr\",stanza=\"plugin\"} "), text);
        Promtool.Result check = Promtool.checkMetrics(text);
        assertTrue(check.ok(), check.output() + "\n" + text);
    }

    @Test
    @Order(6)
    void skipFlagsAndDryRunRunNothing() {
        int before = sandbox.pgBackRest().stanzaInfo().backups().size();
        MavenBuild.Result skipped = project("skip").run("pitr:check", "pitr:backup", "-Dpitr.skip");
        skipped.assertSuccess();
        skipped.assertLogContains("Skipping pitr:check because <skip> (-Dpitr.skip) is true");
        skipped.assertLogContains("Skipping pitr:backup because <skip> (-Dpitr.skip) is true");

        Path restoreInto = MavenBuild.WORK.resolve("never-restored");
        MavenBuild.Result dry = project("dry-run").run("pitr:check", "pitr:backup", "pitr:restore", "pitr:evidence",
                "-Dpitr.check.skip", "-Dpitr.dryRun", "-Dpitr.backup.type=diff", "-Dpitr.restoreDirectory=" + restoreInto,
                "-Dpitr.evidence.from=2026-10-01", "-Dpitr.evidence.to=2026-12-31");
        dry.assertSuccess();
        dry.assertLogContains("Skipping pitr:check because <checkSkip> (-Dpitr.check.skip) is true");
        dry.assertLogContains("backup plan (dry run, nothing was run)");
        dry.assertLogContains("--type=diff backup");
        dry.assertLogContains("restore plan (dry run, nothing was touched)");
        dry.assertLogContains("--pg1-path=" + restoreInto);
        assertFalse(Files.exists(restoreInto.resolve("PG_VERSION")));
        dry.assertLogContains("evidence plan (dry run, nothing was run)");
        dry.assertLogContains("period:     2026-10-01 to 2026-12-31");
        dry.assertLogMatches("writes:\\s+\\S+pitr-evidence-plugin-2026-10-01-2026-12-31\\.md");
        assertFalse(Files.exists(project("dry-run").directory().resolve(
                "target/pitr-reports/pitr-evidence-plugin-2026-10-01-2026-12-31.json")), "a plan writes nothing");
        assertEquals(before, sandbox.pgBackRest().stanzaInfo().backups().size());
    }

    @Test
    @Order(6)
    void aDrillDryRunPrintsCoresPlanWithTheSetAndRefusesWhatTheRunRefuses() {
        String full = sandbox.pgBackRest().stanzaInfo().fullBackups().get(0).label();
        MavenBuild.Result plan = project("drill-dry").run("pitr:restore-drill", "-Dpitr.dryRun",
                "-Dpitr.restoreDrill.set=" + full);
        plan.assertSuccess();
        plan.assertLogContains("restore drill plan (dry run, nothing was touched)");
        plan.assertLogContains("--set=" + full);
        plan.assertLogContains("backup set: " + full);
        plan.assertLogContains("checks:     review, restore, recovery, walReplay");
        // Without a drillDirectory a drill this small restores into memory wherever /dev/shm is a tmpfs with room.
        plan.assertLogMatches("place:      (in memory \\(/dev/shm\\): needs|on disk in /tmp: )");
        plan.assertLogMatches("\\[ok\\] drill-directory: the OS user " + sandbox.user() + " can reach (/tmp|/dev/shm)");
        plan.assertLogMatches("\\[ok\\] disk-space: the drill needs ");
        assertFalse(Files.exists(project("drill-dry").directory().resolve("target/pitr-reports")), "a plan writes nothing");

        MavenBuild.Result future = project("drill-dry-2030").run("pitr:restore-drill", "-Dpitr.dryRun",
                "-Dpitr.target=2030-01-01T00:00:00Z");
        future.assertError();
        future.assertLogContains("[REFUSED] target-window: target 2030-01-01 00:00:00.000000+00 is in the future");
        future.assertLogContains("<target> (-Dpitr.target): restore drill refused before anything was written: target "
                + "2030-01-01 00:00:00.000000+00 is in the future");
        // the run throws the same refusal (DrillBeforeWritingIT compares the two in core)
    }

    @Test
    @Order(7)
    void restoreWithoutTheStanzaRepeatedIsRefusedBeforeAnythingRuns() {
        MavenBuild.Result r = project("restore-unconfirmed").run("pitr:restore", "-Dpitr.restore.confirm=wrong");
        r.assertError();
        r.assertLogContains("<restoreConfirm> (-Dpitr.restore.confirm): pitr:restore overwrites a data directory");
        r.assertLogContains("pass -Dpitr.restore.confirm=plugin");
    }

    @Test
    @Order(8)
    void restoreDrillPassesPrintsChecksAndTimingsAndWritesReports() {
        MavenBuild build = drillProject("drill-ok", 100);
        MavenBuild.Result r = build.run("verify");
        r.assertSuccess();
        r.assertLogContains("rowCount:t");
        r.assertLogContains("Timings: restore ");
        r.assertLogMatches("WAL replayed: [0-9A-F]{24}\\.\\.[0-9A-F]{24} \\(\\d+ segments, \\d+ bytes\\) to LSN ");
        r.assertLogContains("Restore drill of stanza 'plugin' PASSED");
        Path reports = build.directory().resolve("target/pitr-reports");
        for (String file : new String[] {"pitr-drill-report.json", "pitr-drill-report.md", "TEST-pitr-restore-drill.xml"}) {
            assertTrue(Files.isRegularFile(reports.resolve(file)), file + " missing in " + reports);
        }
    }

    @Test
    @Order(9)
    void restoreDrillWithAWrongExpectedRowCountIsABuildFailure() {
        MavenBuild.Result r = drillProject("drill-wrong-count", 100).run("verify", "-Dpitr.expectedRowCounts=t=999");
        r.assertFailure();
        r.assertLogContains("Restore drill of stanza 'plugin' FAILED");
        r.assertLogContains("table t has 100 rows, expected = 999");
        r.assertLogContains("rowCount:t         FAILED");
    }

    @Test
    @Order(13)
    void drillCleanupOfADirectoryWithoutStaleDrillsSaysSoAndSucceeds() throws IOException {
        Path empty = Files.createTempDirectory("pitr-drill-cleanup-");
        try {
            MavenBuild.Result r = project("drill-cleanup").run("pitr:drill-cleanup", "-Dpitr.drillDirectory=" + empty);
            r.assertSuccess();
            r.assertLogContains("No stale drills in " + empty);
        } finally {
            Files.deleteIfExists(empty);
        }
    }

    private static MavenBuild drillProject(String name, long rows) {
        return MavenBuild.project("drill", name, Map.of("stanza", sandbox.stanza(), "configFile",
                sandbox.configFile().toString(), "runAsUser", sandbox.user(), "rows", Long.toString(rows)));
    }

    @Test
    @Order(10)
    void aBadParameterIsABuildErrorNamingElementAndProperty() {
        MavenBuild.Result r = project("bad-timeout").run("pitr:check", "-Dpitr.timeout=10min");
        r.assertError();
        r.assertLogContains("<timeout> (-Dpitr.timeout): '10min' is not an ISO-8601 duration");
    }

    @Test
    @Order(11)
    void checkPassesEveryRuleButTheUnencryptedPosixRepositoryAndWritesTheMonitoringJson() throws IOException {
        // The drill of @Order(8) wrote its PASSED report there: the restore-drill rule finds it.
        Path drillReports = MavenBuild.WORK.resolve("drill-ok/target/pitr-reports");
        MavenBuild build = project("check-ok");
        MavenBuild.Result r = build.run("pitr:check", "-Dpitr.reportDirectory=" + drillReports,
                "-Dpitr.check.maxDrillAge=P1D", "-Dpitr.policy=full SUN 01:00, incr MON-SAT 01:00 (UTC)",
                "-Dpitr.metricsFile=target/textfile/pitr-plugin.prom");
        r.assertSuccess();
        for (String rule : new String[] {"pgbackrest-check", "database-connection", "archive-mode", "wal-level",
                "archive-command", "archive-timeout", "max-wal-senders", "archiver", "data-checksums", "stanza-info",
                "retention-full", "full-backup-age", "latest-backup-age", "wal-archive-current", "backup-errors",
                "restore-drill"}) {
            r.assertLogMatches("\\[INFO\\] " + rule + "\\s+PASS ");
        }
        r.assertLogMatches("\\[INFO\\] repository-encryption\\s+WARN ");
        r.assertLogContains("pitr:check passed for stanza 'plugin' with 1 warning(s): repository-encryption");
        String json = Files.readString(drillReports.resolve("pitr-health.json"));
        assertTrue(json.contains("\"status\" : \"WARN\"") && json.contains("\"lastDrillStatus\" : \"PASSED\""), json);

        // The textfile holds the same check's figures, as of the same instant, and promtool accepts it.
        String text = Files.readString(build.directory().resolve("target/textfile/pitr-plugin.prom"));
        Promtool.Result check = Promtool.checkMetrics(text);
        assertTrue(check.ok(), check.output() + "\n" + text);
        JsonNode metrics = new ObjectMapper().readTree(json).path("metrics");
        assertEquals(metrics.path("lastDrillAgeSeconds").asLong(),
                (long) Math.floor(promValue(text, "pitr_drill_last_success_age_seconds{stanza=\"plugin\"}")), text);
        assertEquals(metrics.path("lastBackupAgeSeconds").asLong(), (long) Math.floor(promValue(text,
                "pgbackrest_backup_since_last_completion_seconds{backup_type=\"incr\",stanza=\"plugin\"}")), text);
        assertEquals(metrics.path("lastFullBackupAgeSeconds").asLong(), (long) Math.floor(promValue(text,
                "pgbackrest_backup_since_last_completion_seconds{backup_type=\"full\",stanza=\"plugin\"}")), text);
        assertEquals(1, promValue(text, "pitr_governance_rule_status{rule=\"restore-drill\",stanza=\"plugin\"}"));
        assertEquals(1, promValue(text, "pitr_governance_rule_warning{rule=\"repository-encryption\",stanza=\"plugin\"}"));
        assertTrue(promValue(text, "pitr_drill_rto_seconds{stanza=\"plugin\"}") > 0, text);
    }

    /** The value of one series (name and labels exactly as rendered) in a Prometheus text. */
    static double promValue(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .orElseThrow(() -> new AssertionError(series + " not in\n" + text));
    }

    @Test
    @Order(12)
    void retentionFullTwoAndAnOverdueFirstDrillFailTheBuildNamingBothRulesAndTheirFixes() throws IOException {
        MavenBuild build = project("check-governance");
        // No drill on record, and the first one was due a second after the first backup: overdue.
        MavenBuild.Result r = build.run("pitr:check", "-Dpitr.configFile=" + retention2Config,
                "-Dpitr.check.maxDrillAge=PT1S");
        r.assertFailure();
        r.assertLogMatches("retention-full\\s+FAIL ");
        r.assertLogMatches("restore-drill\\s+FAIL ");
        r.assertLogContains("pitr:check failed for stanza 'plugin': 2 rules FAILED: retention-full (");
        r.assertLogContains("fix: keep at least 4 full backups: set repo1-retention-full=4");
        r.assertLogContains("); restore-drill (no PASSED restore drill of stanza 'plugin' on record");
        r.assertLogContains("the first drill was due by ");
        r.assertLogContains("fix: run a restore drill at least every ");
        String json = Files.readString(build.directory().resolve("target/pitr-reports/pitr-health.json"));
        assertTrue(json.contains("\"status\" : \"FAIL\""), json);
    }

    @Test
    @Order(13)
    void aDrillThenEvidenceThenAuditVerifyAndAChangedAuditLineIsABuildFailureNamingIt() throws IOException {
        MavenBuild build = project("evidence");
        // A rerun without mvn clean finds the last run's (tampered) log and history: start from nothing.
        dev.pitr.internal.os.Ownership.deleteTree(build.directory().resolve("audit"));
        dev.pitr.internal.os.Ownership.deleteTree(build.directory().resolve("target"));
        MavenBuild.Result r = build.run("pitr:restore-drill", "pitr:evidence", "pitr:audit-verify",
                "-Dpitr.auditLog=audit/pitr-audit.jsonl");
        r.assertSuccess();
        r.assertLogContains("Restore drill of stanza 'plugin' PASSED");
        r.assertLogMatches("Evidence of stanza 'plugin' from \\d{4}-\\d{2}-01 to \\d{4}-\\d{2}-\\d{2}: 1 drill\\(s\\), 1 PASSED");
        r.assertLogContains("audit log chain intact");
        r.assertLogContains("pitr:audit-verify: audit log chain intact");
        Path reports = build.directory().resolve("target/pitr-reports");
        try (var files = Files.list(reports)) {
            assertEquals(2, files.filter(f -> f.getFileName().toString().matches("pitr-evidence-plugin-.*\\.(json|md)"))
                    .count());
        }

        Path audit = build.directory().resolve("audit/pitr-audit.jsonl");
        java.util.List<String> lines = Files.readAllLines(audit);
        lines.set(1, lines.get(1).replace("\"durationMs\":", "\"durationMs\":1")); // one character more
        Files.write(audit, lines);
        MavenBuild.Result broken = build.run("pitr:audit-verify", "-Dpitr.auditLog=audit/pitr-audit.jsonl");
        broken.assertFailure();
        broken.assertLogContains("line 2 of " + audit + " was changed");
    }

    @Test
    @Order(14)
    void aPlannedDrillPrintsAndRecordsItsSeedAndOneThatCannotStartInItsWindowIsSkippedWithAWarning() throws IOException {
        MavenBuild build = project("planned");
        MavenBuild.Result r = build.run("pitr:restore-drill", "-Dpitr.plan.selection=random", "-Dpitr.plan.target=end",
                "-Dpitr.plan.seed=4711");
        r.assertSuccess();
        r.assertLogContains("Restore drill of stanza 'plugin' by plan: random backup of the last 30 day(s)");
        r.assertLogContains("seed 4711 (replay with -Dpitr.plan.seed=4711)");
        r.assertLogContains("Restore drill of repo1 (seed 4711) PASSED");
        String json = Files.readString(build.directory().resolve("target/pitr-reports/pitr-drill-report.json"));
        assertTrue(json.contains("\"seed\" : 4711") && json.contains("\"target\" : \"immediate\""), json);

        MavenBuild.Result late = build.run("pitr:restore-drill", "-Dpitr.plan.startWindow=PT1H",
                "-Dpitr.plan.scheduledAt=" + java.time.Instant.now().minus(java.time.Duration.ofHours(2)));
        late.assertSuccess();
        late.assertLogContains("[WARNING] Restore drill of repo1 (seed ");
        late.assertLogContains("SKIPPED: the drill was due at ");
    }
}
