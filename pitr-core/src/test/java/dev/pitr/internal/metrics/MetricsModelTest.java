package dev.pitr.internal.metrics;

import static dev.pitr.internal.metrics.MetricsFixtures.CHECKED_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.governance.HealthMetrics;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.RuleResult;
import dev.pitr.metrics.MetricNames;
import dev.pitr.metrics.PitrMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** pgBackRest 2.59.1's real info JSON and a health report become the exporter's and pitr's figures. */
class MetricsModelTest {
    static final Map<String, String> STANZA = Map.of("stanza", "compat");
    final PitrMetrics m = MetricsFixtures.metrics();

    double value(String name, Map<String, String> labels) {
        return m.value(name, labels).orElseThrow(() -> new AssertionError(name + labels + " missing in\n"
                + m.toPrometheusText()));
    }

    static Map<String, String> type(String backupType) {
        return Map.of("stanza", "compat", "backup_type", backupType);
    }

    @Test
    void lastBackupFiguresFollowTheExportersConventionDiffCountsFullIncrCountsEveryType() {
        // The full stopped 3605 s before the check, the incremental 3600 s: incr is "any backup".
        assertEquals(3605, value(MetricNames.BACKUP_SINCE_LAST_COMPLETION, type("full")));
        assertEquals(3605, value(MetricNames.BACKUP_SINCE_LAST_COMPLETION, type("diff")));
        assertEquals(3600, value(MetricNames.BACKUP_SINCE_LAST_COMPLETION, type("incr")));
        assertEquals(4, value(MetricNames.BACKUP_LAST_DURATION, type("full")));
        assertEquals(2, value(MetricNames.BACKUP_LAST_DURATION, type("incr")));
        assertEquals(23_230_335, value(MetricNames.BACKUP_LAST_SIZE, type("diff")));
        assertEquals(23_377_791, value(MetricNames.BACKUP_LAST_SIZE, type("incr")));
        assertEquals(852_225, value(MetricNames.BACKUP_LAST_DELTA, type("incr")));
        assertEquals(2_851_372, value(MetricNames.BACKUP_LAST_REPO_SIZE, type("incr")));
        assertEquals(59_750, value(MetricNames.BACKUP_LAST_REPO_DELTA, type("incr")));
        assertEquals(0, value(MetricNames.BACKUP_LAST_ERROR_STATUS, type("full")));
        assertEquals(2, value(MetricNames.BACKUP_LAST_ANNOTATIONS, type("full")));
        assertEquals(1, value(MetricNames.BACKUP_LAST_ANNOTATIONS, type("incr")));
    }

    @Test
    void stanzaRepositoryAndWalArchiveCarryTheExportersLabels() {
        assertEquals(0, value(MetricNames.STANZA_STATUS, STANZA));
        assertEquals(0, value(MetricNames.STANZA_BACKUP_LOCK_STATUS, STANZA));
        assertEquals(0, value(MetricNames.REPO_STATUS, Map.of("stanza", "compat", "repo_key", "1", "cipher", "none")));
        assertEquals(1, value(MetricNames.WAL_ARCHIVE_STATUS, Map.of("stanza", "compat", "database_id", "1",
                "pg_version", "15", "repo_key", "1")));
    }

    @Test
    void aRunningBackupHoldsTheLockAndTheProgressSeriesStayAbsentUntilInfoCarriesThem() {
        PitrMetrics running = MetricsModel.build("compat",
                Optional.of(MetricsFixtures.info("pgbackrest-2.59.1-backup-running.json")), MetricsFixtures.report(),
                List.of());
        assertEquals(1, running.value(MetricNames.STANZA_BACKUP_LOCK_STATUS, STANZA).orElseThrow());
        assertTrue(running.family(MetricNames.STANZA_BACKUP_COMPLETE_BYTES).isEmpty());
        assertFalse(running.toPrometheusText().contains(MetricNames.STANZA_BACKUP_COMPLETE_BYTES));
    }

    @Test
    void drillFiguresComeFromTheHealthReportAndTheNewestDrillReport() {
        assertEquals(Duration.ofDays(3).toSeconds(), value(MetricNames.DRILL_LAST_SUCCESS_AGE, STANZA));
        assertEquals(1, value(MetricNames.DRILL_LAST_STATUS, STANZA));
        assertEquals(18, value(MetricNames.DRILL_RTO, STANZA));
        assertEquals(12, value(MetricNames.DRILL_RTO_PHASE, Map.of("stanza", "compat", "phase", "restore")));
        assertEquals(4, value(MetricNames.DRILL_RTO_PHASE, Map.of("stanza", "compat", "phase", "recovery")));
        assertEquals(2, value(MetricNames.DRILL_RTO_PHASE, Map.of("stanza", "compat", "phase", "validation")));
        // Target 09:59:00, last replayed commit 09:58:59.250.
        assertEquals(0.75, value(MetricNames.DRILL_RECOVERY_POINT_GAP, STANZA));
    }

    @Test
    void theRtoEstimateScalesThePastRestoreRateToTheNewestBackupsSize() {
        // Restores of the 23,230,335-byte full took 10 s and then 12 s (of two drills the recency-weighted median is
        // the newer one's 12 s); the rest took 6 s both times.
        double expected = Math.round((12.0 * 23_377_791 / 23_230_335 + 6) * 1000) / 1000.0;
        assertEquals(expected, value(MetricNames.DRILL_RTO_ESTIMATE, STANZA));
    }

    @Test
    void everyRuleIsOneSeriesAndOnlyAFailIsZero() {
        assertEquals(1, value(MetricNames.RULE_STATUS, Map.of("stanza", "compat", "rule", "retention-full")));
        assertEquals(0, value(MetricNames.RULE_WARNING, Map.of("stanza", "compat", "rule", "retention-full")));
        assertEquals(1, value(MetricNames.RULE_STATUS, Map.of("stanza", "compat", "rule", "repository-encryption")));
        assertEquals(1, value(MetricNames.RULE_WARNING, Map.of("stanza", "compat", "rule", "repository-encryption")));
        assertEquals(0, value(MetricNames.RULE_STATUS, Map.of("stanza", "compat", "rule", "full-backup-age")));
        assertEquals(2, value(MetricNames.HEALTH_STATUS, STANZA));
    }

    @Test
    void walAndRecoveryWindowAgesAndTheCollectionInstant() {
        assertEquals(42, value(MetricNames.WAL_NEWEST_ARCHIVED_AGE, STANZA));
        assertEquals(0, value(MetricNames.WAL_ARCHIVE_LAG, STANZA));
        assertEquals(3605, value(MetricNames.RECOVERY_WINDOW, STANZA));
        assertEquals(1, value(MetricNames.INFO_STATUS, STANZA));
        assertEquals(CHECKED_AT.getEpochSecond(), value(MetricNames.COLLECTED, STANZA));
        assertEquals(CHECKED_AT, m.collectedAt());
    }

    @Test
    void agesAreSecondsSinceTheEventAtTheMomentTheyAreRead() {
        String later = m.toPrometheusText(CHECKED_AT.plusSeconds(10));
        assertTrue(later.contains("pgbackrest_backup_since_last_completion_seconds{backup_type=\"incr\",stanza=\"compat\"} 3610\n"),
                later);
        assertTrue(later.contains("pitr_drill_last_success_age_seconds{stanza=\"compat\"} 259210\n"), later);
        // Plain values do not move.
        assertTrue(later.contains("pitr_drill_rto_seconds{stanza=\"compat\"} 18\n"), later);
    }

    @Test
    void withoutInfoOnlyPitrsFiguresAreRenderedAndInfoStatusIsZero() {
        HealthReport r = new HealthReport("compat", CHECKED_AT, List.of(RuleResult.fail("stanza-info", "info failed",
                "fix it")), HealthMetrics.none());
        PitrMetrics none = MetricsModel.build("compat", Optional.empty(), r, List.of());
        assertEquals(0, none.value(MetricNames.INFO_STATUS, STANZA).orElseThrow());
        assertFalse(none.toPrometheusText().contains("pgbackrest_"), none.toPrometheusText());
        assertTrue(none.family(MetricNames.DRILL_LAST_SUCCESS_AGE).isEmpty(), "no drill on record: no age, not 0");
    }

    @Test
    void renderingIsStableHelpAndTypeComeFirstAndFamiliesKeepTheirOrder() {
        String text = m.toPrometheusText();
        assertEquals(text, MetricsFixtures.metrics().toPrometheusText());
        assertTrue(text.startsWith("""
                # HELP pgbackrest_stanza_status Current stanza status (pgBackRest's code: 0 ok, 1 missing stanza path, \
                2 no valid backups, 3 missing stanza data, 4 different across repos, 5 database mismatch across repos, \
                6 requested backup not found, 99 other).
                # TYPE pgbackrest_stanza_status gauge
                pgbackrest_stanza_status{stanza="compat"} 0
                """), text);
        assertTrue(text.contains("""
                pgbackrest_backup_since_last_completion_seconds{backup_type="diff",stanza="compat"} 3605
                pgbackrest_backup_since_last_completion_seconds{backup_type="full",stanza="compat"} 3605
                pgbackrest_backup_since_last_completion_seconds{backup_type="incr",stanza="compat"} 3600
                """), text);
        assertTrue(text.indexOf("pgbackrest_wal_archive_status") < text.indexOf("pitr_drill_last_success_age_seconds"));
    }
}
