package dev.pitr.internal.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.audit.AuditEntry;
import dev.pitr.audit.AuditLog;
import dev.pitr.audit.AuditOutcome;
import dev.pitr.drill.DrillStatus;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every restore drill of a stanza pitr can find, from three durable places: the drill reports in a
 * report directory ({@code pitr-drill-report.json} and {@code history/pitr-drill-<stanza>-*.json}),
 * {@code restore-drill} lines of the audit log, and {@code pitr-drill} annotations on backup sets.
 */
public final class DrillHistory {
    /** The annotation key a drill may set on the backup set it restored. */
    public static final String ANNOTATION = "pitr-drill";
    private static final Logger LOG = LoggerFactory.getLogger(DrillHistory.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?Z");
    private static final Pattern STATUS = Pattern.compile("\\b(PASSED|FAILED)\\b", Pattern.CASE_INSENSITIVE);

    /** One drill: PASSED, FAILED or INTERRUPTED, when it finished, and where pitr read it. */
    public record Drill(DrillStatus status, Instant finishedAt, String source) {
        public boolean passed() {
            return status == DrillStatus.PASSED;
        }
    }

    private final List<Drill> drills;
    private final List<String> searched;

    private DrillHistory(List<Drill> drills, List<String> searched) {
        this.drills = drills.stream().sorted(Comparator.comparing(Drill::finishedAt)).toList();
        this.searched = List.copyOf(searched);
    }

    public static DrillHistory read(String stanza, Optional<Path> reportDirectory, Optional<AuditLog> auditLog,
            Optional<StanzaInfo> info) {
        List<Drill> drills = new ArrayList<>();
        List<String> searched = new ArrayList<>();
        reportDirectory.ifPresent(dir -> {
            searched.add(dir + "/history");
            drills.addAll(reports(stanza, dir));
        });
        auditLog.ifPresent(log -> {
            searched.add("audit log " + log.file());
            for (AuditEntry e : log.entries()) {
                if (e.operation().equals("restore-drill") && e.stanza().equals(stanza)
                        && (e.outcome() == AuditOutcome.PASSED || e.outcome() == AuditOutcome.FAILED
                                || e.outcome() == AuditOutcome.INTERRUPTED)) {
                    drills.add(new Drill(DrillStatus.valueOf(e.outcome().name()), e.time(), "audit log " + log.file()));
                }
            }
        });
        info.ifPresent(i -> {
            searched.add("'" + ANNOTATION + "' backup annotations");
            for (BackupInfo b : i.backups()) {
                annotation(b).ifPresent(drills::add);
            }
        });
        return new DrillHistory(drills, searched);
    }

    private static List<Drill> reports(String stanza, Path dir) {
        List<Drill> out = new ArrayList<>();
        for (Path f : reportFiles(stanza, dir)) {
            try {
                JsonNode n = MAPPER.readTree(f.toFile());
                String status = n.path("status").asText("");
                String reportStanza = n.path("stanza").asText(stanza);
                Instant finished = Instant.parse(n.path("finishedAt").asText());
                if (reportStanza.equals(stanza) && (status.equals("PASSED") || status.equals("FAILED")
                        || status.equals("INTERRUPTED"))) {
                    out.add(new Drill(DrillStatus.valueOf(status), finished, f.toString()));
                }
            } catch (IOException | DateTimeParseException e) {
                LOG.warn("ignoring unreadable drill report {}: {}", f, e.getMessage());
            }
        }
        return out;
    }

    /**
     * The drill report files of a stanza in a report directory: {@code history/pitr-drill-<stanza>-*.json} and
     * the latest {@code pitr-drill-report.json} (which may be another stanza's: callers check its stanza).
     */
    public static List<Path> reportFiles(String stanza, Path dir) {
        List<Path> files = new ArrayList<>();
        Path history = dir.resolve("history");
        if (Files.isDirectory(history)) {
            try (Stream<Path> s = Files.list(history)) {
                s.filter(p -> p.getFileName().toString().startsWith("pitr-drill-" + stanza + "-")
                        && p.getFileName().toString().endsWith(".json")).forEach(files::add);
            } catch (IOException e) {
                LOG.warn("cannot list drill history {}: {}", history, e.getMessage());
            }
        }
        Path latest = dir.resolve("pitr-drill-report.json");
        if (Files.isRegularFile(latest)) {
            files.add(latest);
        }
        return files;
    }

    /** {@code pitr-drill=PASSED 2026-11-26T10:00:00Z} or a JSON object with status and finishedAt. */
    static Optional<Drill> annotation(BackupInfo b) {
        String value = b.annotations().get(ANNOTATION);
        if (value == null) {
            return Optional.empty();
        }
        Matcher status = STATUS.matcher(value);
        Matcher time = INSTANT.matcher(value);
        if (!status.find() || !time.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Drill(DrillStatus.valueOf(status.group(1).toUpperCase(java.util.Locale.ROOT)),
                    Instant.parse(time.group()),
                    "annotation on backup " + b.label()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** All drills found, oldest first (the same drill may appear in several places). */
    public List<Drill> drills() {
        return drills;
    }

    public Optional<Drill> lastPassed() {
        return drills.stream().filter(Drill::passed).reduce((a, b) -> b);
    }

    /**
     * The newest drill that ran to its end (PASSED or FAILED). An INTERRUPTED drill proved nothing either
     * way: governance counts it neither as a pass nor as a failure.
     */
    public Optional<Drill> last() {
        return drills.stream().filter(d -> d.status() != DrillStatus.INTERRUPTED).reduce((a, b) -> b);
    }

    /** The newest drill of any status, INTERRUPTED included. */
    public Optional<Drill> newest() {
        return drills.isEmpty() ? Optional.empty() : Optional.of(drills.get(drills.size() - 1));
    }

    /** Where pitr looked, for messages. */
    public List<String> searched() {
        return searched;
    }
}
