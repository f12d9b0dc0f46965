package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.pitr.BackupRequest;
import dev.pitr.HealthCheck;
import dev.pitr.PgBackRest;
import dev.pitr.governance.BackupPolicy;
import dev.pitr.governance.HealthThresholds;
import dev.pitr.governance.RuleResult;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.operation.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

/** pitr:check's policy, thresholds and report directory, and pitr:backup's auto type by the policy. */
class GovernanceParametersTest {
    private static final String BERLIN = "full SAT 02:00, incr SUN-FRI 02:00 (Europe/Berlin)";
    private final MojoFixture f = new MojoFixture();
    private final PgBackRest pgbr = MojoFixture.pgBackRest("main");

    private CheckMojo check() {
        CheckMojo mojo = f.wire(new CheckMojo());
        mojo.stanza = "main";
        mojo.reportDirectory = f.reportDirectory.toString();
        f.loader = c -> pgbr;
        return mojo;
    }

    @Test
    void thresholdsDefaultToTheRunbookAndTheCommandLineWinsOverThePom() {
        CheckMojo mojo = check();
        HealthThresholds defaults = mojo.thresholds(f.resolver());
        assertEquals(HealthThresholds.defaults().toString(), defaults.toString());

        mojo.maxDrillAge = "P30D";
        mojo.minRetentionFull = 6;
        mojo.backupGrace = "PT0S";
        f.user.setProperty("pitr.check.maxDrillAge", "P7D");
        f.user.setProperty("pitr.check.maxBackupAge", "PT12H");
        f.user.setProperty("pitr.check.targetRpo", "PT1M");
        HealthThresholds t = mojo.thresholds(f.resolver());
        assertEquals(Duration.ofDays(7), t.drillMaxAge());
        assertEquals(6, t.minRetentionFull());
        assertEquals(Duration.ZERO, t.latestBackupGrace(), "a grace of zero means none");
        assertEquals(Duration.ofHours(12), t.latestBackupMaxAge());
        assertEquals(Duration.ofMinutes(1), t.targetRpo());
        assertEquals(HealthThresholds.defaults().fullBackupGrace(), t.fullBackupGrace());
        assertEquals(HealthThresholds.defaults().walArchiveGrace(), t.walArchiveGrace());
    }

    @Test
    void aBadThresholdIsABuildErrorNamingElementAndPropertyBeforeAnythingLoads() {
        CheckMojo mojo = check();
        f.user.setProperty("pitr.check.maxDrillAge", "92d");
        MojoExecutionException duration = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(duration.getMessage().startsWith("<maxDrillAge> (-Dpitr.check.maxDrillAge): '92d' is not an ISO-8601 "
                + "duration"), duration.getMessage());

        f.user.remove("pitr.check.maxDrillAge");
        f.user.setProperty("pitr.check.minRetentionFull", "0");
        MojoExecutionException count = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(count.getMessage().contains("<minRetentionFull> (-Dpitr.check.minRetentionFull)"), count.getMessage());
        assertEquals(0, f.loads);
    }

    @Test
    void thePolicyAndReportDirectoryReachTheHealthCheckAndTheMonitoringJsonIsWritten() throws Exception {
        CheckMojo mojo = check();
        f.user.setProperty("pitr.policy", BERLIN);
        HealthCheck health = MojoFixture.healthCheck(pgbr, RuleResult.pass("retention-full", "repo1 keeps 4"),
                RuleResult.warn("repository-encryption", "repo1 is not encrypted", "set repo1-cipher-type"));
        mojo.execute();
        verify(health).policy(BackupPolicy.parse(BERLIN));
        verify(health).reportDirectory(f.reportDirectory);
        verify(health).thresholds(any());
        Path json = f.reportDirectory.resolve("pitr-health.json");
        assertTrue(Files.readString(json).contains("\"status\" : \"WARN\""), Files.readString(json));
        assertTrue(f.infos.stream().anyMatch(l -> l.startsWith("repository-encryption  WARN  repo1 is not encrypted")),
                f.infos.toString());
        assertTrue(f.infos.contains("pitr:check passed for stanza 'main' with 1 warning(s): repository-encryption"),
                f.infos.toString());
    }

    @Test
    void withoutAPolicyTheCheckJudgesAgainstTheRunbook() throws Exception {
        CheckMojo mojo = check();
        HealthCheck health = MojoFixture.healthCheck(pgbr, RuleResult.pass("retention-full", "repo1 keeps 4"));
        mojo.execute();
        verify(health).policy(BackupPolicy.runbook(ZoneId.of("UTC")));
    }

    @Test
    void everyFailedRuleIsNamedWithItsFixAndTheJsonIsWrittenAnyway() throws Exception {
        CheckMojo mojo = check();
        MojoFixture.healthCheck(pgbr, RuleResult.fail("retention-full", "repo1-retention-full=2 keeps fewer than 4",
                "set repo1-retention-full=4"), RuleResult.pass("backup-errors", "none"),
                RuleResult.fail("restore-drill", "no PASSED restore drill", "run mvn pitr:restore-drill"));
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("pitr:check failed for stanza 'main': 2 rules FAILED: retention-full (repo1-retention-full=2 keeps "
                + "fewer than 4; fix: set repo1-retention-full=4); restore-drill (no PASSED restore drill; fix: run mvn "
                + "pitr:restore-drill)", e.getMessage());
        assertTrue(Files.readString(f.reportDirectory.resolve("pitr-health.json")).contains("\"status\" : \"FAIL\""));
    }

    @Test
    void aPolicyThatDoesNotParseIsABuildErrorNamingElementAndProperty() {
        CheckMojo mojo = check();
        f.user.setProperty("pitr.policy", "weekly");
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().contains("<policy> (-Dpitr.policy): cannot read 'weekly'"), e.getMessage());
        assertEquals(0, f.loads);
    }

    @Test
    void theReportDirectoryIsSharedWithTheDrillAndDefaultsToTargetPitrReportsWithoutAPom() {
        Path base = Path.of("/work/project");
        assertEquals(base.resolve("target/pitr-reports"),
                ReportDirectory.resolve(f.resolver(), "${project.build.directory}/pitr-reports", base));
        assertEquals(Path.of("/srv/reports"), ReportDirectory.resolve(f.resolver(), "/srv/reports", base));
        f.user.setProperty("pitr.reportDirectory", "drills");
        assertEquals(base.resolve("drills"), ReportDirectory.resolve(f.resolver(), "/srv/reports", base));
    }

    @Test
    void autoBackupFollowsThePolicyWhenOneIsConfiguredAndAnExplicitTypeIgnoresIt() throws Exception {
        BackupRequest request = backupRequest();
        BackupMojo mojo = f.wire(new BackupMojo());
        mojo.stanza = "main";
        mojo.policy = BERLIN;
        f.user.setProperty("pitr.backup.type", "auto");
        mojo.execute();
        verify(request).auto(BackupPolicy.parse(BERLIN));
        verify(request, never()).type(any());
        assertTrue(f.infos.stream().anyMatch(l -> l.contains("(auto: by the policy " + BackupPolicy.parse(BERLIN).describe() + ")")), f.infos.toString());

        BackupRequest explicit = backupRequest();
        f.user.setProperty("pitr.backup.type", "full");
        mojo.execute();
        verify(explicit).type(BackupType.FULL);
        verify(explicit, never()).auto(any());
    }

    private BackupRequest backupRequest() {
        BackupRequest request = mock(BackupRequest.class);
        f.loader = c -> pgbr;
        when(pgbr.backup()).thenReturn(request);
        when(request.run()).thenReturn(new BackupResult("20261126-120000F", BackupType.FULL, Instant.EPOCH, Instant.EPOCH,
                1, 1, 1, Map.of(), Optional.empty(), new CommandResult(List.of("pgbackrest"), 0, Duration.ZERO, List.of())));
        return request;
    }
}
