package dev.pitr.internal.evidence;

import dev.pitr.audit.AuditVerification;
import dev.pitr.drill.DrillCheck;
import dev.pitr.governance.EvidenceDocument;
import dev.pitr.governance.EvidenceDocument.Control;
import dev.pitr.governance.EvidenceDocument.Drill;
import dev.pitr.governance.EvidenceDocument.Gap;
import dev.pitr.governance.EvidenceDocument.OperationCount;
import dev.pitr.governance.EvidenceDocument.RepositoryCoverage;
import dev.pitr.governance.RuleResult;
import java.time.Duration;
import java.util.Locale;

/** The Markdown form of an evidence document: what an auditor reads. */
public final class EvidenceMarkdown {
    private EvidenceMarkdown() {
    }

    /** INTACT, BROKEN or NOT_CONFIGURED. */
    static String auditState(EvidenceDocument d) {
        return d.audit().map(v -> v.intact() ? "INTACT" : "BROKEN").orElse("NOT_CONFIGURED");
    }

    public static String render(EvidenceDocument d) {
        StringBuilder s = new StringBuilder();
        s.append("# Restore-test evidence: stanza ").append(d.stanza()).append(", ").append(d.from()).append(" to ")
                .append(d.to()).append("\n\n> ").append(Controls.DISCLAIMER).append("\n\nGenerated ")
                .append(d.generatedAt()).append(".\n\n");
        s.append("## Summary\n\n| | |\n|---|---|\n");
        row(s, "Drills in the period", d.drills().size() + " (" + d.passedDrills().size() + " PASSED, "
                + (d.drills().size() - d.passedDrills().size()) + " not passed)");
        row(s, "Repositories", d.repositories().size() + " known, " + d.repositories().stream()
                .filter(r -> r.passedInPeriod() > 0).count() + " with a PASSED drill in the period");
        row(s, "Governance rules", d.governance().map(h -> h.status() + " at " + h.checkedAt()).orElse("unavailable"));
        row(s, "Audit chain", auditState(d));
        row(s, "Gaps", Integer.toString(d.gaps().size()));

        s.append("\n## Controls\n\n| Control | Answered by | What this document shows |\n|---|---|---|\n");
        for (Control c : d.controls()) {
            s.append("| ").append(cell(c.id() + " " + c.title())).append(" | ").append(String.join(", ", c.parts()))
                    .append(" | ").append(cell(c.statement())).append(" |\n");
        }

        s.append("\n## Drills\n\n");
        if (d.drills().isEmpty()) {
            s.append("No restore drill finished in the period.\n");
        } else {
            s.append("| Finished | Status | Repo | Backup set | Target | Recovered to | RTO | Recovery-point gap | Checks | Seed |\n")
                    .append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (Drill dr : d.drills()) {
                long passed = dr.checks().stream().filter(DrillCheck::passed).count();
                s.append("| ").append(dr.finishedAt()).append(" | ").append(dr.status()).append(" | ")
                        .append(dr.repo().map(r -> "repo" + r).orElse("unknown")).append(" | ").append(cell(dr.backupSet()))
                        .append(" | ").append(cell(dr.target())).append(" | ")
                        .append(dr.recoveredTo().map(Object::toString).orElse("unknown")).append(" | ")
                        .append(seconds(dr.rto())).append(" | ")
                        .append(dr.recoveryPointGap().map(g -> seconds(g) + " (from " + dr.gapBasis() + ")").orElse("unknown"))
                        .append(" | ").append(passed).append("/").append(dr.checks().size()).append(" | ")
                        .append(dr.seed().map(Object::toString).orElse("")).append(" |\n");
            }
            for (Drill dr : d.drills()) {
                s.append("\n### Drill finished ").append(dr.finishedAt()).append(": ").append(dr.status()).append("\n\n");
                s.append("Record: ").append(dr.historyFile().map(f -> "`" + f + "`").orElse("no history copy"))
                        .append(dr.auditSeq().map(q -> ", audit line seq " + q).orElse("")).append(".\n");
                dr.notes().forEach(n -> s.append("\n- Note: ").append(n).append('\n'));
                if (!dr.checks().isEmpty()) {
                    s.append("\n| Check | Status | Expected | Actual | Message |\n|---|---|---|---|---|\n");
                    for (DrillCheck c : dr.checks()) {
                        s.append("| ").append(cell(c.name())).append(" | ").append(c.status()).append(" | ")
                                .append(cell(c.expected())).append(" | ").append(cell(c.actual())).append(" | ")
                                .append(cell(c.message())).append(" |\n");
                    }
                }
            }
        }

        s.append("\n## Repositories\n\n| Repository | Known from | Drills in period | PASSED | Last PASSED drill |\n")
                .append("|---|---|---|---|---|\n");
        for (RepositoryCoverage r : d.repositories()) {
            s.append("| repo").append(r.repo()).append(" | ").append(r.knownFrom()).append(" | ").append(r.drillsInPeriod())
                    .append(" | ").append(r.passedInPeriod()).append(" | ")
                    .append(r.lastPassed().map(Object::toString).orElse("never")).append(" |\n");
        }

        s.append("\n## Governance rules\n\n");
        if (d.governance().isEmpty()) {
            s.append("The health check could not run (see the gaps).\n");
        } else {
            s.append("Checked ").append(d.governance().get().checkedAt()).append(".\n\n| Rule | Status | Result |\n|---|---|---|\n");
            for (RuleResult r : d.governance().get().results()) {
                s.append("| ").append(r.rule()).append(" | ").append(r.status()).append(" | ").append(cell(r.message()))
                        .append(" |\n");
            }
        }

        s.append("\n## Audit log\n\n");
        if (d.audit().isEmpty()) {
            s.append("No audit log is configured.\n");
        } else {
            AuditVerification v = d.audit().get();
            s.append(v.describe()).append(".\n\n");
            v.files().forEach(f -> s.append("- `").append(f).append("`\n"));
            v.head().ifPresent(h -> s.append("\nHead at generation: `").append(h).append("` (seq ").append(v.headSeq())
                    .append("). Keep it: a later log that no longer reaches it has lost lines.\n"));
        }

        s.append("\n## Operations recorded in the period\n\n");
        if (d.operations().isEmpty()) {
            s.append("None.\n");
        } else {
            s.append("| Operation | Lines | Failed |\n|---|---|---|\n");
            for (OperationCount c : d.operations()) {
                s.append("| ").append(c.operation()).append(" | ").append(c.total()).append(" | ").append(c.failed())
                        .append(" |\n");
            }
        }

        s.append("\n## Gaps\n\n");
        if (d.gaps().isEmpty()) {
            s.append("None found.\n");
        } else {
            for (Gap g : d.gaps()) {
                s.append("- **").append(g.kind()).append("** (").append(cell(g.subject())).append("): ")
                        .append(g.message()).append('\n');
            }
        }
        return s.toString();
    }

    private static void row(StringBuilder s, String k, String v) {
        s.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n");
    }

    private static String cell(String v) {
        return v == null ? "" : v.replace("|", "\\|").replace("\n", " ");
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
