package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.internal.pg.Jdbc;
import dev.pitr.internal.pg.PostgresBinaries;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The runbook's PITR procedure and what comes after it, through the plugin on a real sandbox: restore the
 * "production" cluster in place to a time, promote and start it (timeline 2); pitr:check fails naming timeline 2
 * and the full-backup fix; drills to latest and to the PITR target still pass (pitr picks a backup set and the
 * timeline PostgreSQL can follow); after a full backup the check passes and a drill to latest passes; an isolated
 * restore started beside production archives nothing into the repository; pitr:info shows the recovery window as
 * two times and a missing stanza is a build failure.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AfterPitrIT {
    static SandboxCluster sandbox;
    static MavenBuild build;
    static String target;
    static long rowsAtTarget;

    @BeforeAll
    static void start() {
        sandbox = SandboxCluster.builder().stanza("afterpitr").fsync(false).start();
        sandbox.pgBackRest().stanzaCreate();
        build = MavenBuild.project("basic", "after-pitr", Map.of("stanza", sandbox.stanza(), "configFile",
                sandbox.configFile().toString(), "runAsUser", sandbox.user()));
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(1)
    void aFullAndAnIncrBackupWithATargetBetweenThemAndAPassingDrill() {
        build.run("pitr:backup", "-Dpitr.backup.type=full").assertSuccess();
        sandbox.execute("create table t(id int)", "insert into t select generate_series(1, 1000)");
        rowsAtTarget = 1000;
        // info's backup times are whole seconds: a target in the second the full backup stopped is refused.
        sleep(1100);
        target = sandbox.queryForString("select to_char(clock_timestamp() at time zone 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        sleep(1100);
        sandbox.execute("insert into t select generate_series(1, 5000)");
        build.run("pitr:backup", "-Dpitr.backup.type=incr").assertSuccess();
        switchAndWaitForArchive();
        // The drill history pitr:check's restore-drill rule reads later.
        build.run("pitr:restore-drill").assertSuccess();
    }

    @Test
    @Order(2)
    void thePitrInPlaceToTheTargetPromotesTheClusterOntoTimelineTwo() {
        sandbox.stop();
        long t0 = System.nanoTime();
        MavenBuild.Result r = build.run("pitr:restore", "-Dpitr.target=" + target, "-Dpitr.targetAction=promote",
                "-Dpitr.restore.delta=true", "-Dpitr.restore.confirm=" + sandbox.stanza());
        r.assertSuccess();
        r.assertLogContains("Restored backup set ");
        sandbox.startServer();
        awaitPromotion(sandbox.socketDirectory(), sandbox.port());
        System.out.printf("[after-pitr] in-place PITR restore + promotion: %d ms%n", millisSince(t0));
        assertEquals(String.valueOf(rowsAtTarget), sandbox.queryForString("select count(*) from t"));
        assertEquals("00000002", sandbox.queryForString("select pg_walfile_name(pg_current_wal_lsn())").substring(0, 8));
    }

    @Test
    @Order(3)
    void checkFailsNamingTheNewTimelineAndTheFullBackupFix() {
        MavenBuild.Result r = build.run("pitr:check");
        r.assertFailure();
        r.assertLogMatches("backup-timeline\\s+FAIL\\s+the cluster writes timeline 2 \\(forked from timeline 1 at "
                + "0/[0-9A-F]+ \\(before ");
        r.assertLogContains("no backup was taken on timeline 2");
        show(r, "backup-timeline ");
        r.assertLogContains("take a full backup on timeline 2 now: pgbackrest --stanza=afterpitr --type=full backup "
                + "(mvn pitr:backup -Dpitr.backup.type=full)");
        Path reports = build.directory().resolve("target/pitr-reports");
        assertTrue(Files.isRegularFile(reports.resolve("pitr-health-afterpitr.json")));
        assertTrue(Files.isRegularFile(reports.resolve("pitr-health.json")), "the old name is kept for one stanza");
    }

    @Test
    @Order(4)
    void drillsAfterThePromotionPickASetAndTheTimelineTheTargetLivesOn() {
        MavenBuild.Result latest = build.run("pitr:restore-drill");
        latest.assertSuccess();
        // pgBackRest alone restores the incr, taken after the fork: "requested timeline 2 is not a child ..."
        latest.assertLogContains("recovering along timeline 2");
        latest.assertLogMatches("Backup set \\d{8}-\\d{6}F, target latest");
        show(latest, "Timings: ");
        MavenBuild.Result atTarget = build.run("pitr:restore-drill", "-Dpitr.target=" + target,
                "-Dpitr.expectedRowCounts=t=" + rowsAtTarget);
        atTarget.assertSuccess();
        // Along timeline 2 it would end before the target: "recovery ended before configured recovery target ..."
        atTarget.assertLogContains("recovering along timeline 1");
        show(atTarget, "Timings: ");
    }

    @Test
    @Order(5)
    void aFullBackupOnTheNewTimelineMakesTheCheckAndADrillToLatestPass() {
        long t0 = System.nanoTime();
        build.run("pitr:backup", "-Dpitr.backup.type=full").assertSuccess();
        System.out.printf("[after-pitr] full backup on timeline 2: %d ms%n", millisSince(t0));
        MavenBuild.Result drill = build.run("pitr:restore-drill");
        drill.assertSuccess();
        drill.assertLogContains("Recovery window: from ");
        MavenBuild.Result check = build.run("pitr:check");
        check.assertSuccess();
        check.assertLogMatches("backup-timeline\\s+PASS\\s+the cluster writes timeline 2 .*; newest backup on it: ");
    }

    @Test
    @Order(6)
    void infoShowsTheRecoveryWindowAsTwoTimesTheTimelinesAndWhatPgBackRestInfoShows() {
        MavenBuild.Result r = build.run("pitr:info");
        r.assertSuccess();
        String instant = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";
        r.assertLogMatches("Recovery window: from " + instant + " \\(oldest backup's stop\\) to " + instant
                + " \\(the repository time of the newest archived WAL segment, WAL 00000002");
        r.assertLogMatches("Timelines: 1, 2 \\(from 1 at 0/[0-9A-F]+, created " + instant + ", before ");
        r.assertLogContains("WAL start / stop");
        r.assertLogMatches("000000010000000000000002 / 00000001000000000000000\\d");
        r.assertLogContains("Repo delta");
        show(r, "Recovery window: ");
        show(r, "Timelines: ");
        MavenBuild.Result missing = build.run("pitr:info", "-Dpitr.stanza=nosuchstanza");
        missing.assertFailure();
        missing.assertLogContains("stanza 'nosuchstanza' does not exist in the repository");
        missing.assertLogContains("mvn pitr:stanza-create");
    }

    @Test
    @Order(7)
    void aRestoreIntoAnotherDirectoryWarnsUnlessIsolatedAndANonWritableParentIsRefusedFirst() throws IOException {
        MavenBuild.Result dry = build.run("pitr:restore", "-Dpitr.dryRun", "-Dpitr.restoreDirectory="
                + sandbox.directory().resolve("never"));
        dry.assertSuccess();
        dry.assertLogMatches("\\[WARNING\\] .* runs production's archive_command with archive_mode=on");
        Path locked = Files.createDirectory(sandbox.directory().resolve("root-only"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        MavenBuild.Result refused = build.run("pitr:restore", "-Dpitr.restoreDirectory=" + locked.resolve("copy"),
                "-Dpitr.restore.confirm=" + sandbox.stanza());
        refused.assertError();
        refused.assertLogContains("<restoreDirectory> (-Dpitr.restoreDirectory): restore refused: ");
        refused.assertLogContains("cannot write; pgBackRest would fail with [047]");
        assertFalse(Files.exists(locked.resolve("copy")));
    }

    @Test
    @Order(8)
    void anIsolatedRestoreStartedBesideProductionArchivesNothingIntoTheRepository() throws Exception {
        Path copy = sandbox.directory().resolve("copy");
        switchAndWaitForArchive();
        Set<String> before = archiveListing();
        long t0 = System.nanoTime();
        MavenBuild.Result r = build.run("pitr:restore", "-Dpitr.restore.isolated=true", "-Dpitr.restoreDirectory=" + copy,
                "-Dpitr.restore.confirm=" + sandbox.stanza());
        r.assertSuccess();
        r.assertLogContains("Isolated: archive_mode off, port ");
        r.assertLogLacks("runs production's archive_command");
        int port = Integer.parseInt(r.log().replaceAll("(?s).*Isolated: archive_mode off, port (\\d+).*", "$1"));
        Path socket = copy.resolve("pitr-socket");
        pgCtl(copy, "start", "-w", "-t", "60", "-l", copy.resolve("pitr-restore.log").toString());
        try {
            awaitPromotion(socket, port);
            System.out.printf("[after-pitr] isolated restore + start beside production: %d ms (port %d)%n",
                    millisSince(t0), port);
            try (Connection c = Jdbc.connect(socket, port, "postgres", sandbox.user()); Statement s = c.createStatement()) {
                assertEquals("off", value(s, "show archive_mode"));
                assertEquals("", value(s, "show listen_addresses"));
                assertEquals("''", "'" + value(s, "show primary_conninfo") + "'");
                s.execute("create table written_in_copy as select generate_series(1, 100000) id");
                for (int i = 0; i < 3; i++) {
                    s.execute("select pg_switch_wal()");
                    s.execute("insert into written_in_copy values (" + i + ")");
                }
                s.execute("checkpoint");
                sleep(3000);
                assertEquals("0", value(s, "select count(*) from pg_ls_dir('pg_wal/archive_status') f where f like '%.ready'"),
                        "nothing waits to be archived in the copy");
                assertEquals("0", value(s, "select archived_count + failed_count from pg_stat_archiver"));
            }
            assertTrue(sandbox.isRunning(), "production kept running beside the copy");
            switchAndWaitForArchive();
            Set<String> added = new TreeSet<>(archiveListing());
            added.removeAll(before);
            String productionTimeline = sandbox.queryForString("select pg_walfile_name(pg_current_wal_lsn())")
                    .substring(0, 8);
            assertTrue(added.stream().allMatch(f -> f.contains("/" + productionTimeline)), "only production's own WAL "
                    + "(timeline " + productionTimeline + ") was added to the archive: " + added);
            assertTrue(archiveListing().stream().noneMatch(f -> f.endsWith("00000003.history")),
                    "the copy's promotion (timeline 3) never reached the repository");
            assertEquals("0", sandbox.queryForString("select count(*) from pg_ls_dir('pg_wal/archive_status') f "
                    + "where f like '%.ready'"), "production has nothing stuck waiting for the archive");
        } finally {
            pgCtl(copy, "stop", "-m", "immediate", "-w");
        }
    }

    /** Echoes the build's first line containing this text into the test output (the figures of the report). */
    private static void show(MavenBuild.Result r, String text) {
        r.log().lines().filter(l -> l.contains(text)).findFirst().ifPresent(l -> System.out.println("[after-pitr] " + l));
    }

    private static Set<String> archiveListing() throws IOException {
        Path archive = sandbox.repositoryPath().resolve("archive");
        try (Stream<Path> files = Files.walk(archive)) {
            return files.filter(Files::isRegularFile).map(p -> archive.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * Writes a WAL record, switches WAL and waits until the server archived the segment the switch closed. Without
     * the record a switch right after another switches nothing and names a segment that is not complete yet.
     */
    private static void switchAndWaitForArchive() {
        sandbox.queryForString("select pg_logical_emit_message(false, 'pitr-test', 'switch')::text");
        String wal = sandbox.queryForString("select pg_walfile_name(pg_switch_wal())");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String last = sandbox.queryForString("select coalesce(last_archived_wal, '') from pg_stat_archiver");
            if (last.compareTo(wal) >= 0) {
                return;
            }
            sleep(200);
        }
        throw new AssertionError("WAL " + wal + " was not archived within 60 s");
    }

    private static void awaitPromotion(Path socket, int port) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String last = "";
        while (System.nanoTime() < deadline) {
            try (Connection c = Jdbc.connect(socket, port, "postgres", sandbox.user()); Statement s = c.createStatement()) {
                if ("done".equals(value(s, "select case when pg_is_in_recovery() then 'recovering' else 'done' end"))) {
                    return;
                }
            } catch (SQLException e) {
                last = e.getMessage();
            }
            sleep(200);
        }
        throw new AssertionError("the cluster on port " + port + " did not leave recovery: " + last);
    }

    private static String value(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return String.valueOf(rs.getString(1));
        }
    }

    /** pg_ctl as the sandbox's OS user, as a person starts the copy. */
    private static void pgCtl(Path data, String... args) throws IOException, InterruptedException {
        Path pgCtl = PostgresBinaries.locate(Optional.empty()).pgCtl();
        List<String> argv = new java.util.ArrayList<>(List.of("runuser", "-u", sandbox.user(), "--", pgCtl.toString(),
                "-D", data.toString()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).directory(Path.of("/tmp").toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(90, TimeUnit.SECONDS) && p.exitValue() == 0, "pg_ctl " + String.join(" ", args) + ": " + out);
    }

    private static long millisSince(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0).toMillis();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
