package dev.pitr.internal.metrics;

import dev.pitr.governance.HealthMetrics;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.RuleResult;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.json.InfoJsonParser;
import dev.pitr.metrics.PitrMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A stanza as real pgBackRest 2.59.1 reported it (a full and an incremental backup), a health report an hour
 * after the incremental, and a drill history: the figures the metrics tests render.
 */
final class MetricsFixtures {
    /** The incremental backup of the fixture stopped at 1796119226 (2026-12-01T10:00:26Z); one hour later. */
    static final Instant CHECKED_AT = Instant.ofEpochSecond(1796119226).plus(Duration.ofHours(1));
    static final String FULL = "20261201-100017F";
    static final String INCR = "20261201-100017F_20261201-100024I";

    private MetricsFixtures() {
    }

    static StanzaInfo info(String fixture) {
        try (InputStream in = MetricsFixtures.class.getResourceAsStream("/info/" + fixture)) {
            return new InfoJsonParser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).stanzas().get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static StanzaInfo info() {
        return info("pgbackrest-2.59.1-full-incr-annotated.json");
    }

    static HealthReport report() {
        StanzaInfo i = info();
        HealthMetrics m = new HealthMetrics(Optional.of(Duration.ofHours(1)), Optional.of(Duration.ofSeconds(3605)),
                Optional.of(Duration.ZERO), i.recoveryWindow(), Optional.of(Duration.ofDays(3)), Optional.of(dev.pitr.drill.DrillStatus.PASSED),
                Optional.of(Duration.ofSeconds(42)));
        return new HealthReport("compat", CHECKED_AT, List.of(
                RuleResult.pass("retention-full", "repo1-retention-full=4 (at least 4)"),
                RuleResult.warn("repository-encryption", "repo1 (posix) is not encrypted", "encrypt it"),
                RuleResult.fail("full-backup-age", "too old", "take a full backup")), m);
    }

    /** Two PASSED drills of the full backup: restore 10 s / 12 s, recovery 4 s, validation 2 s. */
    static List<DrillRecords.Drill> drills() {
        Instant d1 = CHECKED_AT.minus(Duration.ofDays(10));
        Instant d2 = CHECKED_AT.minus(Duration.ofDays(3));
        return List.of(
                drill(d1, "latest", Optional.of(d1.minusSeconds(30)), 10_000, 4_000, 16_000),
                drill(d2, "time 2026-12-01 09:59:00.000000+00", Optional.of(Instant.parse("2026-12-01T09:58:59.250Z")),
                        12_000, 4_000, 18_000));
    }

    static DrillRecords.Drill drill(Instant finishedAt, String target, Optional<Instant> recoveredTo, long restoreMs,
            long recoveryMs, long totalMs) {
        return new DrillRecords.Drill(true, finishedAt.minusMillis(totalMs), finishedAt, target, recoveredTo, FULL,
                Duration.ofMillis(restoreMs), Duration.ofMillis(recoveryMs), Duration.ofMillis(totalMs));
    }

    static PitrMetrics metrics() {
        return MetricsModel.build("compat", Optional.of(info()), report(), drills());
    }
}
