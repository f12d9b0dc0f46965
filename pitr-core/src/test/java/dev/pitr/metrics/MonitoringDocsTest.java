package dev.pitr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/monitoring.md is what operators copy: its alert rules pass Debian's {@code promtool check rules} and fire
 * for the right stanzas in {@code promtool test rules}, and it documents every metric pitr emits.
 */
class MonitoringDocsTest {
    /** Surefire runs in pitr-core; the docs are the project's, next to it. */
    static final Path PAGE = Path.of("").toAbsolutePath().getParent().resolve("docs/monitoring.md");

    @TempDir
    Path dir;

    static String page() throws Exception {
        return Files.readString(PAGE);
    }

    /** The first yaml block under "## Alert rules". */
    static String alertRules() throws Exception {
        String page = page();
        String section = page.substring(page.indexOf("## Alert rules"));
        Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertTrue(m.find(), "no yaml block under '## Alert rules' in " + PAGE);
        return m.group(1);
    }

    @Test
    void theAlertRulesPassPromtoolCheckRules() throws Exception {
        Path rules = Files.writeString(dir.resolve("pitr-alerts.yml"), alertRules());
        Promtool.Result r = Promtool.checkRules(rules);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("SUCCESS: 4 rules found"), r.output());
    }

    @Test
    void eachAlertFiresForTheBadStanzaOnlyInPromtoolTestRules() throws Exception {
        Files.writeString(dir.resolve("pitr-alerts.yml"), alertRules());
        Path tests = dir.resolve("pitr-alerts-test.yml");
        try (InputStream in = MonitoringDocsTest.class.getResourceAsStream("/metrics/pitr-alerts-test.yml")) {
            Files.write(tests, in.readAllBytes());
        }
        Promtool.Result r = Promtool.testRules(tests);
        assertEquals(0, r.exitCode(), r.output());
        assertTrue(r.output().contains("SUCCESS"), r.output());
    }

    @Test
    void everyMetricNameIsDocumented() throws Exception {
        String page = page();
        List<String> missing = new ArrayList<>();
        for (Field f : MetricNames.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String name = (String) f.get(null);
                if (!page.contains("`" + name + "`")) {
                    missing.add(name);
                }
            }
        }
        assertEquals(List.of(), missing, "metrics not documented in " + PAGE);
    }
}
