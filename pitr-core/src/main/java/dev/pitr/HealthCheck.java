package dev.pitr;

import dev.pitr.audit.AuditLog;
import dev.pitr.config.DatabaseConnection;
import dev.pitr.config.PitrConfiguration;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.StanzaMissingException;
import dev.pitr.governance.BackupPolicy;
import dev.pitr.governance.HealthCheckPlan;
import dev.pitr.governance.HealthMetrics;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.HealthThresholds;
import dev.pitr.governance.RuleResult;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.health.DrillHistory;
import dev.pitr.internal.health.FirstBackup;
import dev.pitr.internal.health.GovernanceRules;
import dev.pitr.internal.health.RepoSettings;
import dev.pitr.internal.health.SecretFileExposure;
import dev.pitr.internal.health.ServerFacts;
import dev.pitr.internal.health.TimelineRule;
import dev.pitr.internal.timeline.ArchiveReader;
import dev.pitr.internal.timeline.ArchiveSnapshot;
import dev.pitr.internal.timeline.WindowEnd;
import dev.pitr.operation.CheckResult;
import dev.pitr.operation.CommandPlan;
import dev.pitr.operation.Operation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One result list for a stanza: pgBackRest {@code check}, the {@link Preflight}, and the governance
 * rules (retention-full, repository-encryption, full-backup-age, latest-backup-age, wal-archive-current,
 * backup-errors, restore-drill, backup-timeline). The recovery window in the metrics ends at the newest
 * archived WAL's time (the server's pg_stat_archiver, or the repository's time of the newest segment).
 * Nothing is changed; only {@code check} writes (it forces one WAL switch).
 *
 * <pre>{@code
 * HealthReport report = pgbr.healthCheck()
 *         .policy(BackupPolicy.runbook(ZoneId.of("UTC")))
 *         .reportDirectory(Path.of("target/pitr-reports"))      // where restore drills keep their history
 *         .run();
 * System.out.print(report.toTable());
 * if (report.failed()) { ... }
 * }</pre>
 */
public final class HealthCheck {
    private final PgBackRest pgbr;
    private final Preflight preflight;
    private BackupPolicy policy = BackupPolicy.runbook(ZoneOffset.UTC);
    private HealthThresholds thresholds = HealthThresholds.defaults();
    private Path reportDirectory = RestoreDrillRequest.DEFAULT_REPORT_DIRECTORY;
    private AuditLog auditLog;
    private boolean runCheck = true;
    private boolean runPreflight = true;
    private Clock clock = Clock.systemUTC();
    private StanzaInfo snapshot;

    HealthCheck(PgBackRest pgbr) {
        this.pgbr = pgbr;
        this.preflight = pgbr.preflight();
    }

    /** The backup policy whose full interval the full-backup-age rule uses (default: the runbook, UTC). */
    public HealthCheck policy(BackupPolicy p) {
        this.policy = Objects.requireNonNull(p);
        return this;
    }

    /** The thresholds (default {@link HealthThresholds#defaults()}). */
    public HealthCheck thresholds(HealthThresholds t) {
        this.thresholds = Objects.requireNonNull(t);
        preflight.thresholds(t);
        return this;
    }

    /**
     * The restore drills' report directory: {@code pitr-drill-report.json} and {@code history/*.json} are read.
     * Default: {@link RestoreDrillRequest#DEFAULT_REPORT_DIRECTORY}, where a drill writes when not told otherwise.
     */
    public HealthCheck reportDirectory(Path dir) {
        this.reportDirectory = Objects.requireNonNull(dir);
        return this;
    }

    /** An audit log to read restore-drill entries from (default: the configuration's {@code auditLog}). */
    public HealthCheck auditLog(AuditLog log) {
        this.auditLog = Objects.requireNonNull(log);
        return this;
    }

    /** The connection for the preflight and the WAL rule (default: derived from the configuration). */
    public HealthCheck database(DatabaseConnection connection) {
        preflight.database(connection);
        return this;
    }

    /** Whether to run pgBackRest {@code check} (default true; it needs working archiving and takes ~1 s). */
    public HealthCheck pgBackRestCheck(boolean run) {
        this.runCheck = run;
        return this;
    }

    /** Whether to connect to PostgreSQL for the preflight (default true). */
    public HealthCheck preflight(boolean run) {
        this.runPreflight = run;
        return this;
    }

    /** The clock the ages are measured against (default: now), e.g. to ask what fails next week. */
    public HealthCheck clock(Clock c) {
        this.clock = Objects.requireNonNull(c);
        preflight.clock(c);
        return this;
    }

    /**
     * Info already read for this stanza: the rules use it instead of running {@code pgbackrest info} again
     * (a caller that reads info first, to tell "cannot run" from "unhealthy", runs it once).
     */
    public HealthCheck info(StanzaInfo stanzaInfo) {
        this.snapshot = Objects.requireNonNull(stanzaInfo, "info");
        return this;
    }

    /** A dry run: the pgBackRest commands, the preflight connection, the policy, thresholds and drill history. */
    public HealthCheckPlan plan() {
        List<CommandPlan> commands = new ArrayList<>();
        if (runCheck) {
            commands.add(pgbr.plan(Operation.CHECK));
        }
        if (snapshot == null) {
            commands.add(pgbr.plan(Operation.INFO));
        }
        // the backup-timeline rule and the window's latest instant read the archive (repo-ls, repo-get)
        commands.add(new CommandPlan(Operation.REPO_LS, pgbr.invoker().argv(Operation.REPO_LS, List.of("--output=json",
                "--filter=\\.history$")), List.of("then the archive of the stanza's current database: its timeline "
                + "history files (repo-get each) and the time of the newest archived WAL")));
        return new HealthCheckPlan(commands, runPreflight ? Optional.of(preflight.connection().toString())
                : Optional.empty(), policy, thresholds, reportDirectory.toAbsolutePath().normalize());
    }

    /** Runs everything and returns the report; throws only for configuration problems. */
    public HealthReport run() {
        PitrConfiguration config = pgbr.configuration();
        List<RuleResult> results = new ArrayList<>();
        if (runCheck) {
            results.add(check(config));
        }
        Optional<ServerFacts> facts = Optional.empty();
        if (runPreflight) {
            Preflight.Judged judged = preflight.judge(clock.instant());
            results.addAll(judged.results());
            facts = judged.facts();
        }
        Optional<StanzaInfo> info = Optional.empty();
        String infoError = "";
        try {
            StanzaInfo si = snapshot != null ? snapshot : pgbr.stanzaInfo();
            info = Optional.of(si);
            results.add(si.status().ok() || si.status().code() == dev.pitr.info.StanzaStatus.NO_VALID_BACKUPS
                    ? RuleResult.pass("stanza-info", "status " + si.status().code() + " (" + si.status().message() + "), "
                            + si.backups().size() + " backup(s) in " + si.repos().size() + " repository(ies)")
                    : RuleResult.fail("stanza-info", "status " + si.status().code() + ": " + si.status().message(),
                            "run pgbackrest --stanza=" + config.stanza() + " info and fix what it reports"
                                    + (si.status().stanzaMissing() ? " (create the stanza with stanza-create)" : "")));
        } catch (PgBackRestException e) {
            infoError = e.getMessage();
            results.add(RuleResult.fail("stanza-info", e.getMessage(),
                    "run pgbackrest --stanza=" + config.stanza() + " info by hand and fix what it reports"));
        }
        List<RepoSettings> repos = RepoSettings.of(config, pgbr.invoker().conf());
        Instant now = clock.instant();
        Optional<AuditLog> log = Optional.ofNullable(auditLog).or(pgbr::auditLog);
        Path reports = reportDirectory.toAbsolutePath().normalize();
        DrillHistory drills = DrillHistory.read(config.stanza(), Optional.of(reports), log, info);
        String drillFix = "run a restore drill at least every " + thresholds.drillMaxAge().toDays()
                + " days writing its report to "
                + reports
                + " (history/pitr-drill-" + config.stanza() + "-*.json), or record it in the audit log";
        GovernanceRules.Outcome outcome = GovernanceRules.evaluate(new GovernanceRules.Inputs(config.stanza(), info,
                infoError, repos, policy.fullInterval(), thresholds, drills, facts, now, drillFix,
                config.rendered() ? Optional.empty() : SecretFileExposure.of(config.configFile()),
                firstBackup(info, drills)));
        results.addAll(outcome.results());
        ArchiveSnapshot archive = info.map(si -> ArchiveReader.read(pgbr.invoker(), si, Optional.empty()))
                .orElse(ArchiveSnapshot.none());
        results.add(TimelineRule.judge(config.stanza(), info, infoError, facts, archive));
        Optional<Instant> lastArchived = facts.flatMap(ServerFacts::lastArchivedTime);
        HealthMetrics metrics = outcome.metrics().withRecoveryWindow(info.flatMap(si -> WindowEnd.resolve(si, archive,
                lastArchived)));
        return new HealthReport(config.stanza(), now, results, metrics);
    }

    /** The natural start of the restore-drill rule, looked up (one repo-ls per repository) only without a PASSED drill. */
    private Optional<FirstBackup> firstBackup(Optional<StanzaInfo> info, DrillHistory drills) {
        if (drills.lastPassed().isPresent()) {
            return Optional.empty();
        }
        return info.flatMap(i -> FirstBackup.of(pgbr.invoker(), i, java.time.ZoneId.systemDefault()));
    }

    private RuleResult check(PitrConfiguration config) {
        try {
            CheckResult r = pgbr.check();
            return RuleResult.pass("pgbackrest-check", "pgbackrest check passed in " + r.command().duration().toMillis()
                    + " ms (WAL archived and the repository is valid)");
        } catch (PgBackRestException e) {
            String fix = switch (e.errorCode()) {
                case ARCHIVE_TIMEOUT -> "WAL is not reaching the repository: check archive_command (see the "
                        + "archive-command item) and the PostgreSQL server log";
                case CRYPTO -> "give pitr the repository's cipher pass (secret(\"repo1-cipher-pass\", ...))";
                default -> "run pgbackrest --stanza=" + config.stanza() + " check by hand and fix the error it prints";
            };
            if (e instanceof StanzaMissingException) {
                fix = "create the stanza: pgbackrest --stanza=" + config.stanza() + " stanza-create";
            }
            return RuleResult.fail("pgbackrest-check", e.getMessage(), fix);
        }
    }
}
