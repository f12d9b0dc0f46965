package dev.pitr.internal.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.internal.health.DrillHistory;
import dev.pitr.internal.health.RecoveryPointGap;
import dev.pitr.internal.pg.Lsn;
import dev.pitr.internal.rto.PastDrill;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drill reports ({@code pitr-drill-report.json} and its history copies) of one stanza, with the figures
 * the metrics need: timings, target, last replayed commit, backup set. The latest report and its history
 * copy are the same drill: kept once.
 */
public final class DrillRecords {
    private static final Logger LOG = LoggerFactory.getLogger(DrillRecords.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * One drill report, as far as the metrics and the RTO estimate read it. {@code restoreBytes}, {@code walBytes},
     * {@code replay} and {@code replayEnd} are 0, zero or empty in reports written before pitr recorded them.
     */
    public record Drill(boolean passed, Instant startedAt, Instant finishedAt, String target,
            Optional<Instant> recoveredTo, String backupSet, Duration restore, Duration recovery, Duration total,
            long restoreBytes, long walBytes, Duration replay, Optional<PastDrill.Anchor> replayEnd,
            boolean inMemory) {

        /** A drill whose report carries no phase figures. */
        public Drill(boolean passed, Instant startedAt, Instant finishedAt, String target, Optional<Instant> recoveredTo,
                String backupSet, Duration restore, Duration recovery, Duration total) {
            this(passed, startedAt, finishedAt, target, recoveredTo, backupSet, restore, recovery, total, 0, 0,
                    Duration.ZERO, Optional.empty(), false);
        }

        /** The figures the RTO estimate calibrates with; a report without a replay phase counts its recovery. */
        public PastDrill past() {
            return new PastDrill(passed, finishedAt, backupSet, target, restoreBytes, restore, walBytes,
                    replay.isZero() ? recovery : replay, total, replayEnd, inMemory);
        }

        /** Everything after recovery: the drill's SQL checks, row counts, readiness checks. */
        public Duration validation() {
            Duration rest = total.minus(restore).minus(recovery);
            return rest.isNegative() ? Duration.ZERO : rest;
        }

        /**
         * For a time target, the distance between the last replayed commit and the target; for any other
         * target, how far the last replayed commit lies before the drill's start (what a failure at that
         * moment could have lost at most; an idle database shows its idle time). Empty when PostgreSQL
         * reported no replayed commit.
         */
        public Optional<Duration> recoveryPointGap() {
            return RecoveryPointGap.of(target, recoveredTo, startedAt);
        }
    }

    private DrillRecords() {
    }

    /** The stanza's drill reports in {@code dir}, oldest first. */
    public static List<Drill> read(String stanza, Path dir) {
        return read(stanza, DrillHistory.reportFiles(stanza, dir));
    }

    /**
     * The stanza's newest drill reports, at most {@code newest} history copies (their names sort by time) and the
     * latest report, oldest first: what the RTO estimate calibrates with, read in a time that does not grow with
     * years of history.
     */
    public static List<Drill> readNewest(String stanza, Path dir, int newest) {
        List<Path> files = new ArrayList<>(DrillHistory.reportFiles(stanza, dir));
        Path latest = dir.resolve("pitr-drill-report.json");
        boolean hasLatest = files.remove(latest);
        // Only this stanza's copies (pitr-drill-<stanza>-<UTC time>[-n].json): the prefix alone also matches stanza
        // "main-x" for "main", whose newer copies could push all of main's out of the newest.
        java.util.regex.Pattern own = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote("pitr-drill-" + stanza
                + "-") + "\\d{8}T\\d{6}Z(-\\d+)?\\.json");
        files.removeIf(p -> !own.matcher(p.getFileName().toString()).matches());
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        List<Path> kept = new ArrayList<>(files.subList(Math.max(0, files.size() - newest), files.size()));
        if (hasLatest) {
            kept.add(latest);
        }
        return read(stanza, kept);
    }

    private static List<Drill> read(String stanza, List<Path> reports) {
        Map<String, Drill> byStart = new LinkedHashMap<>();
        for (Path f : reports) {
            try {
                JsonNode n = MAPPER.readTree(f.toFile());
                String status = n.path("status").asText("");
                if (!n.path("stanza").asText(stanza).equals(stanza)
                        || !(status.equals("PASSED") || status.equals("FAILED"))) {
                    continue;
                }
                JsonNode t = n.path("timings");
                Instant finished = Instant.parse(n.path("finishedAt").asText());
                Duration total = ms(t, "totalMs");
                // A report written by hand (or by an older pitr) may lack startedAt: the timings tell it.
                Instant started = n.path("startedAt").isTextual() ? Instant.parse(n.path("startedAt").asText())
                        : finished.minus(total);
                Optional<Instant> recoveredTo = n.path("recoveredTo").isTextual()
                        ? Optional.of(Instant.parse(n.path("recoveredTo").asText())) : Optional.empty();
                JsonNode phases = n.path("phases");
                JsonNode wal = n.path("walReplay");
                Drill d = new Drill(status.equals("PASSED"), started, finished, n.path("target").asText(""),
                        recoveredTo, n.path("backupSet").asText(""), ms(t, "restoreMs"), ms(t, "recoveryMs"), total,
                        Math.max(0, phases.path("restore").path("bytes").asLong(0)), Math.max(0, wal.path("bytes")
                                .asLong(0)), ms(phases.path("walReplay"), "ms"), replayEnd(wal),
                        phases.path("restore").path("inMemory").asBoolean(false));
                byStart.putIfAbsent(started + "/" + finished, d);
            } catch (IOException | DateTimeParseException e) {
                LOG.warn("ignoring unreadable drill report {}: {}", f, e.getMessage());
            }
        }
        List<Drill> out = new ArrayList<>(byStart.values());
        out.sort(Comparator.comparing(Drill::finishedAt));
        return out;
    }

    /**
     * Whether the stanza's newest drill report (by finishedAt) is INTERRUPTED; empty without any report.
     * INTERRUPTED reports are not in {@link #read}: their timings are those of a drill cut short.
     */
    public static Optional<Boolean> newestInterrupted(String stanza, Path dir) {
        return DrillHistory.read(stanza, Optional.of(dir), Optional.empty(), Optional.empty()).newest()
                .map(d -> d.status() == dev.pitr.drill.DrillStatus.INTERRUPTED);
    }

    /** Where the drill's replay ended: its last replayed commit's time and the last replayed WAL position. */
    private static Optional<PastDrill.Anchor> replayEnd(JsonNode walReplay) {
        String lsn = walReplay.path("lastReplayedLsn").asText("");
        String commit = walReplay.path("lastReplayedCommit").asText("");
        if (!Lsn.isLsn(lsn) || commit.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new PastDrill.Anchor(Instant.parse(commit), Lsn.parse(lsn), "the last commit an "
                    + "earlier drill replayed (" + commit + ")"));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration ms(JsonNode timings, String field) {
        return Duration.ofMillis(Math.max(0, timings.path(field).asLong(0)));
    }
}
