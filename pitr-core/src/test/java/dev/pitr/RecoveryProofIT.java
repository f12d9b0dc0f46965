package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.drill.WalReplay;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real PostgreSQL + pgBackRest: a drill proves its recovery replayed the whole archive. History: full backup,
 * restore point {@code before_incr}, incr backup, then six rounds of 10 rows and {@code pg_switch_wal()},
 * archived. With the archive intact a drill to latest
 * PASSES and reports the WAL range; with one segment removed from the middle of the posix repository (or made
 * unreadable for the run-as user) the same drill FAILS naming it, the LSN reached and the one expected, where
 * PostgreSQL itself would have promoted quietly at the gap.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecoveryProofIT {
    static SandboxCluster sandbox;
    static PgBackRest pgbr;
    static BackupResult full;
    static BackupResult incr;
    /** The start segment of the newest backup, the one a latest drill restores. */
    static String startSegment;
    static Instant afterLastRound;
    static List<Path> segmentFiles;

    @TempDir
    static Path work;

    @BeforeAll
    static void buildHistory() throws Exception {
        sandbox = SandboxCluster.builder().stanza("proof").fsync(false).archiveTimeout(Duration.ofHours(1)).start();
        pgbr = sandbox.pgBackRest();
        pgbr.stanzaCreate();
        full = pgbr.backup(BackupType.FULL);
        // a restore point older than the newest backup: pgBackRest restores the newest set for a name target
        sandbox.execute("create table early(id int)", "insert into early select generate_series(1, 5)",
                "select pg_create_restore_point('before_incr')", "insert into early select generate_series(6, 9)");
        incr = pgbr.backup(BackupType.INCR);
        startSegment = pgbr.stanzaInfo().backup(incr.label()).flatMap(b -> b.walStart()).orElseThrow();
        sandbox.execute("create table t(id int primary key, round int not null)");
        for (int round = 1; round <= 6; round++) {
            sandbox.execute("insert into t select g, " + round + " from generate_series(" + (round * 10 - 9) + ", "
                    + round * 10 + ") g", "select pg_switch_wal()");
        }
        afterLastRound = Instant.now();
        Thread.sleep(1100);
        sandbox.execute("select 1"); // no commit after afterLastRound is needed: the gap drills fail before it
        pgbr.check(); // switches WAL once more and waits until it is archived
        try (Stream<Path> s = Files.walk(sandbox.repositoryPath().resolve("archive"))) {
            segmentFiles = s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches("[0-9A-F]{24}-[0-9a-f]{40}.*"))
                    .sorted().toList();
        }
    }

    @AfterAll
    static void tearDown() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static String segmentName(Path file) {
        return file.getFileName().toString().substring(0, 24);
    }

    /** A segment strictly between the backup's start segment and the newest one. */
    static Path middleSegment() {
        List<Path> after = segmentFiles.stream().filter(f -> segmentName(f).compareTo(startSegment) > 0).toList();
        assertTrue(after.size() >= 5, "enough segments after the backup: " + segmentFiles);
        return after.get(after.size() / 2);
    }

    private static DrillReport drill(RecoveryTarget target, String reports) {
        return pgbr.restoreDrill().target(target).expectRowCount("t", 60).recoveryTimeout(Duration.ofMinutes(2))
                .reportDirectory(work.resolve(reports)).run();
    }

    @Test
    @Order(1)
    void withTheArchiveIntactALatestDrillPassesAndItsReportShowsTheWalRangeReplayed() throws IOException {
        DrillReport r = drill(RecoveryTarget.latest(), "intact");
        assertTrue(r.passed(), () -> r.failure() + " " + r.checks());
        WalReplay w = r.walReplay();
        assertTrue(w.complete());
        String newest = segmentName(segmentFiles.get(segmentFiles.size() - 1));
        assertEquals(startSegment, w.firstSegment().orElseThrow());
        assertTrue(w.lastSegment().orElseThrow().compareTo(newest) >= 0, w + " vs newest " + newest);
        assertTrue(w.segments() >= 7, w.toString());
        assertTrue(w.bytes() > 6L * 16 * 1024 * 1024, w.toString());
        assertTrue(w.lastReplayedLsn().isPresent() && w.lastReplayedCommit().isPresent(), w.toString());
        DrillCheck proof = r.check("walReplay").orElseThrow();
        assertTrue(proof.message().contains("the end of the archive"), proof.message());
        JsonNode json = new ObjectMapper().readTree(work.resolve("intact/pitr-drill-report.json").toFile());
        assertEquals(incr.label(), json.path("backupSet").asText());
        assertEquals(w.firstSegment().orElseThrow(), json.path("walReplay").path("firstSegment").asText());
        assertEquals(w.lastSegment().orElseThrow(), json.path("walReplay").path("lastSegment").asText());
        assertEquals(w.bytes(), json.path("walReplay").path("bytes").asLong());
        assertEquals(w.lastReplayedLsn().orElseThrow(), json.path("walReplay").path("lastReplayedLsn").asText());
        assertFalse(json.path("walReplay").path("lastReplayedCommit").isNull());
        System.out.printf("WAL-PROOF intact latest: %s, %d bytes, total %d ms%n", w.range().orElseThrow(), w.bytes(),
                r.timings().total().toMillis());
    }

    @Test
    @Order(2)
    void aSegmentRemovedFromTheMiddleOfTheArchiveFailsALatestDrillNamingIt() throws IOException {
        withMiddleSegmentRemoved(name -> {
            long t0 = System.nanoTime();
            DrillReport r = drill(RecoveryTarget.latest(), "gap-latest");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(DrillStatus.FAILED, r.status());
            String failure = r.failure().orElseThrow();
            assertTrue(failure.startsWith("walReplay: recovery ended early"), failure);
            assertTrue(failure.contains("WAL segment " + name + " is missing from repo1 archive"), failure);
            assertTrue(failure.contains("the archive has a gap"), failure);
            assertTrue(failure.contains("to LSN " + r.walReplay().lastReplayedLsn().orElseThrow()), failure);
            assertTrue(failure.contains(r.walReplay().expectedLsn().orElseThrow() + " or later"), failure);
            assertEquals(name, r.walReplay().firstMissingSegment().orElseThrow());
            assertFalse(r.walReplay().complete());
            // PostgreSQL promoted at the gap: without the proof the rows after it would have been all there was
            DrillCheck rows = r.check("rowCount:t").orElseThrow();
            assertFalse(rows.passed(), rows.toString());
            JsonNode json = new ObjectMapper().readTree(work.resolve("gap-latest/pitr-drill-report.json").toFile());
            assertEquals(name, json.path("walReplay").path("firstMissingSegment").asText());
            System.out.printf("WAL-PROOF gap latest: missing %s named in a %d ms drill (%s)%n", name, ms, failure);
        });
    }

    /** Moves a segment from the middle of the archive aside for the test, and back afterwards. */
    private static void withMiddleSegmentRemoved(SegmentTest test) throws IOException {
        Path segment = middleSegment();
        Path aside = work.resolve(segment.getFileName());
        Files.move(segment, aside);
        try {
            test.run(segmentName(segment));
        } finally {
            Files.move(aside, segment);
        }
    }

    @FunctionalInterface
    private interface SegmentTest {
        void run(String segmentName) throws IOException;
    }

    @Test
    @Order(3)
    void theSameGapFailsATimeTargetDrillNamingTheSegmentBeforeTargetNotReached() throws IOException {
        withMiddleSegmentRemoved(name -> {
            DrillReport r = drill(RecoveryTarget.time(afterLastRound), "gap-time");
            assertEquals(DrillStatus.FAILED, r.status());
            String failure = r.failure().orElseThrow();
            assertTrue(failure.startsWith("WAL segment " + name + " is missing from repo1 archive"), failure);
            assertTrue(failure.endsWith("recovery ended before configured recovery target was reached"), failure);
            assertEquals(name, r.walReplay().firstMissingSegment().orElseThrow());
            assertEquals(DrillStatus.FAILED, r.check("walReplay").orElseThrow().status());
        });
    }

    @Test
    @Order(4)
    void aSegmentTheRunAsUserCannotReadIsNamedWithPgBackRestsPermissionError() throws IOException {
        Path segment = middleSegment();
        String name = segmentName(segment);
        var mode = Files.getPosixFilePermissions(segment);
        Files.setPosixFilePermissions(segment, PosixFilePermissions.fromString("---------"));
        try {
            DrillReport r = drill(RecoveryTarget.latest(), "unreadable");
            assertEquals(DrillStatus.FAILED, r.status());
            String failure = r.failure().orElseThrow();
            assertTrue(failure.contains("WAL segment " + name + " could not be fetched: ["), failure);
            assertTrue(failure.contains("Permission denied"), failure);
        } finally {
            Files.setPosixFilePermissions(segment, mode);
        }
    }

    @Test
    @Order(5)
    void aRestorePointOlderThanTheNewestBackupNeedsASetAndTheFailureWithoutOneNamesIt() {
        DrillReport without = pgbr.restoreDrill().target(RecoveryTarget.name("before_incr"))
                .recoveryTimeout(Duration.ofMinutes(2)).reportDirectory(work.resolve("name-newest")).run();
        assertEquals(DrillStatus.FAILED, without.status());
        assertEquals(incr.label(), without.backupSet());
        assertTrue(without.check("review").orElseThrow().message().contains(incr.label()));
        String failure = without.failure().orElseThrow();
        assertTrue(failure.contains("recovery ended before configured recovery target was reached"), failure);
        assertTrue(failure.contains("restore point 'before_incr' is not in the WAL after backup set " + incr.label()),
                failure);
        assertTrue(failure.contains("one of [" + full.label() + "]"), failure);

        DrillReport with = pgbr.restoreDrill().target(RecoveryTarget.name("before_incr")).set(full.label())
                .expectRowCount("early", 5).recoveryTimeout(Duration.ofMinutes(2))
                .reportDirectory(work.resolve("name-set")).run();
        assertTrue(with.passed(), () -> with.failure() + " " + with.checks());
        assertEquals(full.label(), with.backupSet());
        DrillCheck review = with.check("review").orElseThrow();
        assertTrue(review.message().startsWith("full backup " + full.label()), review.message());
        assertTrue(with.check("walReplay").orElseThrow().message().contains("recovery stopping at restore point "
                + "\"before_incr\""), with.check("walReplay").orElseThrow().message());
    }
}
