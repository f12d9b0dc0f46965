package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.PgBackRestVersion;
import dev.pitr.config.Repository;
import dev.pitr.config.Setting;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.os.Ownership;
import dev.pitr.internal.os.RunAs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What pitr does differently per pgBackRest release, chosen from the version read at load(): argv and rendered
 * files only (the real releases are exercised by the *IT suites on Debian 12 and 13).
 */
class ReleaseDependentBehaviourTest {
    @TempDir
    Path dir;

    private static FakeRunner release(String version) {
        return new FakeRunner().answer("version", 0, "pgBackRest " + version + "\n");
    }

    private String renderedWith(String version) throws Exception {
        Path conf = dir.resolve("pgbackrest-" + version + ".conf");
        PgBackRest.configure().allowRoot(true).stanza("main").repository(Repository.posix(dir.resolve("repo")))
                .renderConfigTo(conf).ioTimeout(Duration.ofMillis(1500)).dbTimeout(Duration.ofMinutes(5))
                .commandRunner(release(version)).load();
        return Files.readString(conf);
    }

    @Test
    void timeOptionsAreRenderedSoTheRunningReleaseReadsThemAsMeant() throws Exception {
        assertTrue(renderedWith("2.45").contains("\nio-timeout=1.5\n"));
        String v255 = renderedWith("2.55.1");
        assertTrue(v255.contains("\nio-timeout=1500ms\n"), v255);
        assertTrue(v255.contains("\ndb-timeout=300\n"), v255);
    }

    @Test
    void withAnExistingFileTheTimeoutTravelsInTheEnvironmentSpelledForTheRelease() throws Exception {
        Path conf = Files.writeString(dir.resolve("pgbackrest.conf"), "[main]\n");
        PgBackRest pgbr = PgBackRest.configure().allowRoot(true).stanza("main").configFile(conf)
                .ioTimeout(Duration.ofMillis(500)).commandRunner(release("2.59.1")).load();
        assertEquals("500ms", pgbr.configuration().environment().get("PGBACKREST_IO_TIMEOUT"));
    }

    @Test
    void aDecimalTimeOptionGivenAsTextIsRefusedOn253AndLater() {
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class, () -> PgBackRest.configure()
                .allowRoot(true).stanza("main").repository(Repository.posix(dir.resolve("repo")))
                .globalOption("io-timeout", "0.5").commandRunner(release("2.54.2")).load());
        assertEquals(Setting.GLOBAL_OPTION, e.setting());
        assertEquals(Optional.of("io-timeout"), e.option());
    }

    @Test
    void theServerReadinessPingSpellsItsHalfSecondForTheRelease() throws Exception {
        Path conf = Files.writeString(dir.resolve("pgbackrest.conf"), "[main]\n");
        for (String[] c : new String[][] {{"2.45", "--io-timeout=0.5"}, {"2.55.1", "--io-timeout=500ms"}}) {
            PgBackRest pgbr = PgBackRest.configure().allowRoot(true).stanza("main").configFile(conf)
                    .commandRunner(release(c[0])).load();
            List<String> argv = PgBackRestServer.pingArgv(pgbr.configuration(), "0.0.0.0", 8432);
            assertTrue(argv.contains(c[1]), argv.toString());
            assertEquals("server-ping", argv.get(argv.size() - 1));
        }
    }

    @Test
    void allowRootPassesAllowRootOnlyTo259AndLater() throws Exception {
        Path conf = Files.writeString(dir.resolve("pgbackrest.conf"), "[main]\n");
        FakeRunner v259 = release("2.59.1");
        PgBackRest root = PgBackRest.configure().allowRoot(true).stanza("main").configFile(conf).commandRunner(v259).load();
        root.check();
        root.info();
        assertTrue(v259.lastOf("check").argv().contains("--allow-root"));
        assertTrue(v259.lastOf("info").argv().contains("--allow-root"));
        assertTrue(PgBackRestServer.pingArgv(root.configuration(), "localhost", 8432).contains("--allow-root"));

        FakeRunner v255 = release("2.55.1");
        PgBackRest.configure().allowRoot(true).stanza("main").configFile(conf).commandRunner(v255).load().check();
        assertFalse(v255.lastOf("check").argv().contains("--allow-root"), "2.55 does not know the option");

        FakeRunner asked = release("2.59.1");
        PgBackRest.configure().runAs("postgres").stanza("main").configFile(conf).commandRunner(asked).load().check();
        assertFalse(asked.lastOf("check").argv().contains("--allow-root"), "not asked for");
    }

    @Test
    void anInfoErrorPrintedOnStdoutIsInTheMessage() throws Exception {
        Path conf = Files.writeString(dir.resolve("pgbackrest.conf"), "[main]\n");
        // pgBackRest 2.53+ prints option-value errors on stdout, which pitr captures for info's JSON.
        FakeRunner runner = release("2.55.1").answer("info", 32,
                "P00  ERROR: [032]: '0.5' is not valid for 'io-timeout' option\n");
        PgBackRest pgbr = PgBackRest.configure().allowRoot(true).stanza("main").configFile(conf).commandRunner(runner).load();
        PgBackRestException e = assertThrows(PgBackRestException.class, pgbr::info);
        assertEquals(ErrorCode.OPTION_INVALID_VALUE, e.errorCode());
        assertTrue(e.getMessage().contains("'0.5' is not valid for 'io-timeout' option"), e.getMessage());
        assertFalse(e.getMessage().contains("no ERROR line was printed"), e.getMessage());
        assertTrue(e.command().orElseThrow().outputTail().stream().anyMatch(l -> l.contains("[032]")));
    }

    /** Loads and returns the WARN lines SLF4J printed meanwhile (slf4j-simple writes to System.err). */
    private static List<String> warningsWhileLoading(FluentConfiguration configuration, PgBackRest[] loaded) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            loaded[0] = configuration.load();
        } finally {
            System.setErr(original);
        }
        return err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(" WARN ")).toList();
    }

    @Test
    void aReleaseNewerThanTheNewestTestedLoadsWithOneWarningNamingBoth() throws Exception {
        Path conf = Files.writeString(dir.resolve("pgbackrest.conf"), "[main]\n");
        PgBackRest[] pgbr = new PgBackRest[1];
        List<String> warnings = warningsWhileLoading(PgBackRest.configure().allowRoot(true).stanza("main")
                .configFile(conf).commandRunner(release("2.60.0")), pgbr);
        assertEquals(PgBackRestVersion.parse("2.60.0"), pgbr[0].version());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("2.60") && warnings.get(0).contains("2.59.1"), warnings.get(0));
    }

    @Test
    void aTimeOptionOfAnExistingFileThatTheReleaseWouldMisreadIsNamedOnce() throws Exception {
        Path conf = Files.writeString(dir.resolve("pgbackrest.conf"), "[global]\nio-timeout=500ms\n[main]\n");
        PgBackRest[] pgbr = new PgBackRest[1];
        List<String> on245 = warningsWhileLoading(PgBackRest.configure().allowRoot(true).stanza("main").configFile(conf)
                .commandRunner(release("2.45")), pgbr);
        assertEquals(1, on245.size(), on245.toString());
        assertTrue(on245.get(0).contains("io-timeout") && on245.get(0).contains("500 seconds"), on245.get(0));
        assertEquals(List.of(), warningsWhileLoading(PgBackRest.configure().allowRoot(true).stanza("main")
                .configFile(conf).commandRunner(release("2.55.1")), pgbr));
    }

    @Test
    void asRootWithoutRunAsPgBackRestRunsAsTheOwnerOfPg1Path() throws Exception {
        Assumptions.assumeTrue(RunAs.isRoot(), "root only (CI runs as root)");
        Path pgData = Files.createDirectory(dir.resolve("pg"));
        Ownership.chown(pgData, Optional.of("postgres"));
        Path conf = Files.writeString(dir.resolve("pgbackrest.conf"), "[main]\npg1-path=" + pgData + "\n");
        FakeRunner runner = release("2.59.1");
        PgBackRest pgbr = PgBackRest.configure().stanza("main").configFile(conf).commandRunner(runner).load();
        pgbr.check();
        assertEquals(Optional.of("postgres"), pgbr.configuration().runAs());
        for (CommandSpec spec : runner.specs) {
            assertEquals(Optional.of("postgres"), spec.runAs(), spec.argv().toString());
            assertFalse(spec.argv().contains("--allow-root"));
        }
    }

    @Test
    void asRootWithoutRunAsAndNoPg1PathLoadRefusesBeforeAnythingRuns() throws Exception {
        Assumptions.assumeTrue(RunAs.isRoot(), "root only (CI runs as root)");
        Path conf = Files.writeString(dir.resolve("pgbackrest.conf"), "[main]\nrepo1-path=/var/lib/pgbackrest\n");
        FakeRunner runner = release("2.59.1");
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> PgBackRest.configure().stanza("main").configFile(conf).commandRunner(runner).load());
        assertEquals(Setting.RUN_AS, e.setting());
        assertTrue(e.getMessage().contains("-Dpitr.runAsUser"), e.getMessage());
        assertTrue(runner.specs.isEmpty(), "nothing ran");
    }
}
