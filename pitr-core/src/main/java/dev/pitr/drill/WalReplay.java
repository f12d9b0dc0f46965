package dev.pitr.drill;

import java.time.Instant;
import java.util.Optional;

/**
 * The WAL a restore drill replayed, and whether that is all it should have replayed: for {@code latest} up to
 * the newest segment the repository's archive holds, for {@code immediate} up to the end of the backup, for a
 * time, xid, LSN or restore point up to that target. Written as {@code walReplay} in the JSON report.
 *
 * @param complete            true when recovery replayed everything it should have
 * @param firstSegment        the first WAL segment replayed (the backup's start segment)
 * @param lastSegment         the segment holding the last replayed WAL record
 * @param segments            how many segments {@code firstSegment..lastSegment} spans
 * @param bytes               WAL bytes replayed, from where redo started to the last replayed position
 * @param lastReplayedLsn     where replay ended ({@code pg_last_wal_replay_lsn()}, or the server log's
 *                            {@code redo done at} when the server did not come up)
 * @param lastReplayedCommit  the time of the last replayed commit
 * @param expectedLastSegment the segment replay had to reach, when a segment says it ({@code latest}: the
 *                            archive's newest when the drill was planned)
 * @param expectedLsn         the WAL position replay had to reach, when one says it (an LSN target, the end of
 *                            the backup, the start of the archive's newest segment)
 * @param firstMissingSegment when replay ended early: the first WAL segment that could not be fetched
 */
public record WalReplay(boolean complete, Optional<String> firstSegment, Optional<String> lastSegment, long segments,
        long bytes, Optional<String> lastReplayedLsn, Optional<Instant> lastReplayedCommit,
        Optional<String> expectedLastSegment, Optional<String> expectedLsn, Optional<String> firstMissingSegment) {
    /** Nothing was replayed (the restore failed, or a report written before pitr recorded replays). */
    public static WalReplay none() {
        return new WalReplay(false, Optional.empty(), Optional.empty(), 0, 0, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** {@code 000000010000000000000002..000000010000000000000009}, or empty. */
    public Optional<String> range() {
        return firstSegment.flatMap(f -> lastSegment.map(l -> f + ".." + l));
    }
}
