package dev.pitr.governance;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What an evidence request would do ({@link dev.pitr.EvidenceRequest#plan()}), computed without running
 * anything: the period as resolved, what is read, and the two files that would be written.
 *
 * @param stanza          the stanza the evidence is about
 * @param from            the period's first day (UTC, inclusive)
 * @param to              the period's last day (UTC, inclusive)
 * @param reportDirectory where the drill history is read and the files go
 * @param auditLog        the audit log that would be read and verified; empty: none configured
 * @param healthCheck     the health check recorded as the governance part; empty when a report was given
 * @param files           the JSON and the Markdown file, in that order
 */
public record EvidencePlan(String stanza, LocalDate from, LocalDate to, Path reportDirectory, Optional<Path> auditLog,
        Optional<HealthCheckPlan> healthCheck, List<Path> files) {
    public EvidencePlan {
        files = List.copyOf(files);
    }

    /** A human-readable dry-run text. */
    public String describe() {
        StringBuilder s = new StringBuilder("evidence plan (dry run, nothing was run)\n");
        s.append("  stanza:     ").append(stanza).append('\n');
        s.append("  period:     ").append(from).append(" to ").append(to).append(" (UTC, both inclusive)\n");
        s.append("  drills:     ").append(reportDirectory).append(" (history/pitr-drill-").append(stanza)
                .append("-*.json)\n");
        s.append("  audit log:  ").append(auditLog.map(Path::toString).orElse("none configured")).append('\n');
        healthCheck.ifPresentOrElse(h -> h.describe().lines().skip(1)
                .forEach(l -> s.append("  governance").append(l.strip().isEmpty() ? "" : " " + l.strip()).append('\n')),
                () -> s.append("  governance: the health report given\n"));
        files.forEach(f -> s.append("  writes:     ").append(f).append('\n'));
        return s.toString();
    }
}
