package dev.pitr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert rules of docs/monitoring.md, through Debian's real promtool: they pass {@code promtool check rules}
 * and fire for the right stanzas in {@code promtool test rules}.
 */
class MonitoringAlertsIT {
    @TempDir
    Path dir;

    @Test
    void theAlertRulesPassPromtoolCheckRules() throws Exception {
        Path rules = Files.writeString(dir.resolve("pitr-alerts.yml"), MonitoringDocsTest.alertRules());
        Promtool.Result r = Promtool.checkRules(rules);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("SUCCESS: 4 rules found"), r.output());
    }

    @Test
    void eachAlertFiresForTheBadStanzaOnlyInPromtoolTestRules() throws Exception {
        Files.writeString(dir.resolve("pitr-alerts.yml"), MonitoringDocsTest.alertRules());
        Path tests = dir.resolve("pitr-alerts-test.yml");
        try (InputStream in = MonitoringAlertsIT.class.getResourceAsStream("/metrics/pitr-alerts-test.yml")) {
            Files.write(tests, in.readAllBytes());
        }
        Promtool.Result r = Promtool.testRules(tests);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

}
