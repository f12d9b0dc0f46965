package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pitr.config.Setting;
import dev.pitr.drill.DrillPlan;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.governance.RuleResult;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real PostgreSQL + pgBackRest: what a drill can know before it writes is checked before it writes, by the run
 * and its dry run alike (a directory the run-as user cannot reach, a file system too small for the restored
 * database, a target in the future), and a disk that fills up during replay is reported as what it is, not as
 * "target not reached". The file systems are small tmpfs mounts (root only; skipped where mount is refused).
 */
class DrillBeforeWritingIT {
    static SandboxCluster sandbox;
    static PgBackRest pgbr;
    static long databaseBytes;

    @TempDir
    static Path work;

    @BeforeAll
    static void buildHistory() {
        sandbox = SandboxCluster.builder().stanza("before").fsync(false).archiveTimeout(Duration.ofHours(1)).start();
        pgbr = sandbox.pgBackRest();
        pgbr.stanzaCreate();
        databaseBytes = pgbr.backup(BackupType.FULL).size();
        // about 115 MB of heap written after the backup: replay needs far more room than the restored set
        sandbox.execute("create table big as select g, repeat('x', 200) as pad from generate_series(1, 500000) g");
        pgbr.check();
    }

    @AfterAll
    static void tearDown() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void aDirectoryTheRunAsUserCannotReachIsRefusedByRunAndDryRunAndNoDrillEntersTheHistory() throws IOException {
        Path locked = Files.createDirectories(work.resolve("locked"));
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path reports = work.resolve("reports-locked");
        RestoreDrillRequest request = pgbr.restoreDrill().directory(locked.resolve("drills")).reportDirectory(reports);
        DrillPlan plan = request.plan();
        assertFalse(plan.allowed(), plan.describe());
        PitrConfigurationException dry = plan.refusal().orElseThrow();
        PitrConfigurationException run = assertThrows(PitrConfigurationException.class, request::run);
        assertEquals(Setting.DRILL_DIRECTORY, run.setting());
        assertEquals(dry.getMessage(), run.getMessage());
        assertTrue(run.problem().contains("the OS user " + sandbox.user() + " cannot reach " + locked.resolve("drills")
                + ": no search permission on "), run.problem());
        assertTrue(run.problem().endsWith(locked.toString()) || run.problem().endsWith(work.toString()), run.problem());
        assertTrue(run.fix().contains("chmod o+x"), run.fix());
        assertTrue(plan.describe().contains("[REFUSED] drill-directory"), plan.describe());
        assertFalse(Files.exists(locked.resolve("drills")), "nothing was created");
        assertFalse(Files.exists(reports), "no report, so no drill in the history");
        RuleResult rule = pgbr.healthCheck().reportDirectory(reports).pgBackRestCheck(false).preflight(false).run()
                .result("restore-drill").orElseThrow();
        assertFalse(rule.message().contains("FAILED"), rule.message());
    }

    @Test
    void aTargetInTheFutureIsRefusedByTheDryRunExactlyAsByTheRun() {
        RestoreDrillRequest request = pgbr.restoreDrill()
                .target(RecoveryTarget.time(Instant.parse("2030-01-01T00:00:00Z"))).reportDirectory(work.resolve("r2030"));
        PitrConfigurationException dry = request.plan().refusal().orElseThrow();
        PitrConfigurationException run = assertThrows(PitrConfigurationException.class, request::run);
        assertEquals(Setting.TARGET, run.setting());
        assertTrue(run.getMessage().contains("is in the future"), run.getMessage());
        assertEquals(dry.getMessage().replaceAll("now \\S+;", "now ?;"), run.getMessage().replaceAll("now \\S+;", "now ?;"));
    }

    @Test
    void aFileSystemTooSmallForTheRestoredDatabaseIsRefusedNamingBothNumbers() throws IOException {
        Path small = Files.createDirectories(work.resolve("small"));
        assumeTrue(mountTmpfs(small, 16L << 20), "tmpfs mount refused (not root, or no CAP_SYS_ADMIN)");
        try {
            Files.setPosixFilePermissions(small, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            openUpToRoot(small);
            PitrConfigurationException e = assertThrows(PitrConfigurationException.class, () -> pgbr.restoreDrill()
                    .directory(small).reportDirectory(work.resolve("reports-small")).run());
            assertEquals(Setting.DRILL_DIRECTORY, e.setting());
            assertTrue(e.problem().contains("the drill needs "), e.problem());
            assertTrue(e.problem().contains("(database size "), e.problem());
            assertTrue(e.problem().contains("(" + databaseBytes + " bytes) of backup set"), e.problem());
            assertTrue(e.problem().contains("whose file system has 16.0 MiB (16777216 bytes) free"), e.problem());
            try (Stream<Path> s = Files.list(small)) {
                assertEquals(0, s.count(), "nothing was written");
            }
            assertFalse(Files.exists(work.resolve("reports-small")));
        } finally {
            umount(small);
        }
    }

    @Test
    void aDiskThatFillsDuringReplayFailsTheDrillWithNoSpaceLeftOnDeviceAsTheCause() throws IOException {
        long needed = databaseBytes + Math.max(64L << 20, databaseBytes / 10);
        Path tight = Files.createDirectories(work.resolve("tight"));
        assumeTrue(mountTmpfs(tight, needed + (4L << 20)), "tmpfs mount refused (not root, or no CAP_SYS_ADMIN)");
        try {
            Files.setPosixFilePermissions(tight, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            openUpToRoot(tight);
            // Without WAL fetched ahead: the space check would count its queue too, and this file system is sized
            // to pass the check with the database and margin alone, then fill while WAL is replayed.
            DrillReport r = pgbr.restoreDrill().directory(tight).archiveAsync(false)
                    .recoveryTimeout(Duration.ofMinutes(2)).reportDirectory(work.resolve("reports-tight")).run();
            assertEquals(DrillStatus.FAILED, r.status());
            String failure = r.failure().orElseThrow();
            // PostgreSQL says "disk full" two ways: ENOSPC, or (tmpfs pages are 4 kB, blocks 8 kB) a short write of
            // the last page with its hint; which one depends on the pages left, so a few bytes more or less in
            // the scratch directory switch between them.
            assertTrue(failure.contains("No space left on device") || failure.contains("HINT: Check free disk space."),
                    failure);
            assertTrue(failure.startsWith("FATAL: ") || failure.startsWith("PANIC: ")
                    || failure.startsWith("WAL segment "), failure);
            assertFalse(failure.startsWith("recovery ended before"), failure);
            assertEquals(failure, r.check("recovery").orElseThrow().message());
            System.out.printf("DISK-FULL drill failure: %s%n", failure);
        } finally {
            umount(tight);
        }
    }

    /** The @TempDir chain is root's 0700: let the run-as user through to the mount point (and nothing more). */
    private static void openUpToRoot(Path dir) throws IOException {
        for (Path p = dir.getParent(); p != null && p.startsWith(work); p = p.getParent()) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        }
    }

    private static boolean mountTmpfs(Path dir, long bytes) {
        return exec(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0755", "tmpfs", dir.toString())) == 0;
    }

    private static void umount(Path dir) {
        if (exec(List.of("umount", dir.toString())) != 0) {
            exec(List.of("umount", "-l", dir.toString()));
        }
    }

    private static int exec(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
