package dev.pitr.internal.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.DrillSettingsOf;
import dev.pitr.PgBackRest;
import dev.pitr.RestoreDrill;
import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.internal.exec.CommonsExecRunner;
import dev.pitr.internal.os.RunAs;
import dev.pitr.internal.pg.PostgresBinaries;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.restore.TargetAction;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real PostgreSQL + pgBackRest: the drill's pg_amcheck validation. One sandbox (data checksums on, as the
 * sandbox's initdb does by default) with databases postgres and nbms; clean drills pass with one amcheck
 * check per database, a size bound and amcheck=false give visible SKIPPED checks; a B-tree index page
 * corrupted in the source (keys swapped with the server stopped, page checksums recomputed, so neither
 * pgBackRest's backup nor a plain query notices) makes the drill FAIL naming that index; a heap page with a
 * bad checksum makes it FAIL naming the table and the checksum failure; and a clone paused read-only at its
 * target is checked where amcheck is installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DrillIntegrityIT {
    static SandboxCluster sandbox;
    static PgBackRest pgbr;
    static PostgresBinaries binaries;
    static Instant beforeCorruption;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        sandbox = SandboxCluster.builder().stanza("integrity").fsync(false).archiveTimeout(Duration.ofHours(1)).start();
        pgbr = sandbox.pgBackRest();
        binaries = PostgresBinaries.locate(Optional.empty());
        pgbr.stanzaCreate();
        sandbox.execute("create database nbms", "create table ledger(id int primary key, note text not null)",
                "insert into ledger select g, repeat('x', 200) from generate_series(1, 2000) g");
        // 300 int4 keys fit one B-tree leaf, which is also the root (block 1): the page the test corrupts.
        sql("nbms", "create extension amcheck", "create table orders(id int primary key, item text not null)",
                "insert into orders select g, 'item ' || g from generate_series(1, 300) g");
        pgbr.backup(BackupType.FULL);
        Thread.sleep(1100);
        beforeCorruption = Instant.now();
        Thread.sleep(1100);
        sql("nbms", "insert into orders values (301, 'after the target')");
        pgbr.check(); // archives the WAL up to here
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    @Order(1)
    void aCleanDrillReadsEveryDatabaseAndPassesWithOneAmcheckCheckEach() throws Exception {
        DrillReport r;
        try (RestoreDrill drill = pgbr.restoreDrill().database("nbms").expectRowCount("orders", 301)
                .expectRowCount("postgres:public.ledger", 2000).reportDirectory(work.resolve("clean")).start()) {
            r = drill.report();
            // jdbcUrl() is the drill's database
            assertTrue(drill.jdbcUrl().contains(":" + drill.port() + "/nbms?"), drill.jdbcUrl());
            Properties user = new Properties();
            user.setProperty("user", drill.user());
            try (Connection c = DriverManager.getConnection(drill.jdbcUrl(), user); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select current_database(), count(*) from orders")) {
                rs.next();
                assertEquals("nbms", rs.getString(1));
                assertEquals(301, rs.getInt(2));
            }
        }
        assertEquals(DrillStatus.PASSED, r.status(), r.toString());
        DrillCheck nbms = r.check("amcheck:nbms").orElseThrow();
        DrillCheck postgres = r.check("amcheck:postgres").orElseThrow();
        assertEquals(Optional.of("nbms"), nbms.database());
        assertEquals(Optional.of("postgres"), postgres.database());
        assertTrue(nbms.message().contains("B-tree indexes of nbms") && nbms.message().contains("no corruption"),
                nbms.message());
        assertTrue(nbms.message().contains("data checksums on, no page checksum failures"), nbms.message());
        assertEquals(Optional.of("nbms"), r.check("rowCount:orders").orElseThrow().database());
        assertEquals(Optional.of("postgres"), r.check("rowCount:postgres:public.ledger").orElseThrow().database());
        JsonNode checks = new ObjectMapper().readTree(work.resolve("clean/pitr-drill-report.json").toFile()).path("checks");
        List<String> databases = new ArrayList<>();
        checks.forEach(c -> databases.add(c.path("name").asText() + "@" + c.path("database").asText()));
        assertTrue(databases.contains("amcheck:nbms@nbms") && databases.contains("rowCount:orders@nbms"), databases
                .toString());
    }

    @Test
    @Order(2)
    void overItsSizeBoundOrTurnedOffAmcheckIsAVisibleSkippedCheckThatDoesNotFailTheDrill() {
        DrillReport bounded = pgbr.restoreDrill().amcheckMaxSize(1).reportDirectory(work.resolve("bounded")).run();
        assertEquals(DrillStatus.PASSED, bounded.status());
        DrillCheck skipped = bounded.check("amcheck").orElseThrow();
        assertEquals(DrillStatus.SKIPPED, skipped.status());
        assertTrue(skipped.message().contains("above amcheckMaxSize"), skipped.message());
        DrillReport off = pgbr.restoreDrill().amcheck(false).reportDirectory(work.resolve("off")).run();
        assertEquals(DrillStatus.PASSED, off.status());
        assertEquals(List.of("amcheck"), off.skippedChecks().stream().map(DrillCheck::name).toList());
        assertTrue(off.skippedChecks().get(0).message().contains("turned off"), off.skippedChecks().get(0).message());
    }

    @Test
    @Order(3)
    void aClonePausedReadOnlyAtItsTargetIsCheckedWhereAmcheckIsInstalledAndSaysWhyNotElsewhere() throws Exception {
        // Under /tmp, like a drill's scratch directory: the run-as user must traverse its parents (not @TempDir's).
        Path scratch = Path.of("/tmp", "pitr-drill-paused-" + Long.toString(System.nanoTime(), 36));
        Optional<String> runAs = Optional.of(sandbox.user());
        DrillCluster cluster = new DrillCluster(scratch, freePort(), sandbox.user(), runAs, binaries,
                new CommonsExecRunner(), Map.of());
        try {
            cluster.create(DrillMarker.ofThisJvm(sandbox.stanza()));
            pgbr.restore().target(RecoveryTarget.time(beforeCorruption)).targetAction(TargetAction.PAUSE)
                    .pgPath(cluster.dataDirectory()).archiveModeOff().run();
            cluster.isolate(dev.pitr.internal.drill.clone.HostMemory.Budget.of(Optional.empty()), Map.of(), "");
            cluster.start(Duration.ofMinutes(2));
            awaitPaused(cluster);
            DrillSettings settings = DrillSettingsOf.request(pgbr.restoreDrill().database("nbms"));
            List<DrillCheck> checks = new AmcheckValidation(cluster, settings, binaries, runAs, new CommonsExecRunner())
                    .run(new java.util.ArrayList<>());
            DrillCheck nbms = checks.stream().filter(c -> c.name().equals("amcheck:nbms")).findFirst().orElseThrow();
            DrillCheck postgres = checks.stream().filter(c -> c.name().equals("amcheck:postgres")).findFirst().orElseThrow();
            assertEquals(DrillStatus.PASSED, nbms.status(), nbms.message());
            assertEquals(DrillStatus.SKIPPED, postgres.status(), postgres.message());
            assertTrue(postgres.message().contains("read-only") && postgres.message().contains("amcheck"),
                    postgres.message());
        } finally {
            cluster.teardown(false);
        }
    }

    @Test
    @Order(4)
    void aBtreePageCorruptedInTheSourceFailsTheDrillNamingTheIndexWhileCountsStillPass() throws Exception {
        Path index = sandbox.dataDirectory().resolve(queryIn("nbms", "select pg_relation_filepath('orders_pkey')"));
        sandbox.stop();
        pgChecksums("--disable");
        swapLeafKeys(index, 1, 10, 20);
        pgChecksums("--enable"); // valid checksums over corrupt content: only a logical check can see it
        sandbox.startServer();
        pgbr.backup(BackupType.FULL);

        DrillReport r = pgbr.restoreDrill().database("nbms").expectRowCount("orders", 301)
                .reportDirectory(work.resolve("corrupt-index")).run();
        assertEquals(DrillStatus.FAILED, r.status());
        assertEquals(DrillStatus.PASSED, r.check("review").orElseThrow().status(), "pgBackRest saw no checksum error");
        assertEquals(DrillStatus.PASSED, r.check("rowCount:orders").orElseThrow().status(), "the rows are all there");
        DrillCheck amcheck = r.check("amcheck:nbms").orElseThrow();
        assertEquals(DrillStatus.FAILED, amcheck.status());
        assertEquals("1 corrupt relation", amcheck.actual());
        assertTrue(amcheck.message().contains("btree index public.orders_pkey")
                && amcheck.message().contains("item order invariant violated"), amcheck.message());
        assertEquals(DrillStatus.PASSED, r.check("amcheck:postgres").orElseThrow().status());
        assertTrue(r.failure().orElseThrow().startsWith("amcheck:nbms: corrupt in nbms: btree index public.orders_pkey"),
                r.failure().orElseThrow());
        String junit = Files.readString(work.resolve("corrupt-index/TEST-pitr-restore-drill.xml"));
        assertTrue(junit.contains("name=\"amcheck:nbms\"") && junit.contains("database: nbms"), junit);
    }

    @Test
    @Order(5)
    void aHeapPageWithABadChecksumFailsTheDrillNamingTheTableAndTheChecksumFailure() throws Exception {
        Path heap = sandbox.dataDirectory().resolve(queryIn("postgres", "select pg_relation_filepath('ledger')"));
        sandbox.stop();
        try (FileChannel f = FileChannel.open(heap, StandardOpenOption.WRITE)) {
            f.write(ByteBuffer.wrap("not a heap tuple".getBytes()), 8192 + 4000);
        }
        sandbox.startServer();
        pgbr.backup(BackupType.FULL);

        DrillReport r = pgbr.restoreDrill().amcheckDatabases(List.of("postgres"))
                .reportDirectory(work.resolve("bad-checksum")).run();
        assertEquals(DrillStatus.FAILED, r.status());
        assertEquals(DrillStatus.FAILED, r.check("review").orElseThrow().status(), "pgBackRest flags the checksum too");
        assertFalse(r.check("amcheck:nbms").isPresent(), "only the databases asked for are read");
        DrillCheck amcheck = r.check("amcheck:postgres").orElseThrow();
        assertEquals(DrillStatus.FAILED, amcheck.status());
        assertTrue(amcheck.message().contains("heap table public.ledger") && amcheck.message().contains("invalid page"),
                amcheck.message());
        assertTrue(amcheck.message().matches(".*data checksums on, [1-9]\\d* page checksum failures? \\([1-9]\\d* during "
                + "this read\\).*"), amcheck.message());
    }

    private static void awaitPaused(DrillCluster cluster) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try (Connection c = cluster.connect("postgres"); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select pg_get_wal_replay_pause_state()")) {
                if (rs.next() && "paused".equals(rs.getString(1))) {
                    return;
                }
            } catch (java.sql.SQLException notYet) {
                // starting up
            }
            assertTrue(System.nanoTime() < deadline, "the clone did not pause at its target");
            Thread.sleep(100);
        }
    }

    /**
     * Swaps the int4 keys of two items of one B-tree leaf page, so the page's keys are out of order: an index
     * that answers lookups wrongly while every page still looks well-formed.
     */
    static void swapLeafKeys(Path indexFile, int block, int itemA, int itemB) throws IOException {
        try (FileChannel f = FileChannel.open(indexFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.allocate(8192).order(ByteOrder.LITTLE_ENDIAN);
            f.read(page, (long) block * 8192);
            int keyA = keyOffset(page, itemA);
            int keyB = keyOffset(page, itemB);
            int a = page.getInt(keyA);
            int b = page.getInt(keyB);
            assertEquals(itemA, a, "item " + itemA + " of block " + block + " holds key " + a);
            page.putInt(keyA, b).putInt(keyB, a);
            page.rewind();
            f.write(page, (long) block * 8192);
        }
    }

    /** Where the key of a line pointer's index tuple starts: after its 6-byte heap TID and 2-byte t_info. */
    private static int keyOffset(ByteBuffer page, int item) {
        int lineTableStart = 24; // PageHeaderData
        int lp = page.getInt(lineTableStart + 4 * (item - 1));
        return (lp & 0x7FFF) + 8;
    }

    private static void pgChecksums(String mode) throws Exception {
        List<String> argv = new ArrayList<>(RunAs.prefix(Optional.of(sandbox.user())));
        argv.addAll(List.of(binaries.binDirectory().resolve("pg_checksums").toString(), mode, "-D",
                sandbox.dataDirectory().toString()));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "pg_checksums " + mode + ": " + out);
    }

    private static Connection connect(String database) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", sandbox.user());
        return DriverManager.getConnection(sandbox.jdbcUrl(database), props);
    }

    private static void sql(String database, String... statements) throws Exception {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static String queryIn(String database, String query) throws Exception {
        try (Connection c = connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
