package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.pitr.config.Setting;
import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.os.Ownership;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.restore.RestorePlan;
import dev.pitr.sandbox.SandboxCluster;
import dev.pitr.sandbox.SandboxExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real PostgreSQL + pgBackRest: PITR restores and restore drills against one shared sandbox whose
 * history is built once: full backup, batch A (+ a PostGIS table with a GiST index), incr backup, batch B,
 * T1, batch C, restore point, batch D (xid), LSN, batch E, archived; then T_late with no commit after it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RestoreDrillIT {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.of(
            SandboxCluster.builder().stanza("drill").fsync(false).archiveTimeout(Duration.ofHours(1)));

    static SandboxCluster sandbox;
    static PgBackRest pgbr;
    static HttpServer http;
    static String fullLabel;
    static String incrLabel;
    static Instant fullStart;
    static Instant t1;
    static String xidD;
    static String lsnE;
    static Instant tLate;

    @TempDir
    static Path work;

    @BeforeAll
    static void buildHistory() throws Exception {
        sandbox = SANDBOX.cluster();
        pgbr = sandbox.pgBackRest();
        BackupResult full = pgbr.backup(BackupType.FULL);
        fullLabel = full.label();
        fullStart = full.start();
        sandbox.execute("create table t(id int primary key, batch text not null)",
                "insert into t select g, 'A' from generate_series(1, 100) g",
                "create extension postgis",
                "create table g(id int primary key, geom geometry(Point, 4326))",
                "insert into g select i, ST_SetSRID(ST_MakePoint(i * 0.001, 45), 4326) from generate_series(1, 100) i",
                "create index g_geom on g using gist (geom)");
        incrLabel = pgbr.backup(BackupType.INCR).label();
        sandbox.execute("insert into t select g, 'B' from generate_series(101, 200) g");
        Thread.sleep(1100);
        t1 = Instant.parse(sandbox.queryForString(
                "select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"));
        Thread.sleep(1100);
        sandbox.execute("insert into t select g, 'C' from generate_series(201, 300) g",
                "select pg_create_restore_point('before_d')");
        try (Connection c = sandbox.connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("insert into t select g, 'D' from generate_series(301, 400) g");
            try (ResultSet rs = s.executeQuery("select txid_current()")) {
                rs.next();
                xidD = rs.getString(1);
            }
            c.commit();
        }
        lsnE = sandbox.queryForString("select pg_current_wal_insert_lsn()");
        sandbox.execute("insert into t select g, 'E' from generate_series(401, 500) g");
        pgbr.check(); // switches WAL and waits until it is archived: every commit above is in the archive
        Thread.sleep(1100);
        tLate = Instant.now();
        Thread.sleep(1100);
        // WAL without a commit (check writes a restore point and switches): the archive now reaches past tLate,
        // so the plan lets the drill run, and only PostgreSQL can tell that no commit follows the target.
        pgbr.check();

        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/ready", x -> {
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        http.createContext("/down", x -> {
            x.sendResponseHeaders(503, -1);
            x.close();
        });
        http.start();
    }

    @AfterAll
    static void tearDown() {
        if (http != null) {
            http.stop(0);
        }
    }

    @Test
    @Order(1)
    void drillToATimeBetweenTwoBatchesFromFullPlusIncrPassesEveryKindOfCheck() throws Exception {
        // pgBackRest (as the run-as user) creates the destination: its parent must be reachable and writable by
        // that user, which the test's own temporary directory (root's, 0700) is not; the sandbox's is.
        Path parent = Ownership.createPrivateDirectory(sandbox.directory().resolve("plan-parent"),
                Optional.of(sandbox.user()));
        RestorePlan plan = pgbr.restore().target(RecoveryTarget.time(t1)).pgPath(parent.resolve("plan-only")).plan();
        assertTrue(plan.allowed(), plan.describe());
        assertEquals(incrLabel, plan.backupSet().orElseThrow(), "newest backup stopped before T1");
        assertTrue(plan.argv().contains("--type=time"), plan.commandLine());
        assertTrue(plan.argv().contains("--target=" + RecoveryTarget.time(t1).value().orElseThrow()), plan.commandLine());
        assertFalse(Files.exists(parent.resolve("plan-only")), "a plan touches nothing");

        Path reports = work.resolve("reports-pass");
        int httpPort = http.getAddress().getPort();
        // The server's own client, whichever major is installed (pg_config's BINDIR: readable by a superuser).
        String psql = sandbox.queryForString("select setting from pg_config where name = 'BINDIR'") + "/psql";
        String serverMajor = sandbox.queryForString("select current_setting('server_version_num')::int / 10000");
        DrillReport report;
        try (RestoreDrill drill = pgbr.restoreDrill()
                .target(RecoveryTarget.time(t1))
                .expectRowCount("t", 200)
                .expectMinRowCount("public.t", 150)
                .assertSqlEquals("batches", "select string_agg(distinct batch, ',' order by batch) from t", "A,B")
                .assertSql("no-batch-c", "select not exists (select 1 from t where batch = 'C')")
                .requireExtension("postgis")
                .assertSql("postgis-gist-bbox", "select count(*) = 100 from g where geom && "
                        + "ST_MakeEnvelope(0, 44, 0.5, 46, 4326)")
                .assertSql("postgis-gist-index", "select exists (select 1 from pg_indexes where indexname = 'g_geom' "
                        + "and indexdef like '%USING gist%')")
                .assertSqlEquals("postgis-transform", "select round(ST_X(ST_Transform(geom, 3857))::numeric, 1) "
                        + "from g where id = 1", "111.3")
                .postRestoreCommand(List.of("sh", "-c", "test -n \"$PITR_JDBC_URL\" && test \"$PGDATABASE\" = postgres"
                        + " && test \"$(" + psql + " -X -At -c 'select count(*) from t')\" = 200"))
                .readinessUrl(URI.create("http://127.0.0.1:" + httpPort + "/ready"))
                .maxRto(Duration.ofMinutes(5))
                .maxTargetGap(Duration.ofSeconds(10))
                .recoveryTimeout(Duration.ofMinutes(2))
                .reportDirectory(reports)
                .start()) {
            report = drill.report();
            assertTrue(report.passed(), () -> "failed: " + report.failure() + " " + report.failedChecks());
            // while open, the drill cluster is reachable
            Properties p = new Properties();
            p.setProperty("user", drill.user());
            try (Connection c = DriverManager.getConnection(drill.jdbcUrl(), p); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select count(*), current_setting('archive_mode'), "
                            + "current_setting('listen_addresses') from t")) {
                rs.next();
                assertEquals(200, rs.getLong(1));
                assertEquals("off", rs.getString(2));
                assertEquals("", rs.getString(3));
            }
            assertTrue(Files.isDirectory(drill.scratchDirectory()));
            scratchOf1 = drill.scratchDirectory();
        }
        assertTeardownComplete(scratchOf1);
        assertEquals(incrLabel, report.backupSet());
        assertTrue(report.recoveredTo().orElseThrow().isBefore(t1), "recovered to " + report.recoveredTo());
        Set<String> names = report.checks().stream().map(DrillCheck::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("review", "restore", "recovery", "rowCount:t", "rowCount:public.t", "sql:batches",
                "extension:postgis", "postRestoreCommand", "readiness", "maxRto", "maxTargetGap")), names.toString());
        for (String f : List.of("pitr-drill-report.json", "pitr-drill-report.md", "TEST-pitr-restore-drill.xml")) {
            assertTrue(Files.isRegularFile(reports.resolve(f)), f);
        }
        JsonNode json = new ObjectMapper().readTree(reports.resolve("pitr-drill-report.json").toFile());
        assertEquals("PASSED", json.path("status").asText());
        assertEquals("drill", json.path("stanza").asText());
        assertEquals(incrLabel, json.path("backupSet").asText());
        assertTrue(json.path("timings").path("totalMs").asLong() > 0);
        assertEquals(serverMajor, json.path("versions").path("postgresql").asText().split("\\.")[0]);
        assertTrue(json.path("failure").isNull());
        try (Stream<Path> h = Files.list(reports.resolve("history"))) {
            assertEquals(1, h.filter(f -> f.getFileName().toString().matches("pitr-drill-drill-\\d{8}T\\d{6}Z\\.json"))
                    .count());
        }
        System.out.printf("DRILL-TIMINGS full+incr to T1: restore=%d ms recovery=%d ms total=%d ms (backup set %s)%n",
                report.timings().restore().toMillis(), report.timings().recovery().toMillis(),
                report.timings().total().toMillis(), report.backupSet());
    }

    static Path scratchOf1;

    @Test
    @Order(2)
    void wrongRowCountFailingCommandAndUnreadyUrlFailTheDrillWithReportsAndTeardown() throws Exception {
        Path reports = work.resolve("reports-fail");
        int httpPort = http.getAddress().getPort();
        Path scratch;
        DrillReport report;
        try (RestoreDrill drill = pgbr.restoreDrill()
                .target(RecoveryTarget.time(t1))
                .expectRowCount("t", 201)
                .postRestoreCommand(List.of("sh", "-c", "echo app check failed; exit 3"))
                .readinessUrl(URI.create("http://127.0.0.1:" + httpPort + "/down"))
                .readinessTimeout(Duration.ofSeconds(1))
                .reportDirectory(reports)
                .start()) {
            report = drill.report();
            scratch = drill.scratchDirectory();
        }
        assertEquals(DrillStatus.FAILED, report.status());
        DrillCheck count = report.check("rowCount:t").orElseThrow();
        assertEquals(DrillStatus.FAILED, count.status());
        assertEquals("= 201", count.expected());
        assertEquals("200", count.actual());
        assertTrue(count.message().contains("table t has 200 rows, expected = 201"), count.message());
        DrillCheck command = report.check("postRestoreCommand").orElseThrow();
        assertEquals("exit 3", command.actual());
        assertTrue(command.message().contains("app check failed"), command.message());
        DrillCheck ready = report.check("readiness").orElseThrow();
        assertEquals(DrillStatus.FAILED, ready.status());
        assertEquals("HTTP 503", ready.actual());
        assertTrue(report.failure().orElseThrow().startsWith("rowCount:t"), report.failure().toString());
        for (String f : List.of("pitr-drill-report.json", "pitr-drill-report.md", "TEST-pitr-restore-drill.xml")) {
            assertTrue(Files.isRegularFile(reports.resolve(f)), f);
        }
        JsonNode json = new ObjectMapper().readTree(reports.resolve("pitr-drill-report.json").toFile());
        assertEquals("FAILED", json.path("status").asText());
        String xml = Files.readString(reports.resolve("TEST-pitr-restore-drill.xml"));
        assertTrue(xml.contains("failures=\"3\""), xml);
        assertTrue(xml.contains("name=\"rowCount:t\""), xml);
        assertTrue(Files.readString(reports.resolve("pitr-drill-report.md")).contains("| rowCount:t | postgres | FAILED | = 201 | 200 |"));
        assertTeardownComplete(scratch);
    }

    @Test
    @Order(3)
    void restorePointXidLsnImmediateAndLatestTargetsRestoreExactlyTheirRows() throws Exception {
        Set<String> archiveBefore = archiveFiles();
        expectRows(RecoveryTarget.name("before_d"), 300);
        expectRows(RecoveryTarget.xid(xidD), 400);
        expectRows(RecoveryTarget.lsn(lsnE), 400);
        expectRows(RecoveryTarget.immediate(), 100);
        expectRows(RecoveryTarget.latest(), 500);
        Set<String> archiveAfter = archiveFiles();
        assertEquals(archiveBefore, archiveAfter, "the drill clusters archived nothing into the repository");
        assertTrue(archiveAfter.stream().noneMatch(f -> f.matches(".*/0000000[2-9].*")), archiveAfter.toString());
    }

    private void expectRows(RecoveryTarget target, long rows) {
        DrillReport r = pgbr.restoreDrill().target(target).expectRowCount("t", rows).recoveryTimeout(Duration.ofMinutes(2))
                .reportDirectory(work.resolve("reports-targets")).run();
        assertTrue(r.passed(), () -> target.describe() + ": " + r.failure() + " " + r.checks());
    }

    @Test
    @Order(4)
    void targetsBeforeTheFirstBackupInTheFutureOrUnparsableAreRefusedBeforeAnythingIsWritten() throws IOException {
        Path parent = Ownership.createPrivateDirectory(sandbox.directory().resolve("refused"), Optional.of(sandbox.user()));
        Path reports = work.resolve("reports-refused");
        PitrConfigurationException before = assertThrows(PitrConfigurationException.class, () -> pgbr.restoreDrill()
                .target(RecoveryTarget.time(fullStart.minus(Duration.ofMinutes(10)))).directory(parent)
                .reportDirectory(reports).run());
        assertEquals(Setting.TARGET, before.setting());
        assertTrue(before.getMessage().contains("before the earliest backup stop"), before.getMessage());
        assertTrue(before.getMessage().contains("recovery window"), before.getMessage());

        PitrConfigurationException future = assertThrows(PitrConfigurationException.class, () -> pgbr.restore()
                .target(RecoveryTarget.time(Instant.now().plus(Duration.ofDays(1)))).pgPath(parent.resolve("pg")).run());
        assertTrue(future.getMessage().contains("in the future"), future.getMessage());

        RestorePlan afterArchive = pgbr.restore().target(RecoveryTarget.time(Instant.now().minusMillis(200)))
                .pgPath(parent.resolve("pg")).plan();
        assertEquals("archive-end", afterArchive.refusals().get(0).name(), afterArchive.describe());
        assertTrue(afterArchive.refusals().get(0).message().contains("recovery ended before configured recovery target"),
                afterArchive.describe());

        PitrConfigurationException unparsable = assertThrows(PitrConfigurationException.class,
                () -> RecoveryTarget.parse(null, "yesterday"));
        assertEquals(Setting.TARGET, unparsable.setting());

        try (Stream<Path> s = Files.list(parent)) {
            assertEquals(0, s.count(), "nothing was written");
        }
        assertFalse(Files.exists(reports));
    }

    @Test
    @Order(5)
    void targetAfterTheLastArchivedCommitFailsWithPostgresFatalWithinTheDeadline() {
        long start = System.nanoTime();
        Path scratch;
        DrillReport r;
        try (RestoreDrill drill = pgbr.restoreDrill().target(RecoveryTarget.time(tLate)).recoveryTimeout(Duration.ofSeconds(60))
                .reportDirectory(work.resolve("reports-late")).start()) {
            r = drill.report();
            scratch = drill.scratchDirectory();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(DrillStatus.FAILED, r.status());
        assertTrue(r.failure().orElseThrow().contains("recovery ended before configured recovery target was reached"),
                r.failure().toString());
        assertEquals(DrillStatus.FAILED, r.check("recovery").orElseThrow().status());
        assertTrue(took.compareTo(Duration.ofSeconds(45)) < 0, "failed fast, took " + took);
        assertTeardownComplete(scratch);
    }

    @Test
    @Order(6)
    void restoreOverARunningClusterOrIntoANonEmptyDirectoryIsRefused() throws IOException {
        PitrConfigurationException running = assertThrows(PitrConfigurationException.class, () -> pgbr.restore()
                .pgPath(sandbox.dataDirectory()).confirmInPlace("drill").delta().run());
        assertEquals(Setting.RESTORE_PG_PATH, running.setting());
        assertTrue(running.getMessage().contains("PostgreSQL is running"), running.getMessage());

        RestorePlan production = pgbr.restore().delta().plan();
        assertTrue(production.refusals().stream().anyMatch(i -> i.name().equals("production-path")),
                production.describe());

        Path busy = Files.createDirectories(work.resolve("busy"));
        Files.writeString(busy.resolve("keep.txt"), "precious");
        PitrConfigurationException nonEmpty = assertThrows(PitrConfigurationException.class, () -> pgbr.restore()
                .pgPath(busy).run());
        assertEquals(Setting.RESTORE_DELTA, nonEmpty.setting());
        assertTrue(nonEmpty.getMessage().contains("is not empty"), nonEmpty.getMessage());
        try (Stream<Path> s = Files.list(busy)) {
            assertEquals(List.of(busy.resolve("keep.txt")), s.toList());
        }
        assertEquals("precious", Files.readString(busy.resolve("keep.txt")));
        assertTrue(sandbox.isRunning());
    }

    private static Set<String> archiveFiles() throws IOException {
        Path archive = sandbox.repositoryPath().resolve("archive");
        try (Stream<Path> s = Files.walk(archive)) {
            return s.filter(Files::isRegularFile).map(p -> archive.relativize(p).toString()).collect(Collectors.toSet());
        }
    }

    /** No scratch directory and no process whose command line names it. */
    static void assertTeardownComplete(Path scratch) {
        assertFalse(Files.exists(scratch), "scratch directory deleted: " + scratch);
        List<String> left = ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains(scratch.toString())).orElse(false)
                        || cmdline(h.pid()).contains(scratch.toString()))
                .map(h -> h.pid() + " " + cmdline(h.pid())).toList();
        assertTrue(left.isEmpty(), "processes left: " + left);
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Plan once: a drill reads {@code info} exactly once before its restore (the plan and the backup review
     * share that snapshot) and runs its restore exactly once, the argv its plan showed.
     */
    @Test
    @Order(7)
    void aDrillRunsInfoOnceBeforeItsRestoreAndTheRestoreItPlanned() {
        List<List<String>> commands = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        dev.pitr.internal.exec.CommandRunner real = new dev.pitr.internal.exec.CommonsExecRunner(false);
        PgBackRest watched = PgBackRest.configure().stanza(sandbox.stanza()).configFile(sandbox.configFile())
                .runAs(sandbox.user()).commandRunner(spec -> {
                    commands.add(spec.argv());
                    return real.run(spec);
                }).load();
        var request = watched.restoreDrill().target(RecoveryTarget.time(t1)).expectRowCount("t", 200)
                .reportDirectory(work.resolve("reports-once"));
        DrillReport report = request.run();
        assertTrue(report.passed(), () -> "failed: " + report.failure() + " " + report.failedChecks());
        List<String> pgbackrest = commands.stream().filter(a -> a.get(0).endsWith("pgbackrest"))
                .map(a -> a.get(a.size() - 1)).toList();
        int restore = pgbackrest.indexOf("restore");
        assertTrue(restore > 0, pgbackrest.toString());
        assertEquals(1, java.util.Collections.frequency(pgbackrest.subList(0, restore), "info"), pgbackrest.toString());
        assertEquals(1, java.util.Collections.frequency(pgbackrest, "restore"), pgbackrest.toString());
    }
}
