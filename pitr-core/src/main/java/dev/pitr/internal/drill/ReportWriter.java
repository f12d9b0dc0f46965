package dev.pitr.internal.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillChoice;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.drill.RestoreTestPlan;
import dev.pitr.drill.StaleDrill;
import dev.pitr.drill.WalReplay;
import dev.pitr.internal.os.ReportFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a drill report as JSON (stable field names, for machines and the governance history), Markdown
 * (for humans) and JUnit XML (one testcase per check, so any CI shows a drill like a test run), plus a
 * history copy of the JSON under {@code history/}.
 */
public final class ReportWriter {
    public static final String JSON = "pitr-drill-report.json";
    public static final String MARKDOWN = "pitr-drill-report.md";
    public static final String JUNIT = "TEST-pitr-restore-drill.xml";
    public static final String HISTORY = "history";
    /** The index of the history copy in {@link DrillReport#reportFiles()}: the one file no later drill replaces. */
    public static final int HISTORY_COPY = 3;
    private static final DateTimeFormatter HISTORY_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private ReportWriter() {
    }

    /** The files a report for this drill will be written to, in the order written. */
    public static List<Path> files(Path reportDirectory, String stanza, java.time.Instant startedAt) {
        Path history = reportDirectory.resolve(HISTORY);
        String base = "pitr-drill-" + stanza + "-" + HISTORY_STAMP.format(startedAt);
        Path historyFile = history.resolve(base + ".json");
        for (int i = 2; Files.exists(historyFile); i++) {
            historyFile = history.resolve(base + "-" + i + ".json");
        }
        return List.of(reportDirectory.resolve(JSON), reportDirectory.resolve(MARKDOWN), reportDirectory.resolve(JUNIT),
                historyFile);
    }

    /**
     * Writes all files listed in {@code report.reportFiles()}, each private to its owner (0600), or 0640 for
     * the given group ({@link ReportFiles}).
     */
    public static void write(DrillReport report, Optional<String> group) {
        List<Path> files = report.reportFiles();
        String json = json(report);
        ReportFiles.write(files.get(0), json, group);
        ReportFiles.write(files.get(1), markdown(report), group);
        ReportFiles.write(files.get(2), junit(report), group);
        // Never replaced: the audit line of this drill points at it, and evidence documents read it later.
        ReportFiles.writeNew(files.get(HISTORY_COPY), json, group);
    }

    static String json(DrillReport r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("status", r.status().name());
        root.put("stanza", r.stanza());
        root.put("target", r.target().describe());
        root.put("backupSet", r.backupSet());
        root.put("recoveredTo", r.recoveredTo().map(Object::toString).orElse(null));
        root.put("startedAt", r.startedAt().toString());
        root.put("finishedAt", r.finishedAt().toString());
        Map<String, Object> timings = new LinkedHashMap<>();
        timings.put("restoreMs", r.timings().restore().toMillis());
        timings.put("recoveryMs", r.timings().recovery().toMillis());
        timings.put("totalMs", r.timings().total().toMillis());
        root.put("timings", timings);
        List<Map<String, Object>> checks = new ArrayList<>();
        for (DrillCheck c : r.checks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", c.name());
            m.put("database", c.database().orElse(null));
            m.put("status", c.status().name());
            m.put("expected", c.expected());
            m.put("actual", c.actual());
            m.put("message", c.message());
            checks.add(m);
        }
        root.put("checks", checks);
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("pgbackrest", r.pgBackRestVersion());
        versions.put("postgresql", r.postgresVersion());
        root.put("versions", versions);
        root.put("failure", r.failure().orElse(null));
        root.put("walReplay", walReplay(r.walReplay()));
        root.put("recoveryWindow", r.recoveryWindow().map(w -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("earliest", w.earliest().toString());
            m.put("latest", w.latest().toString());
            m.put("latestSource", w.latestSource().name());
            m.put("latestArchivedWal", w.latestArchivedWal().orElse(null));
            return m;
        }).orElse(null));
        root.put("repo", r.repo().orElse(null));
        root.put("seed", r.seed().orElse(null));
        root.put("plan", r.choice().map(ReportWriter::plan).orElse(null));
        List<Map<String, Object>> stale = new ArrayList<>();
        for (StaleDrill d : r.staleDrillsCleaned()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("scratchDirectory", d.scratchDirectory().toString());
            m.put("stanza", d.stanza());
            m.put("ownerPid", d.ownerPid());
            m.put("startedAt", d.startedAt().toString());
            m.put("postmasterPid", d.postmasterPid().orElse(null));
            m.put("bytes", d.bytes());
            m.put("removed", d.removed());
            m.put("note", d.note());
            stale.add(m);
        }
        root.put("staleDrillsCleaned", stale);
        root.put("phases", PhasesReport.phasesJson(r.phases()));
        root.put("rtoEstimate", PhasesReport.estimateJson(r.rtoEstimate(), r.timings().total()));
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a restore-test plan chose, and from what, so the drill can be replayed. */
    private static Map<String, Object> plan(DrillChoice c) {
        RestoreTestPlan p = c.plan();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("selection", p.selection().name().toLowerCase(Locale.ROOT));
        m.put("windowDays", p.windowDays());
        m.put("repositories", p.repositories().name().toLowerCase(Locale.ROOT));
        m.put("target", p.target().name().toLowerCase(Locale.ROOT));
        m.put("startWindow", p.startWindow().map(Object::toString).orElse(null));
        m.put("validationWindow", p.validationWindow().map(Object::toString).orElse(null));
        m.put("scheduledAt", c.scheduledAt().toString());
        m.put("eligible", c.eligible());
        m.put("chosen", c.backupSet());
        m.put("targetRange", c.rangeFrom().isPresent() ? Map.of("from", c.rangeFrom().get().toString(), "to",
                c.rangeTo().map(Object::toString).orElse("")) : null);
        m.put("reason", c.reason());
        return m;
    }

    /** The WAL range replayed, as stable JSON fields (absent values are null). */
    private static Map<String, Object> walReplay(WalReplay w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("complete", w.complete());
        m.put("firstSegment", w.firstSegment().orElse(null));
        m.put("lastSegment", w.lastSegment().orElse(null));
        m.put("segments", w.segments());
        m.put("bytes", w.bytes());
        m.put("lastReplayedLsn", w.lastReplayedLsn().orElse(null));
        m.put("lastReplayedCommit", w.lastReplayedCommit().map(Object::toString).orElse(null));
        m.put("expectedLastSegment", w.expectedLastSegment().orElse(null));
        m.put("expectedLsn", w.expectedLsn().orElse(null));
        m.put("firstMissingSegment", w.firstMissingSegment().orElse(null));
        return m;
    }

    static String markdown(DrillReport r) {
        StringBuilder s = new StringBuilder();
        s.append("# pitr restore drill: ").append(r.status()).append("\n\n");
        s.append("| | |\n|---|---|\n");
        row(s, "Stanza", r.stanza());
        row(s, "Target", r.target().describe());
        row(s, "Backup set", r.backupSet());
        row(s, "Recovered to (last replayed commit)", r.recoveredTo().map(Object::toString).orElse("unknown"));
        WalReplay w = r.walReplay();
        row(s, "WAL replayed", w.range().map(range -> range + " (" + w.segments() + " segments, " + w.bytes()
                + " bytes)").orElse("none"));
        row(s, "Last replayed LSN", w.lastReplayedLsn().orElse("unknown"));
        row(s, "WAL replay complete", w.complete() ? "yes" : "no" + w.firstMissingSegment()
                .map(m -> ", first segment not fetched: " + m).orElse(""));
        row(s, "Started", r.startedAt().toString());
        row(s, "Finished", r.finishedAt().toString());
        row(s, "Restore time", ms(r.timings().restore()));
        row(s, "Recovery time", ms(r.timings().recovery()));
        row(s, "Total (RTO)", ms(r.timings().total()));
        row(s, "pgBackRest", r.pgBackRestVersion());
        row(s, "PostgreSQL", r.postgresVersion());
        r.repo().ifPresent(n -> row(s, "Repository", "repo" + n));
        r.failure().ifPresent(f -> row(s, r.status() == DrillStatus.SKIPPED ? "Skipped"
                : r.status() == DrillStatus.INTERRUPTED ? "Interrupted" : "Failure", f));
        r.recoveryWindow().ifPresent(window -> row(s, "Recovery window", window.earliest() + " .. " + window.latest()
                + " (" + window.latestSource().description() + ")"));
        r.choice().ifPresent(c -> {
            row(s, "Plan", c.plan().describe());
            row(s, "Chosen", c.reason());
        });
        r.seed().ifPresent(seed -> row(s, "Seed (replay with it)", Long.toString(seed)));
        s.append("\n## Checks\n\n| Check | Database | Status | Expected | Actual | Message |\n|---|---|---|---|---|---|\n");
        for (DrillCheck c : r.checks()) {
            s.append("| ").append(cell(c.name())).append(" | ").append(cell(c.database().orElse(""))).append(" | ")
                    .append(c.status()).append(" | ").append(cell(c.expected()))
                    .append(" | ").append(cell(c.actual())).append(" | ").append(cell(c.message())).append(" |\n");
        }
        if (!r.staleDrillsCleaned().isEmpty()) {
            s.append("\n## Stale drills cleaned up first\n\n| Scratch directory | Stanza | Owner JVM | Started | Postmaster"
                    + " stopped | Size | Removed |\n|---|---|---|---|---|---|---|\n");
            for (StaleDrill d : r.staleDrillsCleaned()) {
                s.append("| ").append(cell(d.scratchDirectory().toString())).append(" | ").append(cell(d.stanza()))
                        .append(" | ").append(d.ownerPid()).append(" | ").append(d.startedAt()).append(" | ")
                        .append(d.postmasterPid().map(String::valueOf).orElse("none")).append(" | ")
                        .append(d.bytes() / (1024 * 1024)).append(" MB | ").append(d.removed() ? "yes" : "no").append(" |\n");
            }
        }
        PhasesReport.markdown(s, r);
        return s.toString();
    }

    /**
     * One testcase per check: a FAILED check is a {@code <failure>}, an INTERRUPTED one {@code <skipped>}; an
     * INTERRUPTED drill adds one {@code interrupted} testcase with an {@code <error>}, so CI shows it as an
     * error, never as a failed backup.
     */
    static String junit(DrillReport r) {
        long failures = r.failedChecks().size();
        // A check the drill skipped, or one an interruption cut short or never reached, is <skipped>.
        long skipped = r.checks().stream().filter(c -> c.status() == DrillStatus.SKIPPED
                || c.status() == DrillStatus.INTERRUPTED).count();
        boolean interrupted = r.status() == DrillStatus.INTERRUPTED;
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        s.append("<testsuite name=\"pitr-restore-drill\" tests=\"").append(r.checks().size() + (interrupted ? 1 : 0))
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(interrupted ? 1 : 0)
                .append("\" skipped=\"").append(skipped).append("\" time=\"").append(seconds(r.timings().total()))
                .append("\" timestamp=\"").append(r.startedAt()).append("\">\n");
        s.append("  <properties>\n");
        prop(s, "stanza", r.stanza());
        prop(s, "target", r.target().describe());
        prop(s, "backupSet", r.backupSet());
        prop(s, "status", r.status().name());
        prop(s, "restoreMs", Long.toString(r.timings().restore().toMillis()));
        prop(s, "recoveryMs", Long.toString(r.timings().recovery().toMillis()));
        prop(s, "totalMs", Long.toString(r.timings().total().toMillis()));
        r.failure().ifPresent(f -> prop(s, "failure", f));
        r.seed().ifPresent(seed -> prop(s, "seed", Long.toString(seed)));
        r.walReplay().range().ifPresent(range -> prop(s, "walReplayed", range));
        prop(s, "walBytes", Long.toString(r.walReplay().bytes()));
        r.walReplay().lastReplayedLsn().ifPresent(l -> prop(s, "lastReplayedLsn", l));
        s.append("  </properties>\n");
        for (DrillCheck c : r.checks()) {
            s.append("  <testcase classname=\"pitr.restore-drill.").append(xml(r.stanza())).append("\" name=\"")
                    .append(xml(c.name())).append("\" time=\"").append(PhasesReport.seconds(r.phases(), c.name()))
                    .append("\">");
            // The database the check ran in, as a testcase property (the form pytest and Jenkins use).
            c.database().ifPresent(d -> s.append("\n    <properties><property name=\"database\" value=\"").append(xml(d))
                    .append("\"/></properties>"));
            if (c.failed()) {
                s.append("\n    <failure message=\"").append(xml(c.message())).append("\" type=\"DrillCheckFailed\">")
                        .append("expected: ").append(xml(c.expected())).append("\nactual: ").append(xml(c.actual()))
                        .append(c.database().map(d -> "\ndatabase: " + xml(d)).orElse("")).append("</failure>");
            } else if (c.status() == DrillStatus.SKIPPED || c.status() == DrillStatus.INTERRUPTED) {
                s.append("\n    <skipped message=\"").append(xml(c.message())).append("\"/>");
            }
            s.append(c.passed() && c.database().isEmpty() ? "" : "\n  ").append("</testcase>\n");
        }
        if (interrupted) {
            s.append("  <testcase classname=\"pitr.restore-drill.").append(xml(r.stanza()))
                    .append("\" name=\"interrupted\" time=\"0\">\n    <error message=\"")
                    .append(xml(r.failure().orElse("interrupted"))).append("\" type=\"DrillInterrupted\"/>\n  </testcase>\n");
        }
        s.append("</testsuite>\n");
        return s.toString();
    }

    private static void row(StringBuilder s, String k, String v) {
        s.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n");
    }

    private static void prop(StringBuilder s, String k, String v) {
        s.append("    <property name=\"").append(xml(k)).append("\" value=\"").append(xml(v)).append("\"/>\n");
    }

    private static String cell(String v) {
        return v == null ? "" : v.replace("|", "\\|").replace("\n", " ");
    }

    private static String ms(Duration d) {
        return d.toMillis() + " ms";
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    static String xml(String v) {
        if (v == null) {
            return "";
        }
        StringBuilder s = new StringBuilder();
        for (char ch : v.toCharArray()) {
            switch (ch) {
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '&' -> s.append("&amp;");
                case '"' -> s.append("&quot;");
                case '\n' -> s.append("&#10;");
                default -> {
                    if (ch >= 0x20 || ch == '\t') {
                        s.append(ch);
                    }
                }
            }
        }
        return s.toString();
    }
}
