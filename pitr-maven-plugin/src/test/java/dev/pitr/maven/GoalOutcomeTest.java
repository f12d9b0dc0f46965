package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.pitr.BackupRequest;
import dev.pitr.HealthCheck;
import dev.pitr.PgBackRest;
import dev.pitr.RestoreDrillRequest;
import dev.pitr.config.Setting;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.drill.DrillTimings;
import dev.pitr.drill.StaleDrill;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.PgBackRestNotInstalledException;
import dev.pitr.error.PgBackRestTimeoutException;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.governance.RuleResult;
import dev.pitr.info.StanzaInfo;
import dev.pitr.info.StanzaStatus;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.operation.CommandPlan;
import dev.pitr.operation.CommandResult;
import dev.pitr.operation.Operation;
import dev.pitr.restore.RecoveryTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;

/** How goals turn configuration and pgBackRest outcomes into skips, BUILD FAILURE and BUILD ERROR. */
class GoalOutcomeTest {
    private final MojoFixture f = new MojoFixture();
    private final PgBackRest pgbr = MojoFixture.pgBackRest("main");

    private CheckMojo check() {
        CheckMojo mojo = f.wire(new CheckMojo());
        mojo.stanza = "main";
        mojo.reportDirectory = f.reportDirectory.toString();
        f.loader = c -> pgbr;
        MojoFixture.healthCheck(pgbr);
        return mojo;
    }

    /** The health check the goal runs answers with these results. */
    private HealthCheck healthReport(RuleResult... results) {
        return MojoFixture.healthCheck(pgbr, results);
    }

    @Test
    void globalSkipLogsWhyAndLoadsNothing() throws Exception {
        CheckMojo mojo = check();
        f.user.setProperty("pitr.skip", "true");
        mojo.execute();
        assertEquals(0, f.loads);
        assertEquals(List.of("Skipping pitr:check because <skip> (-Dpitr.skip) is true"), f.infos);
    }

    @Test
    void aGoalsOwnSkipFlagSkipsOnlyThatGoal() throws Exception {
        f.user.setProperty("pitr.check.skip", "");
        CheckMojo mojo = check();
        mojo.execute();
        assertEquals(List.of("Skipping pitr:check because <checkSkip> (-Dpitr.check.skip) is true"), f.infos);

        MojoFixture other = new MojoFixture();
        other.user.setProperty("pitr.check.skip", "true");
        BackupMojo backup = other.wire(new BackupMojo());
        backup.stanza = "main";
        other.user.setProperty("pitr.dryRun", "true");
        other.loader = c -> pgbr;
        BackupRequest request = mock(BackupRequest.class, Answers.RETURNS_SELF);
        when(pgbr.backup()).thenReturn(request);
        when(request.plan()).thenReturn(new CommandPlan(Operation.BACKUP, List.of("pgbackrest", "--stanza=main", "backup"),
                List.of()));
        backup.execute();
        assertEquals(1, other.loads);
    }

    @Test
    void theStanzaComesFromTheRunbookVariableWhenNothingElseSetsIt() {
        f.env.put("PGBACKREST_STANZA", "runbook");
        CheckMojo mojo = f.wire(new CheckMojo());
        assertEquals("runbook", mojo.stanza());
        mojo.stanza = "pom";
        assertEquals("pom", mojo.stanza());
        f.user.setProperty("pitr.stanza", "cli");
        assertEquals("cli", mojo.stanza());
    }

    @Test
    void aMissingStanzaIsABuildErrorNamingElementPropertyAndVariable() {
        CheckMojo mojo = f.wire(new CheckMojo());
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("<stanza> (-Dpitr.stanza): no stanza is configured"), e.getMessage());
        assertTrue(e.getMessage().contains("PGBACKREST_STANZA"), e.getMessage());
        assertEquals(0, f.loads);
    }

    @Test
    void aMissingConfigFileIsABuildErrorNamingElementAndProperty() {
        CheckMojo mojo = check();
        mojo.configFile = "/no/such/pgbackrest.conf";
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("<configFile> (-Dpitr.configFile): /no/such/pgbackrest.conf does not exist"),
                e.getMessage());
    }

    @Test
    void aCipherPassInThePomIsABuildErrorBeforeAnythingRuns() {
        CheckMojo mojo = check();
        mojo.cipherPass = "hunter2";
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("settings.xml"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"));
        assertEquals(0, f.loads);
    }

    @Test
    void aFailedRuleIsABuildFailureNamingTheRuleAndItsFixAfterTheTable() {
        CheckMojo mojo = check();
        healthReport(RuleResult.fail("pgbackrest-check", "WAL segment 000000010000000000000003 was not archived",
                "check archive_command"));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("pitr:check failed for stanza 'main': 1 rule FAILED: pgbackrest-check (WAL "
                + "segment 000000010000000000000003 was not archived; fix: check archive_command)"), e.getMessage());
        assertTrue(f.infos.stream().anyMatch(l -> l.startsWith("pgbackrest-check  FAIL")), f.infos.toString());
    }

    @Test
    void aFailedCheckWritesTheMetricsFileBeforeFailingTheBuild() throws Exception {
        CheckMojo mojo = check();
        java.nio.file.Path prom = f.reportDirectory.resolve("textfile/pitr-main.prom");
        mojo.metricsFile = prom.toString();
        when(pgbr.metrics()).thenReturn(dev.pitr.metrics.MetricsCollector.of(pgbr));
        healthReport(RuleResult.fail("pgbackrest-check", "not archived", "check archive_command"));
        assertThrows(MojoFailureException.class, mojo::execute);
        String text = java.nio.file.Files.readString(prom);
        assertTrue(text.contains("pitr_governance_rule_status{rule=\"pgbackrest-check\",stanza=\"main\"} 0\n"), text);
        assertTrue(text.contains("pitr_health_status{stanza=\"main\"} 2\n"), text);
        assertTrue(f.infos.contains("Metrics (Prometheus text): " + prom), f.infos.toString());
    }

    @Test
    void aMetricsFileNotEndingInPromIsABuildErrorBeforeAnythingRuns() {
        CheckMojo mojo = check();
        f.user.setProperty("pitr.metricsFile", "target/pitr-metrics.txt");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("<metricsFile> (-Dpitr.metricsFile): "), e.getMessage());
        assertTrue(e.getMessage().contains("*.prom"), e.getMessage());
        assertEquals(0, f.loads);
    }

    @Test
    void failOnErrorFalseTurnsAFailedCheckIntoWarnings() {
        CheckMojo mojo = check();
        f.user.setProperty("pitr.failOnError", "false");
        healthReport(RuleResult.fail("pgbackrest-check", "not archived", "check archive_command"));
        assertDoesNotThrow(mojo::execute);
        assertTrue(f.warnings.get(0).contains("pitr:check failed"), f.warnings.toString());
        assertTrue(f.warnings.get(1).contains("<failOnError> (-Dpitr.failOnError) is false"), f.warnings.toString());
    }

    @Test
    void pgBackRestMissingIsABuildErrorEvenWithFailOnErrorFalse() {
        CheckMojo mojo = check();
        mojo.failOnError = false;
        f.loader = c -> {
            throw new PgBackRestNotInstalledException("pgbackrest not found on PATH", null);
        };
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("<executable> (-Dpitr.executable)"), e.getMessage());
    }

    @Test
    void checkReadsInfoOnceAndHandsTheSnapshotToTheHealthCheck() throws Exception {
        CheckMojo mojo = check();
        StanzaInfo info = new StanzaInfo("main", new StanzaStatus(0, "ok"), false, Optional.empty(), List.of(), List.of(),
                List.of(), List.of());
        when(pgbr.stanzaInfo()).thenReturn(info);
        HealthCheck health = healthReport(RuleResult.pass("retention-full", "repo1 keeps 4"));
        mojo.execute();
        verify(pgbr, times(1)).stanzaInfo();
        verify(health).info(info);
    }

    @Test
    void aTimeoutIsABuildErrorNamingTheTimeoutParameter() {
        CheckMojo mojo = check();
        when(pgbr.stanzaInfo()).thenThrow(new PgBackRestTimeoutException("info ran past PT10S", Duration.ofSeconds(10), null));
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("<timeout> (-Dpitr.timeout)"), e.getMessage());
    }

    @Test
    void aCoreConfigurationErrorNamesThePluginParameter() {
        CheckMojo mojo = check();
        f.loader = c -> {
            throw new PitrConfigurationException(Setting.RUN_AS, "there is no OS user 'nobody2'", "create it");
        };
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("<runAsUser> (-Dpitr.runAsUser)"), e.getMessage());
    }

    @Test
    void pgBackRestRejectingItsOptionsIsABuildError() {
        CheckMojo mojo = check();
        when(pgbr.stanzaInfo()).thenThrow(new PgBackRestException(ErrorCode.OPTION_REQUIRED, "stanza option required"));
        assertThrows(MojoExecutionException.class, mojo::execute);
    }

    @Test
    void theBackupTypeFallsBackToTheRunbookVariableAndABadOneNamesTheProperty() throws Exception {
        BackupMojo mojo = f.wire(new BackupMojo());
        mojo.stanza = "main";
        f.loader = c -> pgbr;
        BackupRequest request = mock(BackupRequest.class);
        when(pgbr.backup()).thenReturn(request);
        when(request.run()).thenReturn(new BackupResult("20261126-120000F", BackupType.FULL, Instant.EPOCH, Instant.EPOCH,
                1, 1, 1, Map.of(), Optional.empty(), new CommandResult(List.of("pgbackrest"), 0, Duration.ZERO, List.of())));
        f.env.put("PGBACKREST_TYPE", "full");
        mojo.execute();
        verify(request).type(BackupType.FULL);

        f.user.setProperty("pitr.backup.type", "weekly");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("<backupType> (-Dpitr.backup.type): unknown backup type 'weekly'"),
                e.getMessage());
    }

    @Test
    void autoLeavesTheBackupTypeToPgBackRest() throws Exception {
        BackupMojo mojo = f.wire(new BackupMojo());
        mojo.stanza = "main";
        mojo.backupType = "auto";
        f.loader = c -> pgbr;
        f.user.setProperty("pitr.dryRun", "");
        BackupRequest request = mock(BackupRequest.class, Answers.RETURNS_SELF);
        when(pgbr.backup()).thenReturn(request);
        when(request.plan()).thenReturn(new CommandPlan(Operation.BACKUP, List.of("pgbackrest", "backup"),
                List.of("type: pgBackRest's default")));
        mojo.execute();
        verify(request, never()).type(any());
        verify(request, never()).auto(any());
        verify(request, never()).run();
        assertTrue(f.infos.stream().anyMatch(l -> l.equals("  command: pgbackrest backup")), f.infos.toString());
    }

    @Test
    void restoreWithoutTheStanzaRepeatedIsABuildErrorBeforeAnythingLoads() {
        RestoreMojo mojo = f.wire(new RestoreMojo());
        mojo.stanza = "main";
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("<restoreConfirm> (-Dpitr.restore.confirm): pitr:restore overwrites"),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Dpitr.restore.confirm=main"), e.getMessage());
        f.user.setProperty("pitr.restore.confirm", "other");
        MojoExecutionException wrong = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(wrong.getMessage().contains("('other' is not 'main')"), wrong.getMessage());
        assertEquals(0, f.loads);
    }

    @Test
    void drillParametersThatDoNotParseNameTheirElementAndProperty() {
        RestoreDrillMojo mojo = f.wire(new RestoreDrillMojo());
        mojo.stanza = "main";
        mojo.expectedRowCounts = Map.of("orders", "many");
        MojoExecutionException count = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(count.getMessage().startsWith("<expectedRowCounts> (-Dpitr.expectedRowCounts): the count of orders"),
                count.getMessage());
        mojo.expectedRowCounts = null;
        f.env.put("PITR_TARGET_TIME", "yesterday");
        MojoExecutionException target = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(target.getMessage().startsWith("<target> (-Dpitr.target)"), target.getMessage());
        assertEquals(0, f.loads);
    }

    @Test
    void amcheckParametersAreResolvedBeforeAnythingRunsAndBadOnesNameTheParameter() {
        RestoreDrillMojo mojo = f.wire(new RestoreDrillMojo());
        mojo.stanza = "main";
        mojo.amcheck = "sometimes";
        MojoExecutionException mode = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(mode.getMessage().startsWith("<amcheck> (-Dpitr.amcheck): 'sometimes' is not auto, true or false"),
                mode.getMessage());
        mojo.amcheck = "auto";
        f.user.setProperty("pitr.amcheckMaxSize", "lots");
        MojoExecutionException size = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(size.getMessage().startsWith("<amcheckMaxSize> (-Dpitr.amcheckMaxSize): 'lots' is not a size"),
                size.getMessage());
        assertEquals(0, f.loads);
    }

    @Test
    void anInterruptedDrillIsABuildErrorNeverABuildFailure() {
        RestoreDrillMojo mojo = drillAnswering(DrillStatus.INTERRUPTED,
                Optional.of("interrupted during recovery: the JVM is shutting down (SIGTERM, Ctrl-C or System.exit)"));
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("Restore drill of stanza 'main' was INTERRUPTED: interrupted during "
                + "recovery"), e.getMessage());
        assertTrue(e.getMessage().contains("it proves nothing either way"), e.getMessage());

        MojoFailureException failed = assertThrows(MojoFailureException.class,
                drillAnswering(DrillStatus.FAILED, Optional.of("rowCount:t: expected 1000, got 999"))::execute);
        assertTrue(failed.getMessage().startsWith("Restore drill of stanza 'main' FAILED: rowCount:t"), failed.getMessage());
    }

    @Test
    void anInterruptedPlannedDrillIsABuildErrorTooUnlessAnotherFailed() {
        f.user.setProperty("pitr.plan.selection", "latest");
        RestoreDrillMojo mojo = drillAnswering(DrillStatus.INTERRUPTED, Optional.of("interrupted during restore"));
        RestoreDrillRequest drill = pgbr.restoreDrill();
        DrillReport interrupted = drill.run();
        when(drill.runAll()).thenReturn(List.of(interrupted));
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("Restore drill of stanza 'main' was INTERRUPTED: the stanza (seed -): "
                + "interrupted during restore"), e.getMessage());

        DrillReport failed = report(DrillStatus.FAILED, Optional.of("rowCount:t: expected 1000, got 999"));
        when(drill.runAll()).thenReturn(List.of(interrupted, failed));
        assertThrows(MojoFailureException.class, mojo::execute, "a FAILED drill of the plan fails the build");
    }

    @Test
    void drillCleanupFailsTheBuildWhenAStaleDrillStaysAndItsDryRunOnlyLists() throws Exception {
        Path scratch = Path.of("/tmp/pitr-drill-main-abc");
        StaleDrill stale = new StaleDrill(scratch, "main", 4242, Instant.parse("2026-11-26T12:00:00Z"), Optional.of(4343L),
                1 << 20, false, "stale drill of stanza 'main' ...: could not delete it: permission denied");
        when(pgbr.cleanStaleDrills(any())).thenReturn(List.of(stale));
        when(pgbr.findStaleDrills(any())).thenReturn(List.of(stale));
        f.loader = c -> pgbr;
        DrillCleanupMojo mojo = f.wire(new DrillCleanupMojo());
        mojo.stanza = "main";
        mojo.drillDirectory = "/tmp";
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().contains("1 stale drill(s) could not be removed: [" + scratch + "]"), e.getMessage());

        f.user.setProperty("pitr.dryRun", "true");
        f.infos.clear();
        mojo.execute();
        verify(pgbr, times(1)).cleanStaleDrills(any());
        assertTrue(f.infos.contains("Dry run: 1 stale drill(s) in /tmp would be cleaned up; nothing was touched"),
                f.infos.toString());
    }

    /** A restore-drill goal whose drill ends with this status. */
    private RestoreDrillMojo drillAnswering(DrillStatus status, Optional<String> failure) {
        RestoreDrillRequest drill = mock(RestoreDrillRequest.class, Answers.RETURNS_SELF);
        when(pgbr.restoreDrill()).thenReturn(drill);
        when(drill.run()).thenReturn(report(status, failure));
        f.loader = c -> pgbr;
        RestoreDrillMojo mojo = f.wire(new RestoreDrillMojo());
        mojo.stanza = "main";
        return mojo;
    }

    private static DrillReport report(DrillStatus status, Optional<String> failure) {
        Instant t = Instant.parse("2026-11-26T12:00:00Z");
        return new DrillReport(status, "main", RecoveryTarget.latest(), "20261126-120000F", Optional.empty(), t, t,
                new DrillTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO), List.of(), "2.45", "", failure, List.of());
    }

    @Test
    void sizesTakeDecimalAndBinaryUnits() {
        assertEquals(100_000_000_000L, ByteSize.parse(Param.AMCHECK_MAX_SIZE, "100GB"));
        assertEquals(1_500_000_000L, ByteSize.parse(Param.AMCHECK_MAX_SIZE, "1.5 GB"));
        assertEquals(2L << 40, ByteSize.parse(Param.AMCHECK_MAX_SIZE, "2TiB"));
        assertEquals(750_000_000L, ByteSize.parse(Param.AMCHECK_MAX_SIZE, "750mb"));
        assertEquals(1048576L, ByteSize.parse(Param.AMCHECK_MAX_SIZE, "1048576"));
    }
}
