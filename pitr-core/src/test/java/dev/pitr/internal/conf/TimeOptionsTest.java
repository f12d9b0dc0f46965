package dev.pitr.internal.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.PgBackRestVersion;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Time options are spelled so that the running pgBackRest reads them as meant. */
class TimeOptionsTest {
    private static final PgBackRestVersion V245 = PgBackRestVersion.parse("2.45");
    private static final PgBackRestVersion V2521 = PgBackRestVersion.parse("2.52.1");
    private static final PgBackRestVersion V253 = PgBackRestVersion.parse("2.53");
    private static final PgBackRestVersion V2551 = PgBackRestVersion.parse("2.55.1");

    @Test
    void wholeSecondsAreWrittenAsSecondsForEveryRelease() {
        for (PgBackRestVersion v : new PgBackRestVersion[] {V245, V2521, V253, V2551}) {
            assertEquals("5", TimeOptions.render(Duration.ofSeconds(5), v));
            assertEquals("1800", TimeOptions.render(Duration.ofMinutes(30), v));
        }
    }

    @Test
    void millisecondsAreNmsFrom253AndDecimalSecondsBefore() {
        assertEquals("500ms", TimeOptions.render(Duration.ofMillis(500), V253));
        assertEquals("1500ms", TimeOptions.render(Duration.ofMillis(1500), V2551));
        assertEquals("0.5", TimeOptions.render(Duration.ofMillis(500), V245));
        assertEquals("1.5", TimeOptions.render(Duration.ofMillis(1500), V2521));
        assertEquals("67.5", TimeOptions.render(Duration.ofMillis(67500), V245));
    }

    @Test
    void aDecimalLiteralIsRefusedFrom253AndAUnitBefore() {
        PitrConfigurationException decimal = assertThrows(PitrConfigurationException.class,
                () -> TimeOptions.checkLiterals(Setting.GLOBAL_OPTION, Map.of("io-timeout", "1.5"), V2551));
        assertEquals(Setting.GLOBAL_OPTION, decimal.setting());
        assertEquals(Optional.of("io-timeout"), decimal.option());
        assertTrue(decimal.getMessage().contains("1500ms"), decimal.getMessage());
        PitrConfigurationException unit = assertThrows(PitrConfigurationException.class,
                () -> TimeOptions.checkLiterals(Setting.STANZA_OPTION, Map.of("archive-timeout", "500ms"), V245));
        assertTrue(unit.getMessage().contains("500 seconds"), unit.getMessage());
        // What every release reads alike, and options that are not time options, pass.
        TimeOptions.checkLiterals(Setting.GLOBAL_OPTION, Map.of("io-timeout", "60", "compress-level", "3"), V245);
        TimeOptions.checkLiterals(Setting.GLOBAL_OPTION, Map.of("io-timeout", "60", "db-timeout", "90s"), V2551);
        TimeOptions.checkLiterals(Setting.GLOBAL_OPTION, Map.of("archive-timeout", "1.5"), V245);
    }
}
