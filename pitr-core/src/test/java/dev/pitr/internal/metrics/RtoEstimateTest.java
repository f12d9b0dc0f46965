package dev.pitr.internal.metrics;

import static dev.pitr.internal.metrics.MetricsFixtures.CHECKED_AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RtoEstimateTest {
    @Test
    void noPassedDrillNoEstimate() {
        DrillRecords.Drill failed = new DrillRecords.Drill(false, CHECKED_AT, CHECKED_AT, "latest", Optional.empty(),
                MetricsFixtures.FULL, Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1));
        assertTrue(RtoEstimate.of(List.of(failed), Optional.of(MetricsFixtures.info())).isEmpty());
    }

    @Test
    void withoutTheDrilledBackupSetInInfoTheEstimateIsTheMedianTotal() {
        List<DrillRecords.Drill> drills = MetricsFixtures.drills();
        assertEquals(Duration.ofSeconds(17), RtoEstimate.of(drills, Optional.empty()).orElseThrow());
    }

    @Test
    void onlyTheLastTenPassedDrillsCount() {
        List<DrillRecords.Drill> many = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // Two very slow old drills, then ten of 20 s.
            long total = i < 2 ? 1_000_000 : 20_000;
            many.add(MetricsFixtures.drill(CHECKED_AT.minus(Duration.ofDays(30 - i)), "latest", Optional.empty(),
                    total / 2, total / 4, total));
        }
        assertEquals(Duration.ofSeconds(20), RtoEstimate.of(many, Optional.empty()).orElseThrow());
    }
}
