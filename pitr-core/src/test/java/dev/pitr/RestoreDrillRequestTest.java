package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Repository;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.RuleResult;
import dev.pitr.internal.drill.AmcheckSettings;
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
    void theMemoryBudgetTakesPostgresSizesAndRefusesWhatNoServerCanStartWith() {
        assertEquals(Optional.empty(), pgbr.restoreDrill().settings().memoryBudget());
        assertEquals(Optional.of(2L << 30), pgbr.restoreDrill().memoryBudget("2GB").settings().memoryBudget());
        assertEquals(Optional.of(512L << 20), pgbr.restoreDrill().memoryBudget("512 mb").settings().memoryBudget());
        for (String bad : List.of("2", "2 GiB", "-1GB", "", "16MB", "99999999999999TB")) {
            PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                    () -> pgbr.restoreDrill().memoryBudget(bad), bad);
            assertEquals(Setting.DRILL_MEMORY_BUDGET, e.setting());
        }
    }

    @Test
    void aDrillDirectoryTooLongForTheClonesSocketIsRefusedBeforeAnythingIsWritten() {
        Path deep = Path.of("/tmp", "x".repeat(80));
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> pgbr.restoreDrill().directory(deep).port(5432).plan());
        assertEquals(Setting.DRILL_DIRECTORY, e.setting());
        assertTrue(e.getMessage().contains("107 bytes"), e.getMessage());
        assertTrue(!java.nio.file.Files.exists(deep));
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
        assertEquals(List.of(new DrillSettings.ExtensionRequirement("postgis", Optional.empty())), s.extensions());
    }

    @Test
    void eachCheckCanNameItsDatabaseWithAPrefixOrAnOverloadAndItsNameShowsIt() {
        DrillSettings s = pgbr.restoreDrill().database("nbms").expectRowCount("app:public.orders", 5)
                .expectMinRowCount("ops", "\"Mixed\"", 1).expectRowCount("public.\"a:b\"", 2)
                .expectRowCount("\"eu:ops\":t", 3).assertSql("app:recent", "select true")
                .assertSqlEquals("ops", "n", "select 1", "1").requireExtension("app:postgis").requireExtension("pg_trgm")
                .settings();
        assertEquals("nbms", s.database());
        assertEquals(new DrillSettings.RowCountExpectation("public.orders", 5, true, Optional.of("app")), s.rowCounts().get(0));
        assertEquals("rowCount:app:public.orders", s.rowCounts().get(0).checkName());
        assertEquals("rowCount:ops:\"Mixed\"", s.rowCounts().get(1).checkName());
        assertEquals(new DrillSettings.RowCountExpectation("public.\"a:b\"", 2, true), s.rowCounts().get(2));
        assertEquals(Optional.of("eu:ops"), s.rowCounts().get(3).database());
        assertEquals("rowCount:\"eu:ops\":t", s.rowCounts().get(3).checkName());
        assertEquals(new DrillSettings.SqlAssertion("recent", "select true", Optional.empty(), Optional.of("app")),
                s.assertions().get(0));
        assertEquals("sql:ops:n", s.assertions().get(1).checkName());
        assertEquals(List.of(new DrillSettings.ExtensionRequirement("postgis", Optional.of("app")),
                new DrillSettings.ExtensionRequirement("pg_trgm", Optional.empty())), s.extensions());
        assertEquals("extension:app:postgis", s.extensions().get(0).checkName());
    }

    @Test
    void aMalformedDatabasePrefixIsRefusedNamingTheSettingAndTheSyntax() {
        for (String bad : new String[] {":public.orders", "nbms:", "a:b:c", "\"half:t"}) {
            PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                    () -> pgbr.restoreDrill().expectRowCount(bad, 1), bad);
            assertEquals(Setting.EXPECTED_ROW_COUNTS, e.setting(), bad);
            assertTrue(e.fix().contains("nbms:public.orders") || e.fix().contains("schema.table"), bad + ": " + e.fix());
        }
        assertEquals(Setting.SQL_CHECKS, assertThrows(PitrConfigurationException.class,
                () -> pgbr.restoreDrill().assertSql("nbms:", "select true")).setting());
        assertEquals(Setting.EXTENSIONS, assertThrows(PitrConfigurationException.class,
                () -> pgbr.restoreDrill().requireExtension("x:y:postgis")).setting());
        assertEquals(Setting.EXTENSIONS, assertThrows(PitrConfigurationException.class,
                () -> pgbr.restoreDrill().requireExtension(" ", "postgis")).setting());
        assertEquals(Setting.DRILL_DATABASE, assertThrows(PitrConfigurationException.class,
                () -> pgbr.restoreDrill().database("")).setting());
    }

    @Test
    void amcheckIsOnWhenBoundedByDefaultAndCanBeForcedTurnedOffOrNarrowed() {
        AmcheckSettings defaults = pgbr.restoreDrill().settings().amcheck();
        assertEquals(AmcheckSettings.Mode.AUTO, defaults.mode());
        assertEquals(AmcheckSettings.DEFAULT_MAX_BYTES, defaults.maxBytes());
        assertEquals(List.of(), defaults.databases());
        assertEquals(false, defaults.heapAllIndexed());
        AmcheckSettings set = pgbr.restoreDrill().amcheck(true).amcheckMaxSize(5).amcheckDatabases(List.of("nbms"))
                .amcheckHeapAllIndexed(true).settings().amcheck();
        assertEquals(new AmcheckSettings(AmcheckSettings.Mode.ALWAYS, 5, List.of("nbms"), true), set);
        assertEquals(AmcheckSettings.Mode.OFF, pgbr.restoreDrill().amcheck(false).settings().amcheck().mode());
        assertEquals(Setting.AMCHECK_MAX_SIZE, assertThrows(PitrConfigurationException.class,
                () -> pgbr.restoreDrill().amcheckMaxSize(-1)).setting());
        assertEquals(Setting.AMCHECK_DATABASES, assertThrows(PitrConfigurationException.class,
                () -> pgbr.restoreDrill().amcheckDatabases(List.of())).setting());
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
