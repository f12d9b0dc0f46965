package dev.pitr.internal.rto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.drill.RtoEstimate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RtoEstimatorTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final WalSpan WAL_400MB = new WalSpan(400_000_000L, "to the target LSN");

    private static PastDrill drill(int day, long restoreBytes, long restoreMs, long walBytes, long replayMs, long totalMs) {
        return new PastDrill(true, T0.plus(Duration.ofDays(day)), "F", "latest", restoreBytes,
                Duration.ofMillis(restoreMs), walBytes, Duration.ofMillis(replayMs), Duration.ofMillis(totalMs),
                Optional.empty(), false);
    }

    @Test
    void withoutHistoryThePlainModelAddsItsFixedCostsAndRates() {
        RtoEstimate e = RtoEstimator.estimate(new RtoEstimator.Inputs(800_000_000L, WAL_400MB, 2), List.of());
        assertEquals("plain", e.model());
        assertEquals(0, e.drills());
        // 1 s + 800 MB at 2 x 400 MB/s; 400 MB at 80 MB/s; 1 s for the rest.
        assertEquals(Duration.ofMillis(2000), e.restore());
        assertEquals(Duration.ofMillis(5000), e.replay());
        assertEquals(Duration.ofMillis(1000), e.other());
        assertEquals(Duration.ofMillis(8000), e.total());
        RtoEstimate tuned = RtoEstimator.estimate(new RtoEstimator.Inputs(800_000_000L, WAL_400MB, 2, true), List.of());
        assertEquals(Duration.ofMillis(2667), tuned.replay(), "400 MB at 150 MB/s with the replay settings");
        RtoEstimate inMemory = RtoEstimator.estimate(new RtoEstimator.Inputs(800_000_000L, WAL_400MB, 2, true, true),
                List.of());
        assertEquals(Duration.ofMillis(1200), inMemory.restore(), "into memory: 200 ms fixed, no fsync to wait for");
    }

    @Test
    void earlierDrillsCalibrateTheRatesAndTheRest() {
        // Each restored 300 MB in 1 s and replayed 450 MB in 4.5 s; the rest took 0.5 s.
        List<PastDrill> history = List.of(drill(1, 300_000_000L, 1000, 450_000_000L, 4500, 6000),
                drill(2, 300_000_000L, 1000, 450_000_000L, 4500, 6000));
        RtoEstimate e = RtoEstimator.estimate(new RtoEstimator.Inputs(600_000_000L, WAL_400MB, 2), history);
        assertEquals("calibrated", e.model());
        assertEquals(2, e.drills());
        assertEquals(Duration.ofMillis(2000), e.restore());
        assertEquals(Duration.ofMillis(4000), e.replay());
        assertEquals(Duration.ofMillis(500), e.other());
        assertEquals(-20.0, e.errorPercent(Duration.ofMillis(8125)), 0.01);
    }

    @Test
    void reportsWithoutWalFiguresTakeWhatFollowedTheRestoreAsOneBlock() {
        List<PastDrill> history = List.of(drill(1, 100, 10_000, 0, 4000, 16_000), drill(2, 100, 12_000, 0, 4000, 18_000));
        RtoEstimate e = RtoEstimator.estimate(new RtoEstimator.Inputs(100, WAL_400MB, 2), history);
        assertEquals(Duration.ofMillis(12_000), e.restore(), "of two drills, the newer one's");
        assertEquals(Duration.ofMillis(6000), e.replay().plus(e.other()));
    }

    @Test
    void oneSlowDrillMovesTheNextEstimateLittleAndRecentDrillsWeighMore() {
        // The scale-60 benchmark: a first drill of 4.6 s (caches cold) before drills of 2.6 s.
        List<PastDrill> two = List.of(drill(1, 900, 1900, 130, 1900, 4600), drill(2, 900, 1500, 130, 360, 2600));
        RtoEstimate e = RtoEstimator.estimate(new RtoEstimator.Inputs(900, new WalSpan(130, "x"), 2), two);
        assertEquals(Duration.ofMillis(2600), e.total(), "the newer drill: the host as it is now");
        // Ten drills, the newest three slower (weights 8, 9, 10 of 55): the weighted median is still the others'.
        List<PastDrill> ten = new ArrayList<>();
        for (int day = 1; day <= 10; day++) {
            ten.add(day <= 7 ? drill(day, 100, 1000, 100, 1000, 3000) : drill(day, 100, 2000, 100, 2000, 5000));
        }
        assertEquals(Duration.ofMillis(3000), RtoEstimator.estimate(new RtoEstimator.Inputs(100, new WalSpan(100, "x"),
                2), ten).total());
        // Newest five slower (weights 6..10 = 40 of 55): they decide.
        for (int day = 6; day <= 10; day++) {
            ten.set(day - 1, drill(day, 100, 2000, 100, 2000, 5000));
        }
        assertEquals(Duration.ofMillis(5000), RtoEstimator.estimate(new RtoEstimator.Inputs(100, new WalSpan(100, "x"),
                2), ten).total());
    }

    @Test
    void onlyTheLastTenPassedDrillsCalibrateAndFailedOnesNever() {
        List<PastDrill> history = new ArrayList<>();
        history.add(drill(0, 100, 1_000_000, 100, 1_000_000, 2_000_000)); // old and slow: out of the window
        for (int day = 1; day <= 10; day++) {
            history.add(drill(day, 100, 1000, 100, 1000, 3000));
        }
        history.add(new PastDrill(false, T0.plus(Duration.ofDays(11)), "F", "latest", 100, Duration.ofHours(1), 100,
                Duration.ofHours(1), Duration.ofHours(2), Optional.empty(), false));
        RtoEstimate e = RtoEstimator.estimate(new RtoEstimator.Inputs(100, new WalSpan(100, "x"), 2), history);
        assertEquals(10, e.drills());
        assertEquals(Duration.ofMillis(3000), e.total());
    }

    @Test
    void theEstimateDescribesItsModelAndBasis() {
        RtoEstimate e = RtoEstimator.estimate(new RtoEstimator.Inputs(800_000_000L, WAL_400MB, 2), List.of());
        assertTrue(e.describe().contains("plain model, no earlier drill"), e.describe());
        assertTrue(e.describe().contains("WAL to the target LSN"), e.describe());
    }
}
