package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Repository;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.RuleResult;
import dev.pitr.internal.drill.DrillSettings;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.operation.CommandResult;
import dev.pitr.restore.RecoveryTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drill settings are validated when set, before anything runs (fake runner: nothing is executed). */
class RestoreDrillRequestTest {
    @TempDir
    Path dir;
    PgBackRest pgbr;

    @BeforeEach
    void load() {
        pgbr = PgBackRest.configure().allowRoot(true).stanza("main").repository(Repository.posix(dir.resolve("repo")))
                .pgPath(dir.resolve("prod")).renderConfigTo(dir.resolve("pgbackrest.conf"))
                .commandRunner(spec -> new ProcessOutput(new CommandResult(spec.argv(), 0, Duration.ZERO,
                        List.of("pgBackRest 2.45")), "pgBackRest 2.45\n", false)).load();
    }

    @Test
    void defaultsAreLatestTmpAFreePortAndThirtyMinutesOfRecovery() {
        DrillSettings s = pgbr.restoreDrill().settings();
        assertEquals(RecoveryTarget.latest(), s.target());
        assertEquals(Path.of("/tmp"), s.directory());
        assertEquals(Optional.empty(), s.port());
        assertEquals(Duration.ofMinutes(30), s.recoveryTimeout());
        assertEquals("postgres", s.database());
        assertEquals(Runtime.getRuntime().availableProcessors(), s.processMax());
        assertTrue(s.reportDirectory().isAbsolute());
    }

    @Test
    void aHealthCheckWithoutDirectoriesReadsTheDrillHistoryWhereADrillWithoutDirectoriesWrites() {
        Path drillWrites = pgbr.restoreDrill().settings().reportDirectory();
        assertEquals(RestoreDrillRequest.DEFAULT_REPORT_DIRECTORY.toAbsolutePath().normalize(), drillWrites);
        HealthReport report = pgbr.healthCheck().pgBackRestCheck(false).preflight(false).run();
        RuleResult drill = report.result("restore-drill").orElseThrow();
        assertTrue(drill.message().contains("looked in " + drillWrites.resolve("history")), drill.message());
        assertTrue(drill.fix().contains(drillWrites.toString()), drill.fix());
    }

    @Test
    void expectationsKeepTheirKindAndOrder() {
        DrillSettings s = pgbr.restoreDrill().expectRowCount("public.orders", 5).expectMinRowCount("\"Mixed\"", 1)
                .assertSql("a", "select true").assertSqlEquals("b", "select 1", "1").requireExtension("postgis").settings();
        assertEquals(List.of(new DrillSettings.RowCountExpectation("public.orders", 5, true),
                new DrillSettings.RowCountExpectation("\"Mixed\"", 1, false)), s.rowCounts());
        assertEquals(Optional.of("1"), s.assertions().get(1).expected());
        assertEquals(List.of("postgis"), s.extensions());
    }

    @Test
    void badSettingsAreRefusedWithTheSettingNamed() {
        assertEquals(Setting.EXPECTED_ROW_COUNTS, assertThrows(PitrConfigurationException.class,
                () -> pgbr.restoreDrill().expectRowCount("t; drop table t", 1)).setting());
        assertEquals(Setting.DRILL_DIRECTORY, assertThrows(PitrConfigurationException.class,
                () -> pgbr.restoreDrill().directory(Path.of("relative")).settings()).setting());
        assertEquals(Setting.DRILL_PORT, assertThrows(PitrConfigurationException.class, () -> pgbr.restoreDrill().port(0)).setting());
        assertEquals(Setting.MAX_RTO, assertThrows(PitrConfigurationException.class,
                () -> pgbr.restoreDrill().maxRto(Duration.ZERO)).setting());
        assertEquals(Setting.READINESS_URL, assertThrows(PitrConfigurationException.class,
                () -> pgbr.restoreDrill().readinessUrl(URI.create("file:///etc/passwd"))).setting());
        assertEquals(Setting.POST_RESTORE_COMMAND, assertThrows(PitrConfigurationException.class,
                () -> pgbr.restoreDrill().postRestoreCommand(List.of())).setting());
        assertEquals(Setting.PROCESS_MAX, assertThrows(PitrConfigurationException.class,
                () -> pgbr.restoreDrill().processMax(1000)).setting());
    }
}
