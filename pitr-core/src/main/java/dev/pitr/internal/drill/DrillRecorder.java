package dev.pitr.internal.drill;

import dev.pitr.audit.AuditEntry;
import dev.pitr.audit.AuditOutcome;
import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillChoice;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.drill.DrillTimings;
import dev.pitr.drill.WalReplay;
import dev.pitr.error.PgBackRestException;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.health.DrillHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a drill on record: its report files (the history copy among them), a line on the SLF4J logger
 * {@code pitr.audit}, a {@code restore-drill} line in the audit log that names the history copy, and, when
 * asked, an annotation on the backup set. Drills that ran and drills a plan could not run are recorded alike.
 */
public final class DrillRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(DrillRecorder.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("pitr.audit");

    private DrillRecorder() {
    }

    /** Writes the report's files and its audit lines; annotates the backup set when asked and there is one. */
    public static void record(Invoker engine, DrillReport r, boolean annotate) {
        ReportWriter.write(r, engine.config().reportGroup());
        AUDIT.info("restore drill stanza={} target=\"{}\" backupSet={} status={} restoreMs={} recoveryMs={} totalMs={}"
                + "{} report={}{}", r.stanza(), r.target().describe(), r.backupSet(), r.status(),
                r.timings().restore().toMillis(), r.timings().recovery().toMillis(), r.timings().total().toMillis(),
                r.seed().map(s -> " seed=" + s).orElse(""), r.reportFiles().get(ReportWriter.HISTORY_COPY),
                r.failure().map(f -> " failure=\"" + f + "\"").orElse(""));
        appendAuditLine(engine, r);
        if (annotate && r.status() != DrillStatus.SKIPPED && r.status() != DrillStatus.INTERRUPTED && !"unknown".equals(r.backupSet())) {
            annotateBackup(engine, r);
        }
    }

    /**
     * Records a planned drill that never restored anything: SKIPPED (it could not start within its start
     * window) or FAILED (its plan found no backup to drill), with the one check that says why.
     */
    public static DrillReport recordWithoutRestore(Invoker engine, DrillSettings settings, DrillStatus status,
            DrillCheck why, Optional<Integer> repo, long seed, Optional<DrillChoice> choice, Instant startedAt) {
        Instant finishedAt = Instant.now();
        Duration total = Duration.between(startedAt, finishedAt);
        String stanza = engine.config().stanza();
        DrillReport r = new DrillReport(status, stanza, choice.map(DrillChoice::target).orElse(settings.target()),
                choice.map(DrillChoice::backupSet).orElse("unknown"), Optional.empty(), startedAt, finishedAt,
                new DrillTimings(Duration.ZERO, Duration.ZERO, total), List.of(why), engine.config().version().toString(), "unknown",
                Optional.of(why.message()), ReportWriter.files(settings.reportDirectory(), stanza, startedAt), WalReplay.none(), repo, Optional.of(seed),
                choice);
        record(engine, r, false);
        return r;
    }

    private static void appendAuditLine(Invoker engine, DrillReport r) {
        engine.auditLog().ifPresent(log -> {
            AuditOutcome outcome = switch (r.status()) {
                case PASSED -> AuditOutcome.PASSED;
                case FAILED -> AuditOutcome.FAILED;
                case SKIPPED -> AuditOutcome.SKIPPED;
                case INTERRUPTED -> AuditOutcome.INTERRUPTED;
            };
            AuditEntry entry = AuditEntry.of("restore-drill", r.stanza(), outcome).withTime(r.finishedAt())
                    .withDuration(r.timings().total())
                    // The lasting history copy, not pitr-drill-report.json, which the next drill overwrites.
                    .withDetail(r.reportFiles().get(ReportWriter.HISTORY_COPY).toString());
            if (!"unknown".equals(r.backupSet())) {
                entry = entry.withBackupLabel(r.backupSet());
            }
            try {
                log.append(entry);
            } catch (RuntimeException e) {
                LOG.error("could not append the drill to audit log {}: {}", log.file(), e.getMessage());
            }
        });
    }

    private static void annotateBackup(Invoker engine, DrillReport r) {
        try {
            engine.annotate(r.backupSet(), Map.of(DrillHistory.ANNOTATION, r.status() + " " + r.finishedAt() + " target="
                    + r.target().describe()));
        } catch (PgBackRestException e) {
            LOG.warn("could not annotate backup set {} with the drill result: {}", r.backupSet(), e.getMessage());
        }
    }
}
