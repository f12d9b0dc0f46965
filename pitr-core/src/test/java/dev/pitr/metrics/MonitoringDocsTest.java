package dev.pitr.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/monitoring.md is what operators copy: it documents every metric pitr emits (its alert rules are run
 * through promtool by {@link MonitoringAlertsIT}).
 */
class MonitoringDocsTest {
    /** Surefire runs in pitr-core; the docs are the project's, next to it. */
    static final Path PAGE = Path.of("").toAbsolutePath().getParent().resolve("docs/monitoring.md");

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
