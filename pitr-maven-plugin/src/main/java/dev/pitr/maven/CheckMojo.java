package dev.pitr.maven;

import dev.pitr.HealthCheck;
import dev.pitr.PgBackRest;
import dev.pitr.error.PgBackRestException;
import dev.pitr.governance.BackupPolicy;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.HealthThresholds;
import dev.pitr.governance.RuleResult;
import dev.pitr.info.StanzaInfo;
import dev.pitr.metrics.MetricsCollector;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks a stanza against the backup policy: pgBackRest {@code check} (WAL archiving and the repository),
 * the preflight of the live server settings (through JDBC), and the governance rules (retention, encryption,
 * backup ages, WAL archive, backup errors, restore-drill history). Prints one table of rules, writes
 * {@code pitr-health-<stanza>.json} (and {@code pitr-health.json} unless it holds another stanza's report) for
 * monitoring to {@code reportDirectory} (and with {@code <metricsFile>} the same
 * figures as Prometheus text for node_exporter), and fails the build on any FAIL (a
 * warning with failOnError=false), naming the failed rules and how to fix them.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, requiresProject = false, threadSafe = true)
public class CheckMojo extends AbstractPitrMojo {
    /**
     * The backup policy the full-backup-age rule judges against, e.g. {@code full SUN 01:00, incr MON-SAT 01:00
     * (UTC)}. Also {@code -Dpitr.policy}. Default: the runbook's (full Sunday, incremental Monday-Saturday, UTC).
     */
    @Parameter(property = "pitr.policy")
    String policy;

    /**
     * Where restore drills write their reports (the drill history read by the restore-drill rule) and where
     * {@code pitr-health-<stanza>.json} goes; the same default as pitr:restore-drill. Also {@code -Dpitr.reportDirectory}.
     */
    @Parameter(property = "pitr.reportDirectory", defaultValue = "${project.build.directory}/pitr-reports")
    String reportDirectory;

    /** Fewest full backups every repository must keep (repoN-retention-full); default 4. Also {@code -Dpitr.check.minRetentionFull}. */
    @Parameter(property = "pitr.check.minRetentionFull")
    Integer minRetentionFull;

    /** Slack after the policy's full interval before the newest full backup is too old (ISO-8601); default P1D. Also {@code -Dpitr.check.fullBackupGrace}. */
    @Parameter(property = "pitr.check.fullBackupGrace")
    String fullBackupGrace;

    /** Oldest the newest backup of any type may be (ISO-8601); default P1D. Also {@code -Dpitr.check.maxBackupAge}. */
    @Parameter(property = "pitr.check.maxBackupAge")
    String maxBackupAge;

    /** Slack on top of maxBackupAge (ISO-8601); default PT6H. Also {@code -Dpitr.check.backupGrace}. */
    @Parameter(property = "pitr.check.backupGrace")
    String backupGrace;

    /** Oldest the last PASSED restore drill may be (ISO-8601); default P92D. Also {@code -Dpitr.check.maxDrillAge}. */
    @Parameter(property = "pitr.check.maxDrillAge")
    String maxDrillAge;

    /** The RPO archive_timeout must not exceed (ISO-8601); default PT5M. Also {@code -Dpitr.check.targetRpo}. */
    @Parameter(property = "pitr.check.targetRpo")
    String targetRpo;

    /** Slack on top of archive_timeout before waiting WAL counts as not archived (ISO-8601); default PT5M. Also {@code -Dpitr.check.walArchiveGrace}. */
    @Parameter(property = "pitr.check.walArchiveGrace")
    String walArchiveGrace;

    /** Skip this goal. Also {@code -Dpitr.check.skip}. */
    @Parameter(property = "pitr.check.skip", defaultValue = "false")
    boolean checkSkip;

    BackupPolicy backupPolicy;
    HealthThresholds thresholds;
    Path reports;

    @Override
    protected String goal() {
        return "check";
    }

    @Override
    protected Param goalSkipParameter() {
        return Param.CHECK_SKIP;
    }

    @Override
    protected boolean goalSkip() {
        return checkSkip;
    }

    @Override
    protected void resolveGoalParameters(PropertyResolver props) {
        backupPolicy = PolicyParameter.resolve(props, policy).orElse(BackupPolicy.runbook(ZoneId.of("UTC")));
        thresholds = thresholds(props);
        reports = ReportDirectory.resolve(props, reportDirectory, baseDirectory());
    }

    /** The core defaults, overridden by each threshold parameter that is set. */
    HealthThresholds thresholds(PropertyResolver props) {
        HealthThresholds t = HealthThresholds.defaults();
        t = props.integer(Param.MIN_RETENTION_FULL, minRetentionFull).map(t::minRetentionFull).orElse(t);
        t = props.duration(Param.FULL_BACKUP_GRACE, fullBackupGrace, true).map(t::fullBackupGrace).orElse(t);
        t = props.duration(Param.MAX_BACKUP_AGE, maxBackupAge).map(t::latestBackupMaxAge).orElse(t);
        t = props.duration(Param.BACKUP_GRACE, backupGrace, true).map(t::latestBackupGrace).orElse(t);
        t = props.duration(Param.MAX_DRILL_AGE, maxDrillAge).map(t::drillMaxAge).orElse(t);
        t = props.duration(Param.TARGET_RPO, targetRpo).map(t::targetRpo).orElse(t);
        t = props.duration(Param.WAL_ARCHIVE_GRACE, walArchiveGrace, true).map(t::walArchiveGrace).orElse(t);
        return t;
    }

    @Override
    protected void run(PgBackRest pgbr) {
        String stanza = pgbr.configuration().stanza();
        HealthCheck check = healthCheck(pgbr);
        if (dryRun()) {
            check.plan().describe().lines().forEach(getLog()::info);
            getLog().info("  writes:     " + reports.resolve(HealthReport.jsonFileName(stanza)));
            return;
        }
        Optional<StanzaInfo> info = refuseWhatCannotRun(pgbr);
        info.ifPresent(check::info);
        HealthReport report = check.run();
        getLog().info("pitr:check of stanza '" + stanza + "' (policy " + backupPolicy.describe() + "):");
        report.toTable().lines().forEach(getLog()::info);
        List<Path> json = writeJson(report, pgbr);
        getLog().info("Monitoring JSON: " + json.stream().map(Path::toString).collect(Collectors.joining(", ")));
        if (metricsFile().isPresent()) {
            MetricsCollector metrics = pgbr.metrics().healthReport(report).reportDirectory(reports);
            info.ifPresent(metrics::info);
            writeMetrics(metrics);
        }
        if (report.failed()) {
            failed("pitr:check failed for stanza '" + stanza + "': " + failures(report.failures()));
        }
        List<RuleResult> warnings = report.warnings();
        getLog().info("pitr:check passed for stanza '" + stanza + "'" + (warnings.isEmpty() ? ""
                : " with " + warnings.size() + " warning(s): " + warnings.stream().map(RuleResult::rule)
                        .collect(Collectors.joining(", "))));
    }

    /** The health check with the resolved policy, thresholds and drill history. */
    HealthCheck healthCheck(PgBackRest pgbr) {
        return pgbr.healthCheck().policy(backupPolicy).thresholds(thresholds).reportDirectory(reports);
    }

    /**
     * The health check turns every pgBackRest error into a FAIL rule. Reading info here first keeps the
     * plugin's promise that "cannot run at all" (options pgBackRest refuses, an encrypted repository without
     * its pass, a timeout) is a BUILD ERROR naming the parameter to fix, not a failed rule; the snapshot is
     * handed to the health check and the metrics, so pitr:check runs info once.
     */
    static Optional<StanzaInfo> refuseWhatCannotRun(PgBackRest pgbr) {
        try {
            return Optional.ofNullable(pgbr.stanzaInfo());
        } catch (PgBackRestException e) {
            if (Outcomes.cannotRun(e) != null) {
                throw e;
            }
            // Anything else (e.g. a missing stanza) is what the rules report, with its fix.
            return Optional.empty();
        }
    }

    static String failures(List<RuleResult> failed) {
        return failed.size() + (failed.size() == 1 ? " rule" : " rules") + " FAILED: " + failed.stream()
                .map(r -> r.rule() + " (" + r.message() + (r.fix().isEmpty() ? "" : "; fix: " + r.fix()) + ")")
                .collect(Collectors.joining("; "));
    }

    /**
     * pitr-health-<stanza>.json (and pitr-health.json unless another stanza's is there), each written in one move,
     * private to its owner or readable by {@code <reportGroup>}.
     */
    private List<Path> writeJson(HealthReport report, PgBackRest pgbr) {
        try {
            return report.writeJsonFiles(reports, pgbr.configuration().reportGroup());
        } catch (UncheckedIOException e) {
            throw new PluginConfigurationException(Param.REPORT_DIRECTORY, "cannot write the monitoring JSON into "
                    + reports + ": " + e.getCause().getMessage(), "point it at a directory the build can write");
        }
    }
}
