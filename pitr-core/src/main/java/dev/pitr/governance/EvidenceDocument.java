package dev.pitr.governance;

import dev.pitr.audit.AuditVerification;
import dev.pitr.drill.DrillCheck;
import dev.pitr.internal.evidence.EvidenceJson;
import dev.pitr.internal.evidence.EvidenceMarkdown;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The evidence of a period that backups were tested ({@link dev.pitr.EvidenceRequest}): every restore drill
 * of the stanza with its backup set, target, RTO, recovery-point gap, checks and status; which repositories
 * were drilled; the governance rules' state; the gaps; the audit chain's verification; the operations the
 * audit log recorded; and which control each part is evidence for. Also written as
 * {@code pitr-evidence-<stanza>-<from>-<to>.json} and {@code .md} (see docs/evidence.md).
 *
 * @param stanza       the stanza
 * @param from         first day of the period (UTC, inclusive)
 * @param to           last day of the period (UTC, inclusive)
 * @param generatedAt  when the document was made
 * @param drills       the drills that finished in the period, oldest first
 * @param repositories every repository known from the configuration or info, with its drill coverage
 * @param governance   the health check's rules at {@code generatedAt}; empty when it could not run at all
 * @param audit        the audit chain's verification; empty when no audit log is configured
 * @param operations   what the audit log recorded in the period, per operation
 * @param gaps         what the period lacks: each is a finding for an auditor, not an error of pitr
 * @param controls     the controls each part is evidence towards, phrased as evidence, not as conformity
 * @param files        the JSON and Markdown files written (empty until written)
 */
public record EvidenceDocument(String stanza, LocalDate from, LocalDate to, Instant generatedAt, List<Drill> drills,
        List<RepositoryCoverage> repositories, Optional<HealthReport> governance, Optional<AuditVerification> audit,
        List<OperationCount> operations, List<Gap> gaps, List<Control> controls, List<Path> files) {
    public EvidenceDocument {
        drills = List.copyOf(drills);
        repositories = List.copyOf(repositories);
        operations = List.copyOf(operations);
        gaps = List.copyOf(gaps);
        controls = List.copyOf(controls);
        files = List.copyOf(files);
    }

    /**
     * One drill, as its history copy records it (or only its audit line, when the copy is gone).
     *
     * @param startedAt        when it started
     * @param finishedAt       when its validation finished
     * @param status           PASSED or FAILED (other values a newer pitr writes are kept as they are)
     * @param repo             the repository the backup set came from, when the report or info tells
     * @param backupSet        the backup set restored
     * @param target           the recovery target as the report describes it
     * @param recoveredTo      the last replayed commit, when known
     * @param rto              restore, recovery and validation together (the measured recovery time)
     * @param recoveryPointGap for a time target, the distance from the target to the last replayed commit; for
     *                         other targets, how far the last replayed commit lies before the drill's start
     *                         (an upper bound of the data a restore at that moment would lose); empty when
     *                         the commit is unknown
     * @param gapBasis         {@code target} or {@code drill start}: what {@code recoveryPointGap} is measured from
     * @param checks           every check of the drill
     * @param seed             the seed of a planned drill's random choices, when it had one
     * @param historyFile      the history copy it was read from; empty when only the audit line is left
     * @param auditSeq         the {@code seq} of its audit line, when the audit log has one for it
     * @param notes            what does not add up (a missing history copy, an audit line that disagrees)
     */
    public record Drill(Instant startedAt, Instant finishedAt, String status, Optional<Integer> repo, String backupSet,
            String target, Optional<Instant> recoveredTo, Duration rto, Optional<Duration> recoveryPointGap,
            String gapBasis, List<DrillCheck> checks, Optional<Long> seed, Optional<Path> historyFile,
            Optional<Long> auditSeq, List<String> notes) {
        public Drill {
            checks = List.copyOf(checks);
            notes = List.copyOf(notes);
        }

        public boolean passed() {
            return "PASSED".equals(status);
        }
    }

    /**
     * A repository and its drills.
     *
     * @param repo           the repository number
     * @param knownFrom      {@code configuration}, {@code info} or both
     * @param drillsInPeriod drills of the period whose backup set came from it
     * @param passedInPeriod of those, how many PASSED
     * @param lastPassed     the last PASSED drill from it in the whole history, before the period's end
     */
    public record RepositoryCoverage(int repo, String knownFrom, int drillsInPeriod, int passedInPeriod,
            Optional<Instant> lastPassed) {
    }

    /**
     * How often the audit log recorded an operation in the period.
     *
     * @param operation e.g. {@code backup}, {@code check}, {@code restore-drill}
     * @param total     lines
     * @param failed    of those, FAILURE or FAILED
     */
    public record OperationCount(String operation, int total, int failed) {
    }

    /** What kind of gap. */
    public enum GapKind {
        /** A calendar quarter (clipped to the period) without a PASSED drill. */
        NO_PASSED_DRILL,
        /** A repository no drill ever restored from. */
        REPOSITORY_NEVER_DRILLED,
        /** A repository drilled before, but not in the period. */
        REPOSITORY_NOT_DRILLED_IN_PERIOD,
        /** A drill whose history copy is missing or disagrees with its audit line. */
        DRILL_RECORD_INCONSISTENT,
        /** The audit chain is broken. */
        AUDIT_CHAIN_BROKEN,
        /** No audit log is configured, so the operations of the period are not on record. */
        NO_AUDIT_LOG,
        /** A governance rule FAILed (or the health check could not run). */
        GOVERNANCE_RULE_FAILED
    }

    /**
     * A finding.
     *
     * @param kind    what kind
     * @param subject what it is about, e.g. {@code 2026-Q3}, {@code repo2}, a rule name
     * @param message a sentence for the auditor
     */
    public record Gap(GapKind kind, String subject, String message) {
    }

    /**
     * A control the document is evidence towards.
     *
     * @param id        e.g. {@code ISO/IEC 27001:2022 A.8.13}
     * @param title     the control's title
     * @param parts     the sections of this document that answer it
     * @param statement what the evidence shows, and what it does not
     */
    public record Control(String id, String title, List<String> parts, String statement) {
        public Control {
            parts = List.copyOf(parts);
        }
    }

    /** The drills that PASSED. */
    public List<Drill> passedDrills() {
        return drills.stream().filter(Drill::passed).toList();
    }

    /** The document as one JSON object (field names in docs/evidence.md). */
    public String toJson() {
        return EvidenceJson.render(this);
    }

    /** The document as Markdown for people. */
    public String toMarkdown() {
        return EvidenceMarkdown.render(this);
    }

    /** The same document with the files it was written to. */
    public EvidenceDocument withFiles(List<Path> written) {
        return new EvidenceDocument(stanza, from, to, generatedAt, drills, repositories, governance, audit, operations,
                gaps, controls, written);
    }
}
