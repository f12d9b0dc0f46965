package dev.pitr.internal.metrics;

import dev.pitr.governance.HealthReport;
import dev.pitr.info.StanzaInfo;
import dev.pitr.metrics.PitrMetrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Turns what was collected (info, the health report, the drill reports) into the metric families, once. */
public final class MetricsModel {
    private MetricsModel() {
    }

    /**
     * @param info      pgBackRest's info for the stanza; empty when it could not be read
     * @param report    the health check of the same stanza; its {@code checkedAt} is the collection instant
     * @param reports   the drill report directory
     */
    public static PitrMetrics build(String stanza, Optional<StanzaInfo> info, HealthReport report, Path reports) {
        return build(stanza, info, report, DrillRecords.read(stanza, reports),
                DrillRecords.newestInterrupted(stanza, reports));
    }

    static PitrMetrics build(String stanza, Optional<StanzaInfo> info, HealthReport report,
            List<DrillRecords.Drill> drills) {
        return build(stanza, info, report, drills, Optional.empty());
    }

    static PitrMetrics build(String stanza, Optional<StanzaInfo> info, HealthReport report,
            List<DrillRecords.Drill> drills, Optional<Boolean> newestInterrupted) {
        Figures f = new Figures();
        PgBackRestFigures.declare(f);
        PitrFigures.declare(f);
        info.ifPresent(i -> PgBackRestFigures.add(f, stanza, i));
        PitrFigures.add(f, stanza, report, info, drills, report.checkedAt());
        PitrFigures.interrupted(f, stanza, newestInterrupted);
        return new PitrMetrics(stanza, report.checkedAt(), f.families());
    }
}
