package dev.pitr.internal.rto;

import dev.pitr.info.ArchiveInfo;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.pg.Lsn;
import dev.pitr.internal.pg.WalSegment;
import dev.pitr.restore.RecoveryTarget;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The WAL a restore of a backup set replays to a target, before anything runs: from the backup's start LSN (where
 * redo begins) to the target's position. An LSN target and the end of the backup ({@code immediate}) are
 * positions; {@code latest} is the end of the archive's newest segment. A time target is placed on the line
 * through the (time, LSN) pairs known around it: every backup's start and stop and where earlier drills' replays
 * ended (their last commit); after all of them, the archive's end bounds it. A restore point or transaction id has
 * no position in info: an earlier drill to the same target and set says it, else the end of the archive bounds
 * it.
 *
 * @param bytes from the backup's start to the target (0 when the backup records no start)
 * @param basis how the end was found, for the plan and the report
 */
public record WalSpan(long bytes, String basis) {

    public static WalSpan of(BackupInfo backup, RecoveryTarget target, StanzaInfo info, List<PastDrill> history,
            long segmentSize) {
        Optional<Long> start = backup.lsnStart().filter(Lsn::isLsn).map(Lsn::parse);
        if (start.isEmpty()) {
            return new WalSpan(0, "unknown: the backup records no start LSN");
        }
        Optional<Long> archiveEnd = info.archives().stream()
                .filter(a -> a.repoKey() == backup.repoKey() && a.dbId() == backup.dbId())
                .map(ArchiveInfo::max).flatMap(Optional::stream).filter(WalSegment::isName)
                .map(n -> WalSegment.parse(n, segmentSize).startLsn() + segmentSize).findFirst();
        Optional<Long> backupEnd = backup.lsnStop().filter(Lsn::isLsn).map(Lsn::parse);
        String describedTarget = target.describe();
        Optional<PastDrill> same = history.stream().filter(d -> d.passed() && d.walBytes() > 0
                && d.target().equals(describedTarget) && d.backupSet().equals(backup.label()))
                .max(Comparator.comparing(PastDrill::finishedAt));
        if (target instanceof RecoveryTarget.Latest) {
            return archiveEnd.map(e -> span(start.get(), e, "to the end of the archive"))
                    .orElseGet(() -> new WalSpan(0, "unknown: info lists no archive"));
        }
        if (target instanceof RecoveryTarget.Immediate) {
            return backupEnd.map(e -> span(start.get(), e, "to the end of the backup"))
                    .orElseGet(() -> new WalSpan(0, "unknown: the backup records no stop LSN"));
        }
        if (target instanceof RecoveryTarget.Lsn l) {
            return span(start.get(), l.position(), "to the target LSN");
        }
        if (same.isPresent()) {
            return new WalSpan(same.get().walBytes(), "as the drill of " + same.get().finishedAt()
                    + " to the same target replayed");
        }
        if (target instanceof RecoveryTarget.Time t) {
            return atTime(t.instant(), start.get(), backupEnd, archiveEnd, info, history);
        }
        return archiveEnd.map(e -> span(start.get(), e, "at most to the end of the archive (a " + target.type()
                + " target has no position before it is replayed)")).orElseGet(() -> new WalSpan(0,
                        "unknown: info lists no archive"));
    }

    private static WalSpan atTime(Instant t, long start, Optional<Long> backupEnd, Optional<Long> archiveEnd,
            StanzaInfo info, List<PastDrill> history) {
        List<PastDrill.Anchor> anchors = new ArrayList<>();
        for (BackupInfo b : info.backups()) {
            b.lsnStart().filter(Lsn::isLsn).ifPresent(l -> anchors.add(new PastDrill.Anchor(b.start(), Lsn.parse(l),
                    "the start of backup " + b.label())));
            b.lsnStop().filter(Lsn::isLsn).ifPresent(l -> anchors.add(new PastDrill.Anchor(b.stop(), Lsn.parse(l),
                    "the end of backup " + b.label())));
        }
        history.stream().map(PastDrill::replayEnd).flatMap(Optional::stream).forEach(anchors::add);
        anchors.sort(Comparator.comparing(PastDrill.Anchor::time));
        Optional<PastDrill.Anchor> before = anchors.stream().filter(a -> !a.time().isAfter(t)).reduce((a, b) -> b);
        Optional<PastDrill.Anchor> after = anchors.stream().filter(a -> a.time().isAfter(t)).findFirst();
        long low = backupEnd.orElse(start);
        long high = archiveEnd.orElse(Long.MAX_VALUE);
        long end;
        String basis;
        if (before.isPresent() && after.isPresent()) {
            PastDrill.Anchor a = before.get();
            PastDrill.Anchor b = after.get();
            double share = (t.toEpochMilli() - a.time().toEpochMilli())
                    / (double) Math.max(1, b.time().toEpochMilli() - a.time().toEpochMilli());
            end = a.lsn() + Math.round(share * Math.max(0, b.lsn() - a.lsn()));
            basis = "to the target time, between " + a.what() + " and " + b.what();
        } else if (before.isPresent()) {
            // After everything with a known time: writes come in bursts, so no line through the present places the
            // target; the archive's end bounds it, and an RTO estimate had better err long than short.
            end = archiveEnd.orElse(before.get().lsn());
            basis = archiveEnd.isPresent() ? "at most to the end of the archive (the target is after every backup "
                    + "and earlier drill info knows)" : "to " + before.get().what() + " (info lists no archive)";
        } else {
            end = low;
            basis = "to the end of the backup (the target is before everything info knows)";
        }
        end = Math.min(high, Math.max(low, end));
        return span(start, end, basis);
    }

    private static WalSpan span(long start, long end, String basis) {
        return new WalSpan(Math.max(0, end - start), basis);
    }
}
