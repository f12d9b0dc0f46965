package dev.pitr.internal.metrics;

import static dev.pitr.metrics.MetricNames.COLLECTED;
import static dev.pitr.metrics.MetricNames.DRILL_LAST_INTERRUPTED;
import static dev.pitr.metrics.MetricNames.DRILL_LAST_STATUS;
import static dev.pitr.metrics.MetricNames.DRILL_LAST_SUCCESS_AGE;
import static dev.pitr.metrics.MetricNames.DRILL_RECOVERY_POINT_GAP;
import static dev.pitr.metrics.MetricNames.DRILL_RTO;
import static dev.pitr.metrics.MetricNames.DRILL_RTO_ESTIMATE;
import static dev.pitr.metrics.MetricNames.DRILL_RTO_PHASE;
import static dev.pitr.metrics.MetricNames.HEALTH_STATUS;
import static dev.pitr.metrics.MetricNames.INFO_STATUS;
import static dev.pitr.metrics.MetricNames.RECOVERY_WINDOW;
import static dev.pitr.metrics.MetricNames.RULE_STATUS;
import static dev.pitr.metrics.MetricNames.RULE_WARNING;
import static dev.pitr.metrics.MetricNames.WAL_ARCHIVE_LAG;
import static dev.pitr.metrics.MetricNames.WAL_NEWEST_ARCHIVED_AGE;

import dev.pitr.drill.DrillStatus;
import dev.pitr.governance.HealthMetrics;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.RuleResult;
import dev.pitr.info.StanzaInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What only pitr knows: restore drills (age of the last PASSED one, the newest one's status, RTO and its
 * phases, recovery-point gap), the RTO estimate of the next drill, every health-check rule, WAL archive
 * ages and the reach of point-in-time recovery. Ages taken from the health report are turned back into the
 * instant of the event ({@code checkedAt - age}), so they keep growing when read later.
 */
final class PitrFigures {
    private PitrFigures() {
    }

    static void declare(Figures f) {
        f.gauge(DRILL_LAST_SUCCESS_AGE, "Seconds since the last PASSED restore drill finished.");
        f.gauge(DRILL_LAST_STATUS, "Status of the newest completed restore drill (1 PASSED, 0 FAILED); an "
                + "INTERRUPTED drill does not change it.");
        f.gauge(DRILL_LAST_INTERRUPTED, "1 when the newest restore drill was INTERRUPTED (none completed since).");
        f.gauge(DRILL_RTO, "Recovery time the newest restore drill measured: restore, recovery and validation.");
        f.gauge(DRILL_RTO_PHASE, "Seconds the newest restore drill spent per phase (restore, recovery, validation).");
        f.gauge(DRILL_RECOVERY_POINT_GAP, "Seconds between the newest drill's last replayed commit and its target "
                + "(for a non-time target: the drill's start).");
        f.gauge(DRILL_RTO_ESTIMATE, "Estimated recovery time of the next restore drill, from the drill history's "
                + "rates and the newest backup's size.");
        f.gauge(RULE_STATUS, "Health-check rule status (1 passes or only warns, 0 fails).");
        f.gauge(RULE_WARNING, "Health-check rule warning (1 when the rule warns).");
        f.gauge(HEALTH_STATUS, "Health-check status (0 PASS, 1 WARN, 2 FAIL).");
        f.gauge(WAL_NEWEST_ARCHIVED_AGE, "Seconds since PostgreSQL last archived a WAL file "
                + "(pg_stat_archiver.last_archived_time).");
        f.gauge(WAL_ARCHIVE_LAG, "Seconds completed WAL has been waiting for the archive (0 when nothing waits).");
        f.gauge(RECOVERY_WINDOW, "Seconds since the oldest backup's stop: how far back point-in-time recovery reaches.");
        f.gauge(INFO_STATUS, "Whether pgbackrest info could be read for this collection (1 yes, 0 no).");
        f.gauge(COLLECTED, "When these figures were collected, in Unix seconds.");
    }

    static void add(Figures f, String stanza, HealthReport report, Optional<StanzaInfo> info,
            List<DrillRecords.Drill> drills, Instant collectedAt) {
        Map<String, String> s = Map.of("stanza", stanza);
        HealthMetrics m = report.metrics();
        Instant at = report.checkedAt();
        m.lastDrillAge().ifPresent(age -> f.age(DRILL_LAST_SUCCESS_AGE, s, at.minus(age)));
        m.lastDrillStatus().ifPresent(status -> f.flag(DRILL_LAST_STATUS, s, status == DrillStatus.PASSED));
        if (!drills.isEmpty()) {
            DrillRecords.Drill newest = drills.get(drills.size() - 1);
            f.value(DRILL_RTO, s, seconds(newest.total()));
            phase(f, stanza, "restore", newest.restore());
            phase(f, stanza, "recovery", newest.recovery());
            phase(f, stanza, "validation", newest.validation());
            newest.recoveryPointGap().ifPresent(gap -> f.value(DRILL_RECOVERY_POINT_GAP, s, seconds(gap)));
        }
        RtoEstimate.of(drills, info).ifPresent(e -> f.value(DRILL_RTO_ESTIMATE, s, seconds(e)));
        Set<String> seen = new HashSet<>();
        for (RuleResult r : report.results()) {
            // A rule name appears once; should two results share one, the first (as the table shows it) counts.
            if (seen.add(r.rule())) {
                Map<String, String> l = Map.of("stanza", stanza, "rule", r.rule());
                f.flag(RULE_STATUS, l, r.status() != RuleResult.Status.FAIL);
                f.flag(RULE_WARNING, l, r.status() == RuleResult.Status.WARN);
            }
        }
        f.value(HEALTH_STATUS, s, switch (report.status()) {
            case PASS -> 0;
            case WARN -> 1;
            case FAIL -> 2;
        });
        m.newestArchivedWalAge().ifPresent(age -> f.age(WAL_NEWEST_ARCHIVED_AGE, s, at.minus(age)));
        m.walArchiveLag().ifPresent(lag -> f.value(WAL_ARCHIVE_LAG, s, seconds(lag)));
        m.recoveryWindow().ifPresent(w -> f.age(RECOVERY_WINDOW, s, w.earliest()));
        f.flag(INFO_STATUS, s, info.isPresent());
        f.value(COLLECTED, s, collectedAt.toEpochMilli() / 1000.0);
    }

    /** Whether the newest drill report was INTERRUPTED; nothing when there is no drill report. */
    static void interrupted(Figures f, String stanza, Optional<Boolean> newestInterrupted) {
        newestInterrupted.ifPresent(i -> f.flag(DRILL_LAST_INTERRUPTED, Map.of("stanza", stanza), i));
    }

    private static void phase(Figures f, String stanza, String phase, Duration d) {
        f.value(DRILL_RTO_PHASE, Map.of("stanza", stanza, "phase", phase), seconds(d));
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
