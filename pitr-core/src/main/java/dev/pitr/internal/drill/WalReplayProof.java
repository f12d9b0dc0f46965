package dev.pitr.internal.drill;

import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.WalReplay;
import dev.pitr.error.PgBackRestException;
import dev.pitr.info.ArchiveInfo;
import dev.pitr.info.BackupInfo;
import dev.pitr.internal.pg.Lsn;
import dev.pitr.internal.pg.WalSegment;
import dev.pitr.restore.RecoveryTarget;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Proves a drill's recovery replayed what it should have. PostgreSQL itself fails a time, xid, LSN or name
 * target it never reached, but it ends a {@code latest} recovery quietly at the first WAL segment the
 * restore_command cannot fetch, a gap in the archive included, and promotes: a drill that trusted that would
 * PASS with the rows after the gap missing. So the drill compares where replay ended with what the plan's info
 * snapshot says the archive holds, and when recovery ended early names the first segment that could not be
 * fetched (from the restore_command's errors in the server log, else from a listing of the archive), the
 * LSN reached and the one expected.
 */
final class WalReplayProof {
    static final String CHECK = "walReplay";
    private static final long MIB = 1024 * 1024;

    /** What the drill knows after recovery ended. */
    record Evidence(RecoveryTarget target, Optional<BackupInfo> backup, Optional<ArchiveInfo> archive,
            RecoveryLog log, Optional<Long> replayEnd, Optional<Instant> lastCommit, boolean recovered) {
    }

    /** Looks a segment up in the archive (a repo-ls); may throw when the repository cannot be listed. */
    interface Archive {
        ArchiveListing.Presence presence(WalSegment segment);

        String describe();
    }

    /** The check for the report, the figures for its {@code walReplay} field, and why replay ended early. */
    record Result(DrillCheck check, WalReplay replay, Optional<String> gap) {
    }

    private WalReplayProof() {
    }

    static Result judge(Evidence e, Archive archive) {
        long segmentSize = e.backup().map(WalReplayProof::segmentSize).orElse(WalSegment.DEFAULT_SIZE);
        Optional<WalSegment> start = e.backup().flatMap(BackupInfo::walStart).filter(WalSegment::isName)
                .map(n -> WalSegment.parse(n, segmentSize));
        long timeline = e.log().lastTimeline().or(() -> start.map(WalSegment::timeline)).orElse(1L);
        Optional<WalSegment> first = e.log().restoredSegments().stream().findFirst()
                .map(n -> WalSegment.parse(n, segmentSize)).or(() -> start);
        // pg_last_wal_replay_lsn() is the end of the last record (it may sit on the next segment's first byte);
        // "redo done at" is the start of the last record.
        Optional<Long> reached = e.replayEnd().or(e.log()::redoDone);
        Optional<WalSegment> last = e.replayEnd().map(end -> WalSegment.containing(timeline, Math.max(end - 1, 0),
                segmentSize)).or(() -> e.log().redoDone().map(done -> WalSegment.containing(timeline, done,
                segmentSize))).or(() -> e.log().restoredSegments().stream().reduce((a, b) -> b)
                .map(n -> WalSegment.parse(n, segmentSize)));
        long bytes = reached.flatMap(r -> e.log().redoStart().map(s -> Math.max(0, r - s))).orElse(0L);
        long segments = first.flatMap(f -> last.map(l -> Math.max(0, l.number() - f.number() + 1))).orElse(0L);
        Optional<WalSegment> newest = e.archive().flatMap(ArchiveInfo::max).filter(WalSegment::isName)
                .map(n -> WalSegment.parse(n, segmentSize));

        Expectation expected = expectation(e, newest, reached, last);
        Optional<String> gap = Optional.empty();
        Optional<WalSegment> missing = Optional.empty();
        if (!expected.met()) {
            WalSegment next = last.map(WalSegment::next).or(() -> start).orElse(null);
            if (next != null) {
                missing = Optional.of(next);
                gap = Optional.of(whyNotFetched(next, timeline, newest, e.log(), archive));
            }
        }
        WalReplay replay = new WalReplay(expected.met(), first.map(WalSegment::name), last.map(WalSegment::name),
                segments, bytes, reached.map(Lsn::format), e.lastCommit(), expected.segment().map(WalSegment::name),
                expected.lsn().map(Lsn::format), missing.map(WalSegment::name));
        String replayed = replay.range().map(r -> "replayed WAL " + r + " (" + segments + " segment"
                + (segments == 1 ? "" : "s") + ", " + mib(bytes) + ")").orElse("replayed no archived WAL")
                + reached.map(r -> " to LSN " + Lsn.format(r)).orElse("");
        String message = expected.met()
                ? replayed + ", " + expected.reachedText() + e.lastCommit().map(c -> "; last replayed commit " + c)
                        .orElse("")
                : "recovery ended early: " + replayed + ", expected " + expected.text() + gap.map(g -> "; " + g)
                        .orElse("");
        DrillCheck check = DrillCheck.of(CHECK, expected.met(), expected.text(), reached.map(r -> "LSN "
                + Lsn.format(r)).orElse("nothing replayed") + last.map(l -> " in " + l.name()).orElse(""), message);
        return new Result(check, replay, gap);
    }

    /** What replay had to reach, whether it did, and how to say both. */
    private record Expectation(boolean met, Optional<WalSegment> segment, Optional<Long> lsn, String text,
            String reachedText) {
    }

    private static Expectation expectation(Evidence e, Optional<WalSegment> newest, Optional<Long> reached,
            Optional<WalSegment> last) {
        RecoveryTarget target = e.target();
        boolean stopped = e.log().stopping().isPresent();
        if (target instanceof RecoveryTarget.Latest) {
            if (newest.isEmpty()) {
                return new Expectation(e.recovered(), Optional.empty(), Optional.empty(), "the end of the archive",
                        "the archive listed no WAL when the drill was planned");
            }
            WalSegment n = newest.get();
            boolean met = e.recovered() && last.filter(l -> l.number() > n.number()
                    || (l.number() == n.number() && l.timeline() >= n.timeline())).isPresent();
            return new Expectation(met, newest, Optional.of(n.startLsn()), "WAL segment " + n.name()
                    + " (the newest in the archive when planned; LSN " + Lsn.format(n.startLsn()) + " or later)",
                    "the end of the archive (newest segment " + n.name() + " when planned)");
        }
        if (target instanceof RecoveryTarget.Immediate) {
            Optional<Long> end = e.backup().flatMap(BackupInfo::lsnStop).filter(Lsn::isLsn).map(Lsn::parse);
            boolean met = e.recovered() && end.flatMap(x -> reached.map(r -> r >= x)).orElse(true);
            return new Expectation(met, Optional.empty(), end, "the end of the backup" + end.map(x -> " (LSN "
                    + Lsn.format(x) + ")").orElse(""), "the end of the backup");
        }
        if (target instanceof RecoveryTarget.Lsn l) {
            boolean met = e.recovered() && (stopped || reached.filter(r -> r >= l.position()).isPresent());
            return new Expectation(met, Optional.empty(), Optional.of(l.position()), "LSN " + l.lsn(), "the target ("
                    + e.log().stopping().orElse("LSN " + l.lsn()) + ")");
        }
        // time, xid, name: PostgreSQL says when it stopped at the target ("recovery stopping before/after/at ...")
        boolean met = e.recovered() && stopped;
        return new Expectation(met, Optional.empty(), Optional.empty(), "the target " + target.describe(),
                "the target (" + e.log().stopping().orElse(target.describe()) + ")");
    }

    /** Why {@code next}, the segment after the last replayed one, was not replayed. */
    private static String whyNotFetched(WalSegment next, long timeline, Optional<WalSegment> newest, RecoveryLog log,
            Archive archive) {
        Optional<RecoveryLog.ArchiveGetError> error = log.errorFor(next);
        if (error.isPresent()) {
            return "WAL segment " + error.get().segment().orElse(next.name()) + " could not be fetched: "
                    + error.get().describe();
        }
        long highest = newest.map(WalSegment::timeline).filter(t -> t > timeline).orElse(timeline);
        try {
            boolean partialOnly = false;
            for (long tl = timeline; tl <= highest; tl++) {
                ArchiveListing.Presence p = archive.presence(next.onTimeline(tl));
                if (p == ArchiveListing.Presence.PRESENT) {
                    return "WAL segment " + next.onTimeline(tl).name() + " is in " + archive.describe() + " but "
                            + "recovery did not replay it (" + (log.serverFatal().isPresent() ? "the server failed first"
                                    : "the restore_command logged no error; see the server log") + ")";
                }
                partialOnly |= p == ArchiveListing.Presence.PARTIAL_ONLY;
            }
            String holds = newest.filter(n -> n.number() >= next.number()).map(n -> ", which holds WAL up to "
                    + n.name() + ": the archive has a gap").orElseGet(() -> newest.map(n -> "; the archive ends at "
                    + n.name() + ": recovery replayed all of it without reaching the target").orElse(""));
            return (partialOnly ? "only a .partial file of WAL segment "
                    + next.name() + " is in " + archive.describe() : "WAL segment " + next.name() + " is missing from "
                    + archive.describe()) + holds;
        } catch (PgBackRestException listingFailed) {
            return "WAL segment " + next.name() + " was not fetched (listing " + archive.describe() + " failed: "
                    + listingFailed.getMessage() + ")";
        }
    }

    /**
     * The cluster's wal_segment_size, from the backup itself: its start segment is the one holding its start
     * LSN, and exactly one power of two from 1 MiB to 1 GiB maps the one onto the other (PostgreSQL's default,
     * 16 MiB, when info lacks either).
     */
    static long segmentSize(BackupInfo backup) {
        return WalSegment.sizeOf(backup.walStart(), backup.lsnStart());
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) MIB);
    }
}
