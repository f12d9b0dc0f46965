package dev.pitr.internal.evidence;

import dev.pitr.audit.AuditOutcome;
import dev.pitr.audit.AuditVerification;
import dev.pitr.governance.EvidenceDocument;
import dev.pitr.governance.EvidenceDocument.Drill;
import dev.pitr.governance.EvidenceDocument.Gap;
import dev.pitr.governance.EvidenceDocument.GapKind;
import dev.pitr.governance.EvidenceDocument.OperationCount;
import dev.pitr.governance.EvidenceDocument.RepositoryCoverage;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.RuleResult;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** Turns the drills, the audit log, the repositories and the health check of a period into one document. */
public final class EvidenceCollector {
    private EvidenceCollector() {
    }

    /**
     * What the document is made of.
     *
     * @param stanza          the stanza
     * @param from            first day (UTC, inclusive)
     * @param to              last day (UTC, inclusive)
     * @param now             when the document is made
     * @param drills          every drill on record (any time) and the inconsistent ones
     * @param audit           every audit line on record; empty when no audit log is configured
     * @param verification    the audit chain's verification; empty when no audit log is configured
     * @param health          the health check's report; empty when it could not run
     * @param healthError     why it could not run
     * @param configuredRepos repository numbers from the configuration
     * @param infoRepos       repository numbers info reported
     */
    public record Inputs(String stanza, LocalDate from, LocalDate to, Instant now, EvidenceDrills.Result drills,
            Optional<List<AuditRecords.Line>> audit, Optional<AuditVerification> verification,
            Optional<HealthReport> health, Optional<String> healthError, List<Integer> configuredRepos,
            List<Integer> infoRepos) {
    }

    public static EvidenceDocument collect(Inputs in) {
        Instant start = in.from().atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = in.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Drill> inPeriod = in.drills().drills().stream().filter(d -> within(d.finishedAt(), start, end)).toList();
        List<RepositoryCoverage> repos = repositories(in, inPeriod, end);
        List<Gap> gaps = new ArrayList<>();
        gaps.addAll(quarterGaps(in, inPeriod));
        gaps.addAll(repositoryGaps(in, repos, inPeriod, end));
        in.drills().inconsistent().forEach((finished, why) -> {
            if (within(finished, start, end)) {
                gaps.add(new Gap(GapKind.DRILL_RECORD_INCONSISTENT, finished.toString(), "the drill that finished at "
                        + finished + ": " + why));
            }
        });
        gaps.addAll(auditGaps(in));
        gaps.addAll(governanceGaps(in));
        return new EvidenceDocument(in.stanza(), in.from(), in.to(), in.now(), inPeriod, repos, in.health(),
                in.verification(), operations(in, start, end), gaps, Controls.all(), List.of());
    }

    /**
     * A drill that judged a backup: a SKIPPED one (its start window closed) drilled nothing, and an INTERRUPTED
     * one (SIGTERM, Ctrl-C) proves nothing either way.
     */
    private static boolean ran(Drill d) {
        return !"SKIPPED".equals(d.status()) && !"INTERRUPTED".equals(d.status());
    }

    private static boolean within(Instant t, Instant start, Instant end) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    private static List<RepositoryCoverage> repositories(Inputs in, List<Drill> inPeriod, Instant end) {
        TreeSet<Integer> keys = new TreeSet<>(in.configuredRepos());
        keys.addAll(in.infoRepos());
        List<RepositoryCoverage> out = new ArrayList<>();
        for (int key : keys) {
            boolean configured = in.configuredRepos().contains(key);
            boolean info = in.infoRepos().contains(key);
            String knownFrom = configured && info ? "configuration and info" : configured ? "configuration" : "info";
            List<Drill> fromRepo = inPeriod.stream().filter(d -> ran(d) && d.repo().equals(Optional.of(key))).toList();
            Optional<Instant> lastPassed = in.drills().drills().stream().filter(d -> d.repo().equals(Optional.of(key))
                    && d.passed() && d.finishedAt().isBefore(end)).map(Drill::finishedAt).reduce((a, b) -> b);
            out.add(new RepositoryCoverage(key, knownFrom, fromRepo.size(),
                    (int) fromRepo.stream().filter(Drill::passed).count(), lastPassed));
        }
        return out;
    }

    /** One gap per calendar quarter (clipped to the period) without a PASSED drill. */
    private static List<Gap> quarterGaps(Inputs in, List<Drill> inPeriod) {
        List<Gap> out = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(in.now(), ZoneOffset.UTC);
        for (LocalDate q = quarterStart(in.from()); !q.isAfter(in.to()); q = q.plusMonths(3)) {
            LocalDate first = q.isBefore(in.from()) ? in.from() : q;
            LocalDate quarterEnd = q.plusMonths(3).minusDays(1);
            LocalDate last = quarterEnd.isAfter(in.to()) ? in.to() : quarterEnd;
            Instant s = first.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant e = last.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (inPeriod.stream().noneMatch(d -> d.passed() && within(d.finishedAt(), s, e))) {
                String name = q.getYear() + "-Q" + (q.getMonthValue() / 3 + 1);
                out.add(new Gap(GapKind.NO_PASSED_DRILL, name, "no PASSED restore drill between " + first + " and " + last
                        + (last.isBefore(today) ? "" : " so far (the period runs until " + last + ")")));
            }
        }
        return out;
    }

    /** The first day of the calendar quarter of a day. */
    public static LocalDate quarterStart(LocalDate day) {
        return LocalDate.of(day.getYear(), ((day.getMonthValue() - 1) / 3) * 3 + 1, 1);
    }

    private static List<Gap> repositoryGaps(Inputs in, List<RepositoryCoverage> repos, List<Drill> inPeriod,
            Instant end) {
        List<Gap> out = new ArrayList<>();
        long unknown = inPeriod.stream().filter(d -> d.repo().isEmpty()).count();
        String caveat = unknown == 0 ? "" : " (" + unknown + " drill(s) of the period name no repository: their "
                + "reports do not say and info no longer lists their backup sets)";
        for (RepositoryCoverage r : repos) {
            boolean everDrilled = in.drills().drills().stream().anyMatch(d -> ran(d)
                    && d.repo().equals(Optional.of(r.repo())) && d.finishedAt().isBefore(end));
            if (!everDrilled) {
                out.add(new Gap(GapKind.REPOSITORY_NEVER_DRILLED, "repo" + r.repo(), "repo" + r.repo() + " (known from "
                        + r.knownFrom() + ") was never drilled: no drill on record restored a backup set from it"
                        + caveat));
            } else if (r.drillsInPeriod() == 0) {
                out.add(new Gap(GapKind.REPOSITORY_NOT_DRILLED_IN_PERIOD, "repo" + r.repo(), "repo" + r.repo()
                        + " was not drilled in the period; its last PASSED drill "
                        + r.lastPassed().map(t -> "finished at " + t).orElse(": none") + caveat));
            }
        }
        return out;
    }

    private static List<Gap> auditGaps(Inputs in) {
        if (in.verification().isEmpty()) {
            return List.of(new Gap(GapKind.NO_AUDIT_LOG, "audit log", "no audit log is configured, so the operations of "
                    + "the period are not on record and the drills cannot be checked against it (set auditLog)"));
        }
        AuditVerification v = in.verification().get();
        return v.intact() ? List.of() : List.of(new Gap(GapKind.AUDIT_CHAIN_BROKEN,
                v.firstBreak().map(b -> "line " + b.line() + " of " + b.file()).orElse("audit log"), v.describe()));
    }

    private static List<Gap> governanceGaps(Inputs in) {
        List<Gap> out = new ArrayList<>();
        in.healthError().ifPresent(e -> out.add(new Gap(GapKind.GOVERNANCE_RULE_FAILED, "health-check",
                "the health check could not run: " + e)));
        in.health().ifPresent(h -> {
            for (RuleResult r : h.failures()) {
                out.add(new Gap(GapKind.GOVERNANCE_RULE_FAILED, r.rule(), r.rule() + " FAILED at " + h.checkedAt() + ": "
                        + r.message()));
            }
        });
        return out;
    }

    private static List<OperationCount> operations(Inputs in, Instant start, Instant end) {
        Map<String, int[]> counts = new TreeMap<>();
        for (AuditRecords.Line l : in.audit().orElse(List.of())) {
            if (l.entry().stanza().equals(in.stanza()) && within(l.entry().time(), start, end)) {
                int[] c = counts.computeIfAbsent(l.entry().operation(), k -> new int[2]);
                c[0]++;
                if (l.entry().outcome() == AuditOutcome.FAILURE || l.entry().outcome() == AuditOutcome.FAILED) {
                    c[1]++;
                }
            }
        }
        List<OperationCount> out = new ArrayList<>();
        counts.forEach((op, c) -> out.add(new OperationCount(op, c[0], c[1])));
        return out;
    }
}
