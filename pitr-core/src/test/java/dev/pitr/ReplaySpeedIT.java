package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.drill.DrillPhases;
import dev.pitr.drill.DrillPlan;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.RtoEstimate;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real PostgreSQL + pgBackRest: a drill whose time goes into WAL replay (a full backup, then updates worth several
 * WAL segments, the target after them). The drill fetches WAL ahead into its own spool and runs its clone with
 * the replay settings, but reaches exactly the target's data and leaves nothing in the repository or in
 * production's spool; it reports where its time went; its RTO estimate exists before it starts, and three
 * drills in a row calibrate it (the error of each is logged: timing assertions do not belong in a test suite,
 * docs/benchmarks.md has the figures).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplaySpeedIT {
    static SandboxCluster sandbox;
    static PgBackRest pgbr;
    static Instant target;
    static String sumAtTarget;
    static long rowsAtTarget;

    @TempDir
    static Path work;
    /** Every foreground archive-get the drills' restore_command ran, one line each (through a {@code cmd} wrapper). */
    static Path archiveGets;
    static Path wrapperDirectory;

    @BeforeAll
    static void walHeavyHistory() throws Exception {
        // The restore_command (run by the clone's postgres user) calls pgBackRest through this wrapper, which
        // writes down each archive-get it is asked for (not the asynchronous run it starts: archive-get:async).
        wrapperDirectory = Files.createTempDirectory(Path.of("/tmp"), "pr");
        Files.setPosixFilePermissions(wrapperDirectory, PosixFilePermissions.fromString("rwxr-xr-x"));
        archiveGets = Files.createFile(wrapperDirectory.resolve("archive-gets"));
        Files.setPosixFilePermissions(archiveGets, PosixFilePermissions.fromString("rw-rw-rw-"));
        Path wrapper = wrapperDirectory.resolve("counting-pgbackrest.sh");
        Files.writeString(wrapper, "#!/bin/sh\nfor a in \"$@\"; do [ \"$a\" = archive-get ] && echo \"$*\" >> "
                + archiveGets + "; done\nexec pgbackrest \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        sandbox = SandboxCluster.builder().stanza("replay").fsync(false).archiveTimeout(Duration.ofHours(1))
                .configure(c -> c.globalOption("cmd", wrapper.toString())).start();
        pgbr = sandbox.pgBackRest();
        pgbr.stanzaCreate();
        sandbox.execute("create table w(id int primary key, n bigint not null, v text not null)",
                "insert into w select g, 0, md5(g::text) from generate_series(1, 100000) g");
        pgbr.backup(BackupType.FULL);
        for (int round = 1; round <= 4; round++) {
            sandbox.execute("update w set n = n + " + round + ", v = md5(v) where id % 3 <> 0");
        }
        Thread.sleep(1100);
        target = Instant.now();
        Thread.sleep(1100);
        sumAtTarget = sandbox.queryForString("select sum(n) from w");
        rowsAtTarget = Long.parseLong(sandbox.queryForString("select count(*) from w"));
        sandbox.execute("update w set n = n + 1000", "insert into w values (100001, 0, 'after the target')");
        pgbr.check(); // switches WAL and waits until it is archived
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (sandbox != null) {
            sandbox.close();
        }
        if (wrapperDirectory != null) {
            try (Stream<Path> files = Files.walk(wrapperDirectory)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static RestoreDrillRequest drill(Path reports) {
        return pgbr.restoreDrill().target(RecoveryTarget.time(target)).amcheck(false)
                .expectRowCount("w", rowsAtTarget)
                .assertSqlEquals("sum-at-target", "select sum(n) from w", sumAtTarget)
                .recoveryTimeout(Duration.ofMinutes(3)).reportDirectory(reports);
    }

    @Test
    @Order(1)
    void fetchedAheadAndTunedTheCloneReachesExactlyTheTargetAndLeavesTheRepositoryAndProductionAlone() throws Exception {
        Set<String> repositoryBefore = files(sandbox.repositoryPath());
        Path productionSpool = sandbox.directory().resolve("pgbackrest/spool");
        Set<String> spoolBefore = files(productionSpool);
        DrillPlan plan = drill(work.resolve("reports-isolation")).plan();
        assertTrue(plan.describe().contains("archive-async"), plan.describe());
        assertTrue(plan.rtoEstimate().isPresent(), plan.describe());

        Path scratch;
        DrillReport report;
        try (RestoreDrill d = drill(work.resolve("reports-isolation")).start()) {
            report = d.report();
            scratch = d.scratchDirectory();
            assertTrue(report.passed(), () -> report.failure() + " " + report.failedChecks());
            String auto = Files.readString(d.dataDirectory().resolve("postgresql.auto.conf"));
            String restoreCommand = auto.lines().filter(l -> l.startsWith("restore_command")).reduce((a, b) -> b)
                    .orElseThrow();
            assertTrue(restoreCommand.contains("--archive-async"), restoreCommand);
            assertTrue(restoreCommand.contains("--spool-path=" + scratch.resolve("wal-spool")), restoreCommand);
            assertTrue(restoreCommand.contains("--lock-path=" + scratch.resolve("wal-spool/lock")), restoreCommand);
            assertTrue(restoreCommand.contains("--log-path=" + scratch.resolve("wal-spool/log")), restoreCommand);
            assertTrue(restoreCommand.contains(" archive-get %f \"%p\""), restoreCommand);
            // Replay took queued segments straight from the spool: archive-get itself ran for history files, the
            // first segment (which started the asynchronous run) and what PostgreSQL reads again at the end of
            // recovery or decodes ahead past the target, not once per segment.
            String mine = "--pg1-path=" + d.dataDirectory();
            Set<String> viaArchiveGet = new TreeSet<>();
            for (String run : Files.readAllLines(archiveGets)) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(" archive-get ([0-9A-F]{24}) ").matcher(run);
                if (run.contains(mine) && m.find()) {
                    viaArchiveGet.add(m.group(1));
                }
            }
            long replayed = report.phases().walReplay().segmentsReplayed();
            assertTrue(replayed >= 5 && replayed - viaArchiveGet.size() >= 3, "of " + replayed + " segments replayed, "
                    + viaArchiveGet + " went through archive-get");
            // Paused at the target and promoted there: no end-of-recovery checkpoint was waited for.
            String serverLog = Files.readString(scratch.resolve("server.log"));
            assertTrue(serverLog.contains("received promote request"), serverLog);
            assertFalse(serverLog.contains("checkpoint starting: end-of-recovery"), serverLog);
            Properties p = new Properties();
            p.setProperty("user", d.user());
            try (Connection c = DriverManager.getConnection(d.jdbcUrl(), p); Statement s = c.createStatement()) {
                assertEquals("off", setting(s, "archive_mode"), "the clone archives nothing");
                // PostgreSQL shows "(disabled)" for any archive_command while archive_mode is off.
                assertTrue(Set.of("", "(disabled)").contains(setting(s, "archive_command")), setting(s, "archive_command"));
                assertEquals("off", setting(s, "fsync"));
                assertEquals("off", setting(s, "synchronous_commit"));
                assertEquals("on", setting(s, "log_checkpoints"), "the checkpoint lines the assertion above reads");
                assertEquals("off", setting(s, "autovacuum"));
                assertEquals("", setting(s, "listen_addresses"));
                if (memoryScratchAvailable()) {
                    assertEquals("off", setting(s, "recovery_prefetch"), "in memory every page is cached");
                }
                try (ResultSet rs = s.executeQuery("select count(*) from w where v = 'after the target'")) {
                    rs.next();
                    assertEquals(0, rs.getLong(1), "nothing after the target");
                }
            }
        }
        RestoreDrillIT.assertTeardownComplete(scratch);
        assertEquals(repositoryBefore, files(sandbox.repositoryPath()), "archive-get only read the repository");
        assertEquals(spoolBefore, files(productionSpool), "production's spool path was not used");

        DrillPhases phases = report.phases();
        assertTrue(phases.restore().bytes() > 0 && phases.restore().mbPerSecond() > 0, phases.toString());
        // A drill this small fits in memory wherever /dev/shm is a tmpfs with room: it restored there.
        assertEquals(memoryScratchAvailable(), scratch.startsWith(RestoreDrillRequest.MEMORY_DIRECTORY), scratch
                + ": " + phases.restore().scratch());
        assertEquals(memoryScratchAvailable(), phases.restore().inMemory(), phases.restore().scratch());
        // The dry run was its own plan, moments earlier: the same place, the memory figures of that moment.
        String place = phases.restore().scratch().replaceAll(":.*", "");
        assertTrue(plan.describe().contains("place:      " + place), place + "\n" + plan.describe());
        assertTrue(phases.walReplay().bytes() >= 3 * 16L * 1024 * 1024, phases.toString());
        assertTrue(phases.walReplay().segmentsFetched() >= 3, phases.toString());
        assertTrue(phases.walReplay().prefetch().contains("process"), phases.toString());
        assertEquals(List.of("rowCount:w", "sql:sum-at-target"), phases.validations().stream()
                .map(DrillPhases.Timed::name).toList());
        assertTrue(phases.teardown().isEmpty(), "start(): the caller tears the cluster down after the report");
        JsonNode json = new ObjectMapper().readTree(work.resolve("reports-isolation/pitr-drill-report.json").toFile());
        assertTrue(json.path("phases").path("walReplay").path("bytes").asLong() > 0, json.toPrettyString());
        assertTrue(json.path("phases").path("teardown").path("ms").isNull(), json.toPrettyString());
        assertTrue(json.path("rtoEstimate").path("estimatedMs").asLong() > 0, json.toPrettyString());
        assertTrue(Files.readString(work.resolve("reports-isolation/pitr-drill-report.md")).contains("Where the time went"));
    }

    @Test
    @Order(2)
    void withoutFetchAheadAndTuningTheCloneKeepsPgBackRestsRestoreCommandAndProductionsSettings() throws Exception {
        try (RestoreDrill d = drill(work.resolve("reports-plain")).archiveAsync(false).replayTuning(false)
                .scratchInMemory(false).start()) {
            DrillReport report = d.report();
            assertTrue(report.passed(), () -> report.failure() + " " + report.failedChecks());
            assertTrue(d.scratchDirectory().startsWith(RestoreDrillRequest.DEFAULT_DIRECTORY), d.scratchDirectory()
                    + ": scratchInMemory(false) restores on disk");
            assertFalse(report.phases().restore().inMemory(), report.phases().restore().scratch());
            String auto = Files.readString(d.dataDirectory().resolve("postgresql.auto.conf"));
            assertFalse(auto.contains("--archive-async"), auto);
            assertFalse(auto.contains("replay speed"), auto);
            Properties p = new Properties();
            p.setProperty("user", d.user());
            try (Connection c = DriverManager.getConnection(d.jdbcUrl(), p); Statement s = c.createStatement()) {
                assertEquals("off", setting(s, "fsync"), "the sandbox's own fsync=off, as restored");
                assertEquals("on", setting(s, "autovacuum"));
            }
            assertEquals("one segment per fetch", report.phases().walReplay().prefetch());
        }
    }

    @Test
    @Order(3)
    void threeDrillsInARowEstimateTheirRtoAndTheLaterOnesAreCalibratedByTheEarlier() {
        Path reports = work.resolve("reports-three");
        List<String> lines = new ArrayList<>();
        List<RtoEstimate> estimates = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            DrillPlan plan = drill(reports).plan();
            RtoEstimate planned = plan.rtoEstimate().orElseThrow();
            assertTrue(plan.describe().contains("RTO:        estimated"), plan.describe());
            DrillReport r = drill(reports).run();
            assertTrue(r.passed(), () -> r.failure() + " " + r.failedChecks());
            RtoEstimate e = r.rtoEstimate().orElseThrow();
            assertEquals(planned.model(), e.model(), "the run's estimate is its plan's");
            assertTrue(r.phases().teardown().isPresent(), "run() reports its teardown");
            estimates.add(e);
            lines.add(String.format(Locale.ROOT, "RTO-ESTIMATE drill %d: estimated %d ms (%s, %d drills), measured %d ms,"
                    + " error %+.1f %% (walBytes estimated %d, replayed %d)", i, e.total().toMillis(), e.model(),
                    e.drills(), r.timings().total().toMillis(), e.errorPercent(r.timings().total()), e.walBytes(),
                    r.walReplay().bytes()));
        }
        lines.forEach(System.out::println);
        assertEquals("plain", estimates.get(0).model());
        assertEquals("calibrated", estimates.get(2).model());
        assertEquals(2, estimates.get(2).drills());
    }

    /** /dev/shm is a tmpfs with a few GiB free: where a drill of this size restores by default. */
    private static boolean memoryScratchAvailable() {
        try {
            java.nio.file.FileStore shm = Files.getFileStore(RestoreDrillRequest.MEMORY_DIRECTORY);
            return shm.type().equals("tmpfs") && shm.getUsableSpace() > (4L << 30);
        } catch (IOException e) {
            return false;
        }
    }

    private static String setting(Statement s, String name) throws Exception {
        try (ResultSet rs = s.executeQuery("select current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Set<String> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p) + (Files.isRegularFile(p) ? " " + size(p) : "")).collect(
                    java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
