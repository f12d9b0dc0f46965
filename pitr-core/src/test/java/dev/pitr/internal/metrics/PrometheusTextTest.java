package dev.pitr.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pitr.metrics.PitrMetrics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void labelValuesEscapeBackslashQuoteAndNewlineAndHelpEscapesBackslashAndNewline() {
        PitrMetrics.Family f = new PitrMetrics.Family("pitr_x", "a \\ help\nline",
                List.of(PitrMetrics.Sample.of(Map.of("rule", "a\\b\"c\nd"), 1)));
        assertEquals("# HELP pitr_x a \\\\ help\\nline\n# TYPE pitr_x gauge\npitr_x{rule=\"a\\\\b\\\"c\\nd\"} 1\n",
                PrometheusText.render(List.of(f), NOW));
    }

    @Test
    void samplesAreSortedByLabelsAndLabelsByName() {
        PitrMetrics.Family f = new PitrMetrics.Family("pitr_x", "h", List.of(
                PitrMetrics.Sample.of(Map.of("stanza", "b", "rule", "z"), 2),
                PitrMetrics.Sample.of(Map.of("stanza", "a", "rule", "z"), 1)));
        assertEquals("# HELP pitr_x h\n# TYPE pitr_x gauge\npitr_x{rule=\"z\",stanza=\"a\"} 1\npitr_x{rule=\"z\",stanza=\"b\"} 2\n",
                PrometheusText.render(List.of(f), NOW));
    }

    @Test
    void numbersAreIntegersWhenWholeAndAgesHaveMillisecondPrecision() {
        assertEquals("426284670", PrometheusText.number(426_284_670));
        assertEquals("0.75", PrometheusText.number(0.75));
        assertEquals("1796125407.737", PrometheusText.number(1_796_125_407.737));
        assertEquals("NaN", PrometheusText.number(Double.NaN));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        PitrMetrics.Sample age = PitrMetrics.Sample.age(Map.of(), NOW.minusMillis(1500));
        assertEquals(1.5, age.valueAt(NOW));
    }

    @Test
    void aFamilyWithoutSamplesIsNotRendered() {
        assertEquals("", PrometheusText.render(List.of(new PitrMetrics.Family("pitr_x", "h", List.of())), NOW));
    }

    @Test
    void invalidMetricAndLabelNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PitrMetrics.Family("pitr-x", "h", List.of()));
        assertThrows(IllegalArgumentException.class, () -> PitrMetrics.Sample.of(Map.of("backup-type", "x"), 1));
        assertThrows(IllegalArgumentException.class, () -> PitrMetrics.Sample.of(Map.of("__name__", "x"), 1));
    }
}
