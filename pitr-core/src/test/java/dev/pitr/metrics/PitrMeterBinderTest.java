package dev.pitr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PitrMeterBinderTest {
    static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        Instant now = T0;

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static PitrMetrics metrics(String... rules) {
        List<PitrMetrics.Sample> ruleSamples = java.util.Arrays.stream(rules)
                .map(r -> PitrMetrics.Sample.of(Map.of("stanza", "nbms", "rule", r), 1)).toList();
        return new PitrMetrics("nbms", T0, List.of(
                new PitrMetrics.Family(MetricNames.DRILL_LAST_SUCCESS_AGE, "Seconds since the last PASSED drill.",
                        List.of(PitrMetrics.Sample.age(Map.of("stanza", "nbms"), T0.minusSeconds(100)))),
                new PitrMetrics.Family(MetricNames.RULE_STATUS, "Rule status.", ruleSamples)));
    }

    @Test
    void gaugesCarryThePrometheusNamesTagsAndHelpAndAgesGrowWithTheClock() {
        MovingClock clock = new MovingClock();
        PitrMeterBinder binder = new PitrMeterBinder(clock);
        binder.update(metrics("retention-full"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        binder.bindTo(registry);

        Gauge age = registry.get(MetricNames.DRILL_LAST_SUCCESS_AGE).tag("stanza", "nbms").gauge();
        assertEquals(100, age.value());
        assertEquals("Seconds since the last PASSED drill.", age.getId().getDescription());
        clock.now = T0.plusSeconds(60);
        assertEquals(160, age.value(), "an age keeps growing between updates");
        assertEquals(1, registry.get(MetricNames.RULE_STATUS).tags("stanza", "nbms", "rule", "retention-full").gauge()
                .value());
    }

    @Test
    void anUpdateAddsNewSeriesAndRemovesVanishedOnesFromEveryBoundRegistry() {
        PitrMeterBinder binder = new PitrMeterBinder();
        SimpleMeterRegistry before = new SimpleMeterRegistry();
        binder.bindTo(before);
        assertTrue(before.getMeters().isEmpty(), "no figures yet, no gauges");

        binder.update(metrics("retention-full", "restore-drill"));
        SimpleMeterRegistry after = new SimpleMeterRegistry();
        binder.bindTo(after);
        assertEquals(3, before.getMeters().size());
        assertEquals(3, after.getMeters().size());

        binder.update(metrics("restore-drill"));
        for (SimpleMeterRegistry r : List.of(before, after)) {
            assertNull(r.find(MetricNames.RULE_STATUS).tag("rule", "retention-full").gauge());
            assertEquals(1, r.get(MetricNames.RULE_STATUS).tag("rule", "restore-drill").gauge().value());
        }
    }
}
