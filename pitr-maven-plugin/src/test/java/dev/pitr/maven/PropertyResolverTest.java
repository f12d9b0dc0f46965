package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PropertyResolverTest {
    private final MojoFixture f = new MojoFixture();

    @Test
    void commandLineWinsOverSystemPropertiesPomPropertiesPluginConfigurationAndEnvironment() {
        f.env.put("PGBACKREST_STANZA", "from-env");
        assertEquals(Optional.of("from-env"), f.resolver().string(Param.STANZA, null));
        assertEquals(Optional.of("from-pom-config"), f.resolver().string(Param.STANZA, "from-pom-config"));
        f.project.setProperty("pitr.stanza", "from-pom-properties");
        assertEquals(Optional.of("from-pom-properties"), f.resolver().string(Param.STANZA, "from-pom-config"));
        f.system.setProperty("pitr.stanza", "from-system");
        assertEquals(Optional.of("from-system"), f.resolver().string(Param.STANZA, "from-pom-config"));
        f.user.setProperty("pitr.stanza", "from-command-line");
        assertEquals(Optional.of("from-command-line"), f.resolver().string(Param.STANZA, "from-pom-config"));
    }

    @Test
    void runbookVariablesAreUsedInOrderOnlyWhenNothingElseIsSet() {
        f.env.put("PITR_TARGET_TIME", "2026-02-24T10:30:00Z");
        assertEquals(Optional.of("2026-02-24T10:30:00Z"), f.resolver().string(Param.TARGET, null));
        assertEquals(Optional.of("latest"), f.resolver().string(Param.TARGET, "latest"));
        assertEquals(Optional.empty(), f.resolver().string(Param.STANZA, " "));
    }

    @Test
    void aBareFlagOnTheCommandLineMeansTrueAndOverridesThePom() {
        f.user.setProperty("pitr.skip", "");
        assertTrue(f.resolver().flag(Param.SKIP, false));
        f.user.setProperty("pitr.skip", "false");
        assertFalse(f.resolver().flag(Param.SKIP, true));
        assertTrue(new MojoFixture().resolver().flag(Param.SKIP, true));
    }

    @Test
    void aFlagThatIsNotABooleanNamesTheProperty() {
        f.user.setProperty("pitr.failOnError", "maybe");
        PluginConfigurationException e = assertThrows(PluginConfigurationException.class,
                () -> f.resolver().flag(Param.FAIL_ON_ERROR, true));
        assertTrue(e.getMessage().contains("-Dpitr.failOnError"), e.getMessage());
        assertTrue(e.getMessage().contains("<failOnError>"), e.getMessage());
    }

    @Test
    void durationsAreIso8601AndABadOneNamesElementAndProperty() {
        assertEquals(Optional.of(Duration.ofHours(2)), f.resolver().duration(Param.TIMEOUT, "PT2H"));
        PluginConfigurationException e = assertThrows(PluginConfigurationException.class,
                () -> f.resolver().duration(Param.TIMEOUT, "2 hours"));
        assertTrue(e.getMessage().startsWith("<timeout> (-Dpitr.timeout): '2 hours' is not an ISO-8601 duration"),
                e.getMessage());
    }

    @Test
    void mapsAndListsFromTheCommandLineReplaceThePomValues() {
        f.user.setProperty("pitr.expectedRowCounts", "orders=10, customers=3");
        assertEquals(Map.of("orders", "10", "customers", "3"),
                f.resolver().map(Param.EXPECTED_ROW_COUNTS, Map.of("x", "1"), ","));
        f.user.setProperty("pitr.checks", "positive=SELECT count(*) > 0 FROM t WHERE a IN (1,2);ok=SELECT true");
        assertEquals(Map.of("positive", "SELECT count(*) > 0 FROM t WHERE a IN (1,2)", "ok", "SELECT true"),
                f.resolver().map(Param.CHECKS, Map.of(), ";"));
        assertEquals(List.of(), f.resolver().list(Param.EXTENSIONS, null, ","));
        f.user.setProperty("pitr.extensions", "postgis,pg_trgm");
        assertEquals(List.of("postgis", "pg_trgm"), f.resolver().list(Param.EXTENSIONS, List.of("other"), ","));
        assertEquals(Map.of("a", "1"), new MojoFixture().resolver().map(Param.EXPECTED_ROW_COUNTS, Map.of("a", "1"), ","));
    }

    @Test
    void aMapEntryWithoutEqualsSignIsRefused() {
        f.user.setProperty("pitr.expectedRowCounts", "orders");
        PluginConfigurationException e = assertThrows(PluginConfigurationException.class,
                () -> f.resolver().map(Param.EXPECTED_ROW_COUNTS, null, ","));
        assertTrue(e.getMessage().contains("<expectedRowCounts> (-Dpitr.expectedRowCounts)"), e.getMessage());
    }
}
