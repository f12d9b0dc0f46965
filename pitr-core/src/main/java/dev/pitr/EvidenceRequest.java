package dev.pitr;

import dev.pitr.config.Setting;
import dev.pitr.audit.AuditLog;
import dev.pitr.audit.AuditVerification;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.governance.EvidenceDocument;
import dev.pitr.governance.EvidencePlan;
import dev.pitr.governance.HealthReport;
import dev.pitr.info.RepoInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.evidence.AuditRecords;
import dev.pitr.internal.evidence.EvidenceDrills;
import dev.pitr.internal.evidence.EvidenceCollector;
import dev.pitr.internal.evidence.EvidenceFiles;
import dev.pitr.internal.health.RepoSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The evidence of a period that backups were tested, from the drill history and the audit log, as one
 * document ({@link EvidenceDocument}) written as JSON and Markdown into the report directory.
 *
 * <pre>{@code
 * EvidenceDocument evidence = pgbr.evidence()
 *         .from(LocalDate.parse("2026-10-01")).to(LocalDate.parse("2026-12-31"))
 *         .reportDirectory(Path.of("/var/lib/pitr/reports"))  // where the drills write their history
 *         .run();                                              // pitr-evidence-<stanza>-<from>-<to>.json/.md
 * evidence.gaps().forEach(g -> ...);
 * }</pre>
 *
 * Without {@code from}/{@code to} the period is the current calendar quarter (UTC); with only {@code from} it
 * ends today; with only {@code to} it starts on the first day of that quarter. The governance rules are
 * those of a health check run now (pgBackRest {@code check}, the preflight and the rules), unless one is
 * given with {@link #healthReport(HealthReport)}.
 */
public final class EvidenceRequest {
    private final PgBackRest pgbr;
    private LocalDate from;
    private LocalDate to;
    private Path reportDirectory = RestoreDrillRequest.DEFAULT_REPORT_DIRECTORY;
    private AuditLog auditLog;
    private HealthReport healthReport;
    private HealthCheck healthCheck;
    private StanzaInfo info;
    private Clock clock = Clock.systemUTC();

    EvidenceRequest(PgBackRest pgbr) {
        this.pgbr = pgbr;
    }

    /** The first day of the period (UTC, inclusive). */
    public EvidenceRequest from(LocalDate day) {
        this.from = Objects.requireNonNull(day, "from");
        return this;
    }

    /** The last day of the period (UTC, inclusive). */
    public EvidenceRequest to(LocalDate day) {
        this.to = Objects.requireNonNull(day, "to");
        return this;
    }

    /**
     * Where the drills keep their history ({@code history/pitr-drill-<stanza>-*.json}) and where the evidence
     * files go. Default: {@link RestoreDrillRequest#DEFAULT_REPORT_DIRECTORY}, as for drills and health checks.
     */
    public EvidenceRequest reportDirectory(Path dir) {
        this.reportDirectory = Objects.requireNonNull(dir, "reportDirectory");
        return this;
    }

    /** The audit log to read and verify (default: the configuration's {@code auditLog}). */
    public EvidenceRequest auditLog(AuditLog log) {
        this.auditLog = Objects.requireNonNull(log, "auditLog");
        return this;
    }

    /** The governance rules' state to record, instead of running a health check now. */
    public EvidenceRequest healthReport(HealthReport report) {
        this.healthReport = Objects.requireNonNull(report, "healthReport");
        return this;
    }

    /**
     * The health check to run for the governance part (default: {@code pgbr.healthCheck()} with this request's
     * report directory, audit log and clock), e.g. with the policy and thresholds of {@code pitr:check}.
     */
    public EvidenceRequest healthCheck(HealthCheck check) {
        this.healthCheck = Objects.requireNonNull(check, "healthCheck");
        return this;
    }

    /**
     * An info snapshot already read (e.g. by a check that ran just before), so the request does not run
     * {@code info} again; it is handed to the default health check too.
     */
    public EvidenceRequest info(StanzaInfo stanzaInfo) {
        this.info = Objects.requireNonNull(stanzaInfo, "info");
        return this;
    }

    /** The clock for "now" and the default period (default: the system clock, UTC). */
    public EvidenceRequest clock(Clock c) {
        this.clock = Objects.requireNonNull(c, "clock");
        return this;
    }

    /**
     * What {@link #run()} would read and write, without running anything (the dry run). Throws
     * {@link PitrConfigurationException} for a period that ends before it starts, as {@code run()} does.
     */
    public EvidencePlan plan() {
        LocalDate[] period = period();
        Path reports = reportDirectory.toAbsolutePath().normalize();
        String base = EvidenceFiles.baseName(pgbr.configuration().stanza(), period[0], period[1]);
        return new EvidencePlan(pgbr.configuration().stanza(), period[0], period[1], reports, auditLog().map(AuditLog::file),
                healthReport != null ? Optional.empty() : Optional.of(governanceCheck().plan()),
                List.of(reports.resolve(base + ".json"), reports.resolve(base + ".md")));
    }

    /** The period as given or defaulted: {@code [first, last]}. */
    private LocalDate[] period() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate first = from != null ? from : EvidenceCollector.quarterStart(to != null ? to : today);
        LocalDate last = to != null ? to : from != null ? today : EvidenceCollector.quarterStart(today).plusMonths(3).minusDays(1);
        if (last.isBefore(first)) {
            throw new PitrConfigurationException(Setting.EVIDENCE_FROM, "the period " + first + " to " + last + " ends before it "
                    + "starts", "give a from date on or before the to date (ISO dates, both inclusive)");
        }
        return new LocalDate[] {first, last};
    }

    private Optional<AuditLog> auditLog() {
        return Optional.ofNullable(auditLog).or(pgbr::auditLog);
    }

    /** The health check given, or the default one over this request's report directory, audit log and clock. */
    private HealthCheck governanceCheck() {
        if (healthCheck != null) {
            return healthCheck;
        }
        HealthCheck check = pgbr.healthCheck().reportDirectory(reportDirectory).clock(clock);
        auditLog().ifPresent(check::auditLog);
        return check;
    }

    /**
     * The document, without writing it. Throws {@link PitrConfigurationException} for a period that ends before
     * it starts or a health check configured wrongly; a health check that cannot run for another reason is a
     * {@code GOVERNANCE_RULE_FAILED} gap of the document.
     */
    public EvidenceDocument collect() {
        LocalDate[] period = period();
        LocalDate first = period[0];
        LocalDate last = period[1];
        String stanza = pgbr.configuration().stanza();
        Optional<AuditLog> log = auditLog();
        Optional<StanzaInfo> info = Optional.ofNullable(this.info);
        if (info.isEmpty()) {
            try {
                info = Optional.of(pgbr.stanzaInfo());
            } catch (PgBackRestException e) {
                // A stanza pgBackRest cannot read is a gap the governance rules name; the drills are still listed.
                info = Optional.empty();
            }
        }
        Optional<HealthReport> health = Optional.ofNullable(healthReport);
        Optional<String> healthError = Optional.empty();
        if (health.isEmpty()) {
            HealthCheck check = governanceCheck();
            if (healthCheck == null) {
                info.ifPresent(check::info);
            }
            try {
                health = Optional.of(check.run());
            } catch (PitrConfigurationException badInput) {
                throw badInput;
            } catch (RuntimeException e) {
                // pgBackRest's errors arrive redacted; anything else is redacted here before it reaches the document.
                healthError = Optional.of(pgbr.invoker().runner().redactor().redact(String.valueOf(e.getMessage())));
            }
        }
        Path reports = reportDirectory.toAbsolutePath().normalize();
        Optional<List<AuditRecords.Line>> lines = log.map(AuditRecords::read);
        Optional<AuditVerification> verification = log.map(AuditLog::verify);
        EvidenceDrills.Result drills = EvidenceDrills.read(stanza, reports, lines.orElse(List.of()), info);
        List<Integer> configured;
        try {
            configured = RepoSettings.of(pgbr.configuration(), pgbr.invoker().conf()).stream().map(RepoSettings::key).toList();
        } catch (RuntimeException unreadable) {
            configured = List.of();
        }
        List<Integer> reported = info.map(i -> i.repos().stream().map(RepoInfo::key).toList()).orElse(List.of());
        return EvidenceCollector.collect(new EvidenceCollector.Inputs(stanza, first, last, clock.instant(), drills, lines,
                verification, health, healthError, configured, reported));
    }

    /** Collects the document and writes {@code pitr-evidence-<stanza>-<from>-<to>.json} and {@code .md}. */
    public EvidenceDocument run() {
        EvidenceDocument d = collect();
        return d.withFiles(EvidenceFiles.write(d, reportDirectory.toAbsolutePath().normalize(),
                pgbr.configuration().reportGroup()));
    }
}
