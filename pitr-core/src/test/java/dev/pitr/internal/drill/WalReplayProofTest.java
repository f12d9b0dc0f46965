package dev.pitr.internal.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.drill.WalReplay;
import dev.pitr.info.ArchiveInfo;
import dev.pitr.info.BackupInfo;
import dev.pitr.internal.pg.Lsn;
import dev.pitr.internal.pg.WalSegment;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Where replay ended against what it had to reach, on server logs captured from real drills on PostgreSQL 15
 * and pgBackRest 2.45 (a segment deleted from the archive, a segment the run-as user cannot read, a disk that
 * filled during replay). The listing is a fake here; RecoveryProofIT lists a real repository.
 */
class WalReplayProofTest {
    static final BackupInfo FULL = new BackupInfo("20261201-122528F", BackupType.FULL, Optional.empty(), List.of(),
            Instant.parse("2026-12-01T12:25:26Z"), Instant.parse("2026-12-01T12:25:28Z"),
            Optional.of("000000010000000000000002"), Optional.of("000000010000000000000002"), Optional.of("0/2000028"),
            Optional.of("0/2000100"), 22992624, 22992624, 3000000, 3000000, Optional.of(false), Map.of(), 1, 1, "2.45");
    static final ArchiveInfo ARCHIVE = new ArchiveInfo("15-1", 1, 1, Optional.of("000000010000000000000001"),
            Optional.of("000000010000000000000009"));

    static RecoveryLog log(String name) {
        try (InputStream in = WalReplayProofTest.class.getResourceAsStream("/server-logs/" + name)) {
            return RecoveryLog.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An archive holding these segment names; remembers what was asked. */
    static final class FakeArchive implements WalReplayProof.Archive {
        final Set<String> names;
        final List<String> asked = new ArrayList<>();

        FakeArchive(String... names) {
            this.names = Set.of(names);
        }

        @Override
        public ArchiveListing.Presence presence(WalSegment segment) {
            asked.add(segment.name());
            return names.contains(segment.name()) ? ArchiveListing.Presence.PRESENT : ArchiveListing.Presence.MISSING;
        }

        @Override
        public String describe() {
            return "repo1 archive 15-1";
        }
    }

    @Test
    void theSegmentSizeIsReadFromTheBackupsStartLsnAndSegment() {
        assertEquals(16L << 20, WalReplayProof.segmentSize(FULL));
        BackupInfo big = new BackupInfo("x", BackupType.FULL, Optional.empty(), List.of(), Instant.EPOCH, Instant.EPOCH,
                Optional.of("000000010000000000000003"), Optional.empty(), Optional.of("0/C000028"), Optional.empty(),
                0, 0, 0, 0, Optional.empty(), Map.of(), 1, 1, "2.45");
        assertEquals(64L << 20, WalReplayProof.segmentSize(big));
    }

    @Test
    void aLatestDrillThatStoppedAtAGapFailsNamingTheMissingSegmentTheLsnReachedAndTheOneExpected() {
        FakeArchive archive = new FakeArchive("000000010000000000000004", "000000010000000000000006");
        RecoveryLog log = log("latest-gap.log");
        assertEquals(List.of("000000010000000000000002", "000000010000000000000003", "000000010000000000000004",
                "000000010000000000000004"), log.restoredSegments());
        WalReplayProof.Result r = WalReplayProof.judge(new WalReplayProof.Evidence(RecoveryTarget.latest(),
                Optional.of(FULL), Optional.of(ARCHIVE), log, Optional.of(Lsn.parse("0/5000000")),
                Optional.empty(), true), archive);
        assertFalse(r.check().passed());
        WalReplay w = r.replay();
        assertFalse(w.complete());
        assertEquals(Optional.of("000000010000000000000005"), w.firstMissingSegment());
        assertEquals(Optional.of("000000010000000000000002..000000010000000000000004"), w.range());
        assertEquals(Optional.of("0/5000000"), w.lastReplayedLsn());
        assertEquals(Optional.of("000000010000000000000009"), w.expectedLastSegment());
        assertEquals(Optional.of("0/9000000"), w.expectedLsn());
        assertEquals(0x5000000L - 0x2000028L, w.bytes());
        String m = r.check().message();
        assertTrue(m.contains("WAL segment 000000010000000000000005 is missing from repo1 archive 15-1, which holds WAL "
                + "up to 000000010000000000000009: the archive has a gap"), m);
        assertTrue(m.contains("to LSN 0/5000000"), m);
        assertTrue(m.contains("LSN 0/9000000 or later"), m);
        assertEquals(List.of("000000010000000000000005"), archive.asked);
    }

    @Test
    void aLatestDrillThatReachedTheNewestArchivedSegmentIsCompleteWithoutListingTheArchive() {
        FakeArchive archive = new FakeArchive();
        RecoveryLog log = RecoveryLog.parse(List.of(
                "LOG:  restored log file \"000000010000000000000002\" from archive",
                "LOG:  redo starts at 0/2000028",
                "LOG:  restored log file \"000000010000000000000009\" from archive",
                "LOG:  redo done at 0/90002D0 system usage: CPU: user: 0.00 s"));
        WalReplayProof.Result r = WalReplayProof.judge(new WalReplayProof.Evidence(RecoveryTarget.latest(),
                Optional.of(FULL), Optional.of(ARCHIVE), log, Optional.of(Lsn.parse("0/A000000")),
                Optional.of(Instant.parse("2026-12-01T12:25:36Z")), true), archive);
        assertTrue(r.check().passed(), r.check().message());
        assertEquals(Optional.of("000000010000000000000002..000000010000000000000009"), r.replay().range());
        assertEquals(8, r.replay().segments());
        assertTrue(archive.asked.isEmpty());
    }

    @Test
    void aSegmentTheRestoreCommandCouldNotReadIsNamedWithPgBackRestsError() {
        RecoveryLog log = log("time-permission-denied.log");
        assertTrue(log.targetNotReached());
        assertEquals(Optional.of("000000010000000000000007"), log.archiveGetErrors().get(0).segment());
        RecoveryTarget target = RecoveryTarget.time(Instant.parse("2030-01-01T00:00:00Z"));
        WalReplayProof.Result r = WalReplayProof.judge(new WalReplayProof.Evidence(target, Optional.of(FULL),
                Optional.of(ARCHIVE), log, Optional.empty(), Optional.empty(), false), new FakeArchive());
        assertEquals(Optional.of("000000010000000000000007"), r.replay().firstMissingSegment());
        assertEquals(Optional.of("0/60002D0"), r.replay().lastReplayedLsn());
        String gap = r.gap().orElseThrow();
        assertTrue(gap.startsWith("WAL segment 000000010000000000000007 could not be fetched: [042] unable to get "
                + "000000010000000000000007:"), gap);
        assertTrue(gap.contains("Permission denied"), gap);
        String failure = RecoveryCause.explain("FATAL:  recovery ended before configured recovery target was reached",
                log, r.gap(), Optional.empty());
        assertTrue(failure.startsWith("WAL segment 000000010000000000000007 could not be fetched"), failure);
        assertTrue(failure.endsWith("; recovery ended before configured recovery target was reached"), failure);
    }

    @Test
    void aDiskThatFilledDuringReplayIsTheFailureNotTheTargetNotReached() {
        RecoveryLog log = log("disk-full.log");
        assertEquals(Optional.of("FATAL: could not extend file \"base/5/16384\": No space left on device (HINT: Check "
                + "free disk space.) (CONTEXT: WAL redo at 0/3015FB0 for Heap/INSERT+INIT: off 1 flags 0x00; blkref #0: "
                + "rel 1663/5/16384, blk 0)"), log.serverFatal());
        String failure = RecoveryCause.explain("PostgreSQL stopped during recovery: FATAL: could not extend file",
                log, Optional.empty(), Optional.empty());
        assertTrue(failure.startsWith("FATAL: could not extend file \"base/5/16384\": No space left on device"), failure);
        assertTrue(failure.contains("the restore_command (pgbackrest archive-get) failed for WAL segment "
                + "000000010000000000000006: [042]"), failure);
    }

    @Test
    void clientConnectionFatalsAreNotTheServersCause() {
        RecoveryLog log = RecoveryLog.parse(List.of(
                "2026-12-01 12:00:00 UTC [10] FATAL:  the database system is starting up",
                "2026-12-01 12:00:01 UTC [11] FATAL:  the database system is not yet accepting connections",
                "2026-12-01 12:00:01 UTC [11] DETAIL:  Consistent recovery state has not been yet reached.",
                "2026-12-01 12:00:02 UTC [12] PANIC:  could not write to file \"pg_wal/xlogtemp.12\": No space left on device"));
        assertEquals(Optional.of("PANIC: could not write to file \"pg_wal/xlogtemp.12\": No space left on device"),
                log.serverFatal());
    }

    @Test
    void aTargetBeyondTheArchiveSaysTheArchiveEndsThereAndARestorePointNamesTheOlderSets() {
        RecoveryLog log = RecoveryLog.parse(List.of(
                "LOG:  restored log file \"000000010000000000000009\" from archive",
                "LOG:  redo starts at 0/9000028",
                "LOG:  redo done at 0/90002D0 system usage: CPU: user: 0.00 s",
                "FATAL:  recovery ended before configured recovery target was reached"));
        BackupInfo newest = new BackupInfo("20261202-100000F", BackupType.FULL, Optional.empty(), List.of(),
                Instant.parse("2026-12-02T10:00:00Z"), Instant.parse("2026-12-02T10:00:02Z"),
                Optional.of("000000010000000000000009"), Optional.empty(), Optional.of("0/9000028"), Optional.empty(),
                0, 0, 0, 0, Optional.empty(), Map.of(), 1, 1, "2.45");
        WalReplayProof.Result r = WalReplayProof.judge(new WalReplayProof.Evidence(RecoveryTarget.name("before_d"),
                Optional.of(newest), Optional.of(ARCHIVE), log, Optional.empty(), Optional.empty(), false),
                new FakeArchive());
        String gap = r.gap().orElseThrow();
        assertTrue(gap.contains("WAL segment 00000001000000000000000A is missing from repo1 archive 15-1; the archive "
                + "ends at 000000010000000000000009"), gap);
        dev.pitr.info.StanzaInfo snapshot = new dev.pitr.info.StanzaInfo("main", new dev.pitr.info.StanzaStatus(0, "ok"),
                false, Optional.empty(), List.of(), List.of(), List.of(ARCHIVE), List.of(FULL, newest));
        String hint = RecoveryCause.olderSetHint(RecoveryTarget.name("before_d"), Optional.empty(), newest.label(),
                snapshot, r.gap()).orElseThrow();
        assertTrue(hint.startsWith("restore point 'before_d' is not in the WAL after backup set 20261202-100000F"), hint);
        assertTrue(hint.endsWith("one of [20261201-122528F]"), hint);
        assertEquals(Optional.empty(), RecoveryCause.olderSetHint(RecoveryTarget.name("before_d"),
                Optional.of(FULL.label()), newest.label(), snapshot, r.gap()));
    }
}
