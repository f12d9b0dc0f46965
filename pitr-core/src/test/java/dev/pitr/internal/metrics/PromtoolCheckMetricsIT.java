package dev.pitr.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.metrics.PitrMetrics;
import dev.pitr.metrics.Promtool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code promtool check metrics} (Debian's prometheus package) accepts what pitr renders and writes. */
class PromtoolCheckMetricsIT {
    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsEveryFigureOfARealStanzaWithoutALintComplaint() {
        String text = MetricsFixtures.metrics().toPrometheusText();
        Promtool.Result r = Promtool.checkMetrics(text);
        assertTrue(r.ok(), "promtool check metrics: exit " + r.exitCode() + "\n" + r.output() + "\n" + text);
    }

    @Test
    void promtoolAcceptsEscapedLabelValues() {
        PitrMetrics odd = new PitrMetrics("we\"ird", MetricsFixtures.CHECKED_AT, List.of(new PitrMetrics.Family(
                "pitr_governance_rule_status", "Health-check rule status \\ with a backslash.",
                List.of(PitrMetrics.Sample.of(Map.of("stanza", "we\"ird\\name\nx", "rule", "r"), 1)))));
        Promtool.Result r = Promtool.checkMetrics(odd.toPrometheusText());
        assertTrue(r.ok(), r.output() + "\n" + odd.toPrometheusText());
    }

    @Test
    void theTextfileIsWrittenByRenameReadableByAllAndAcceptedByPromtool() throws Exception {
        Path file = dir.resolve("textfile/pitr-compat.prom");
        PitrMetrics m = MetricsFixtures.metrics();
        assertEquals(file, m.writeTextfile(file));
        Files.writeString(file, "stale");
        m.writeTextfile(file);
        String written = Files.readString(file);
        assertEquals(m.toPrometheusText(), written);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertEquals(List.of(file), left.toList(), "no temporary file is left next to the textfile");
        }
        assertFalse(written.contains("stale"));
        Promtool.Result r = Promtool.checkMetrics(written);
        assertTrue(r.ok(), r.output());
    }
}
