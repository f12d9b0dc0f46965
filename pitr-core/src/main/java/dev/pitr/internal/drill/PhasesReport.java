package dev.pitr.internal.drill;

import dev.pitr.drill.DrillPhases;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.RtoEstimate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The report's {@code phases} and {@code rtoEstimate}: where the drill's time went and what was expected of it,
 * as stable JSON fields and as a Markdown table.
 */
final class PhasesReport {
    private PhasesReport() {
    }

    static Map<String, Object> phasesJson(DrillPhases p) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> restore = new LinkedHashMap<>();
        restore.put("ms", p.restore().duration().toMillis());
        restore.put("bytes", p.restore().bytes());
        restore.put("mbPerSecond", round(p.restore().mbPerSecond()));
        restore.put("inMemory", p.restore().inMemory());
        restore.put("scratch", p.restore().scratch());
        m.put("restore", restore);
        m.put("configure", Map.of("ms", p.configure().toMillis()));
        Map<String, Object> wal = new LinkedHashMap<>();
        wal.put("ms", p.walReplay().duration().toMillis());
        wal.put("bytes", p.walReplay().bytes());
        wal.put("segmentsFetched", p.walReplay().segmentsFetched());
        wal.put("segmentsReplayed", p.walReplay().segmentsReplayed());
        wal.put("mbPerSecond", round(p.walReplay().mbPerSecond()));
        wal.put("prefetch", p.walReplay().prefetch());
        m.put("walReplay", wal);
        m.put("promotion", Map.of("ms", p.promotion().toMillis()));
        m.put("validations", timed(p.validations()));
        m.put("integrity", timed(p.integrity()));
        Map<String, Object> teardown = new LinkedHashMap<>();
        teardown.put("ms", p.teardown().map(Duration::toMillis).orElse(null));
        m.put("teardown", teardown);
        return m;
    }

    /** The estimate next to the RTO measured; null when none was made. */
    static Map<String, Object> estimateJson(Optional<RtoEstimate> estimate, Duration actual) {
        if (estimate.isEmpty()) {
            return null;
        }
        RtoEstimate e = estimate.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("estimatedMs", e.total().toMillis());
        m.put("actualMs", actual.toMillis());
        m.put("errorPercent", round(e.errorPercent(actual)));
        m.put("model", e.model());
        m.put("drills", e.drills());
        m.put("restoreMs", e.restore().toMillis());
        m.put("replayMs", e.replay().toMillis());
        m.put("otherMs", e.other().toMillis());
        m.put("restoreBytes", e.restoreBytes());
        m.put("walBytes", e.walBytes());
        m.put("walBasis", e.walBasis());
        return m;
    }

    static void markdown(StringBuilder s, DrillReport r) {
        DrillPhases p = r.phases();
        s.append("\n## Where the time went\n\n| Phase | Time | Figures |\n|---|---:|---|\n");
        line(s, "restore", p.restore().duration(), mb(p.restore().bytes()) + " written, " + rate(p.restore().mbPerSecond())
                + (p.restore().scratch().isEmpty() ? "" : ", " + p.restore().scratch()));
        line(s, "configure the clone", p.configure(), "");
        line(s, "WAL fetch and replay", p.walReplay().duration(), mb(p.walReplay().bytes()) + " replayed, "
                + rate(p.walReplay().mbPerSecond()) + ", " + p.walReplay().segmentsFetched() + " segments fetched ("
                + p.walReplay().prefetch() + ")");
        line(s, "promotion", p.promotion(), "");
        p.validations().forEach(t -> line(s, "check " + t.name(), t.duration(), ""));
        p.integrity().forEach(t -> line(s, "integrity " + t.name(), t.duration(), "after the RTO was taken"));
        line(s, "teardown", p.teardown().orElse(null), p.teardown().isPresent() ? "" : "after this report (the "
                + "cluster was left running for the caller)");
        r.rtoEstimate().ifPresent(e -> s.append("\nRTO estimated before the drill: ").append(ms(e.total()))
                .append(", measured ").append(ms(r.timings().total())).append(String.format(Locale.ROOT, " (error %+.1f %%)",
                        e.errorPercent(r.timings().total()))).append("; ").append(e.describe()).append('\n'));
    }

    /** A check's duration in seconds for JUnit's testcase time ("0" when it was not timed). */
    static String seconds(DrillPhases p, String check) {
        List<DrillPhases.Timed> all = new ArrayList<>(p.validations());
        all.addAll(p.integrity());
        return all.stream().filter(t -> t.name().equals(check)).findFirst()
                .map(t -> String.format(Locale.ROOT, "%.3f", t.duration().toMillis() / 1000.0)).orElse("0");
    }

    private static List<Map<String, Object>> timed(List<DrillPhases.Timed> timed) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (DrillPhases.Timed t : timed) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", t.name());
            m.put("ms", t.duration().toMillis());
            out.add(m);
        }
        return out;
    }

    private static void line(StringBuilder s, String phase, Duration d, String figures) {
        s.append("| ").append(phase.replace("|", "\\|")).append(" | ").append(d == null ? "—" : ms(d)).append(" | ")
                .append(figures.replace("|", "\\|")).append(" |\n");
    }

    private static String ms(Duration d) {
        return d.toMillis() + " ms";
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static String rate(double mbPerSecond) {
        return String.format(Locale.ROOT, "%.1f MB/s", mbPerSecond);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
