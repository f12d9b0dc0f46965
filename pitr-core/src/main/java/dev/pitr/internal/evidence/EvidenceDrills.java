package dev.pitr.internal.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.audit.AuditEntry;
import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillStatus;
import dev.pitr.governance.EvidenceDocument.Drill;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.health.RecoveryPointGap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every drill of a stanza on record: the history copies in {@code <reportDirectory>/history/} joined with the
 * {@code restore-drill} lines of the audit log (by the history file a line names, or by its finish time for
 * lines older pitr versions wrote). A drill only the audit log remembers is kept, with a note.
 */
public final class EvidenceDrills {
    private static final Logger LOG = LoggerFactory.getLogger(EvidenceDrills.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EvidenceDrills() {
    }

    /**
     * The drills, oldest first, and for the drills whose record does not add up (only the audit line is left,
     * or it disagrees with the history copy) why, by finish time.
     */
    public record Result(List<Drill> drills, Map<Instant, String> inconsistent) {
    }

    /** All drills of the stanza. */
    public static Result read(String stanza, Path reportDirectory, List<AuditRecords.Line> audit,
            Optional<StanzaInfo> info) {
        Map<String, Integer> repoOfBackup = new HashMap<>();
        info.ifPresent(i -> i.backups().forEach(b -> repoOfBackup.put(b.label(), b.repoKey())));
        List<AuditRecords.Line> drillLines = audit.stream().filter(l -> l.entry().operation().equals("restore-drill")
                && l.entry().stanza().equals(stanza)).toList();
        List<Drill> out = new ArrayList<>();
        Map<Instant, String> inconsistent = new HashMap<>();
        List<AuditRecords.Line> matched = new ArrayList<>();
        for (Path file : historyFiles(stanza, reportDirectory)) {
            Optional<JsonNode> report = readJson(file);
            if (report.isEmpty() || !report.get().path("stanza").asText(stanza).equals(stanza)) {
                continue;
            }
            JsonNode r = report.get();
            Instant finished;
            try {
                finished = Instant.parse(r.path("finishedAt").asText());
            } catch (RuntimeException unparsable) {
                LOG.warn("ignoring drill report {} without a finishedAt", file);
                continue;
            }
            Path absolute = file.toAbsolutePath().normalize();
            Optional<AuditRecords.Line> line = drillLines.stream().filter(l -> l.entry().detail().flatMap(EvidenceDrills::path)
                    .map(absolute::equals).orElse(false) || l.entry().time().equals(finished)).findFirst();
            line.ifPresent(matched::add);
            Drill drill = fromReport(file, r, finished, line, repoOfBackup);
            line.filter(l -> !l.entry().outcome().name().equals(drill.status())).ifPresent(l -> inconsistent.put(finished,
                    drill.notes().get(0)));
            out.add(drill);
        }
        for (AuditRecords.Line l : drillLines) {
            if (!matched.contains(l)) {
                Drill drill = fromAuditLine(l, repoOfBackup);
                inconsistent.put(drill.finishedAt(), drill.notes().get(0));
                out.add(drill);
            }
        }
        out.sort(Comparator.comparing(Drill::finishedAt));
        return new Result(out, inconsistent);
    }

    private static List<Path> historyFiles(String stanza, Path reportDirectory) {
        Path history = reportDirectory.resolve("history");
        if (!Files.isDirectory(history)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(history)) {
            return s.filter(p -> p.getFileName().toString().startsWith("pitr-drill-" + stanza + "-")
                    && p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            LOG.warn("cannot list drill history {}: {}", history, e.getMessage());
            return List.of();
        }
    }

    private static Optional<JsonNode> readJson(Path file) {
        try {
            return Optional.of(MAPPER.readTree(file.toFile()));
        } catch (IOException e) {
            LOG.warn("ignoring unreadable drill report {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    private static Drill fromReport(Path file, JsonNode r, Instant finished, Optional<AuditRecords.Line> line,
            Map<String, Integer> repoOfBackup) {
        String status = r.path("status").asText("UNKNOWN");
        String backupSet = r.path("backupSet").asText("unknown");
        String target = r.path("target").asText("unknown");
        Instant started = instant(r.path("startedAt")).orElse(finished);
        Optional<Instant> recoveredTo = instant(r.path("recoveredTo"));
        List<DrillCheck> checks = new ArrayList<>();
        for (JsonNode c : r.path("checks")) {
            DrillCheck check = new DrillCheck(c.path("name").asText(), checkStatus(c.path("status").asText()),
                    c.path("expected").asText(""), c.path("actual").asText(""), c.path("message").asText(""));
            checks.add(c.path("database").isTextual() ? check.in(c.path("database").asText()) : check);
        }
        Optional<Integer> repo = r.path("repo").canConvertToInt() ? Optional.of(r.path("repo").asInt())
                : Optional.ofNullable(repoOfBackup.get(backupSet));
        Optional<Long> seed = r.path("seed").canConvertToLong() ? Optional.of(r.path("seed").asLong()) : Optional.empty();
        List<String> notes = new ArrayList<>();
        line.ifPresent(l -> {
            String said = l.entry().outcome().name();
            if (!said.equals(status)) {
                notes.add("its audit line" + l.seq().map(s -> " (seq " + s + ")").orElse("") + " says " + said
                        + ", its history copy says " + status);
            }
            if (!l.entry().detail().map(EvidenceDrills::isHistoryCopy).orElse(false)) {
                notes.add("its audit line names " + l.entry().detail().orElse("no file") + ", not the history copy "
                        + "(written by an older pitr)");
            }
        });
        return new Drill(started, finished, status, repo, backupSet, target, recoveredTo,
                Duration.ofMillis(r.path("timings").path("totalMs").asLong(0)),
                RecoveryPointGap.of(target, recoveredTo, started),
                RecoveryPointGap.targetTime(target).isPresent() ? "target" : "drill start", checks, seed, Optional.of(file),
                line.flatMap(AuditRecords.Line::seq), notes);
    }

    private static Drill fromAuditLine(AuditRecords.Line l, Map<String, Integer> repoOfBackup) {
        AuditEntry e = l.entry();
        String status = e.outcome().name();
        String backupSet = e.backupLabel().orElse("unknown");
        String note = "only its audit line" + l.seq().map(s -> " (seq " + s + ")").orElse("") + " is left: "
                + e.detail().map(d -> "the report it names, " + d + ", is missing").orElse("it names no report");
        Instant started = e.time().minusMillis(e.durationMs());
        return new Drill(started, e.time(), status, Optional.ofNullable(repoOfBackup.get(backupSet)), backupSet, "unknown",
                Optional.empty(), Duration.ofMillis(e.durationMs()), Optional.empty(), "drill start", List.of(),
                Optional.empty(), Optional.empty(), l.seq(), List.of(note));
    }

    private static Optional<Instant> instant(JsonNode n) {
        if (!n.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(n.asText()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A check's status; one this version does not know counts as FAILED, never as PASSED. */
    private static DrillStatus checkStatus(String text) {
        for (DrillStatus st : DrillStatus.values()) {
            if (st.name().equals(text)) {
                return st;
            }
        }
        return DrillStatus.FAILED;
    }

    private static boolean isHistoryCopy(String detail) {
        return path(detail).filter(p -> p.isAbsolute() && p.getParent() != null && p.getParent().getFileName() != null
                && p.getParent().getFileName().toString().equals("history")).isPresent();
    }

    private static Optional<Path> path(String text) {
        try {
            return Optional.of(Path.of(text).normalize());
        } catch (java.nio.file.InvalidPathException notAPath) {
            return Optional.empty();
        }
    }
}
