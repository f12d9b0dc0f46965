package dev.pitr.internal.metrics;

import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.pg.WalSegment;
import dev.pitr.internal.rto.PastDrill;
import dev.pitr.internal.rto.RtoEstimator;
import dev.pitr.internal.rto.WalSpan;
import dev.pitr.restore.RecoveryTarget;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The metric's view of the one RTO estimate ({@link RtoEstimator}, the same the drill's plan and report show):
 * the next drill as pitr runs it by default, the newest backup replayed to the end of the archive, with the
 * rates of the drill history. Without info (it could not be read) the backup's size is unknown: then the
 * median RTO of the last PASSED drills stands in. Before the first PASSED drill the metric is absent (the plan
 * shows the plain model's figure instead).
 */
final class RtoEstimate {
    private RtoEstimate() {
    }

    static Optional<Duration> of(List<DrillRecords.Drill> drills, Optional<StanzaInfo> info) {
        List<PastDrill> history = RtoEstimator.sized(drills.stream().map(DrillRecords.Drill::past).toList(), info);
        List<PastDrill> passed = RtoEstimator.calibrating(history);
        if (passed.isEmpty()) {
            // The metric follows the drill history: before the first PASSED drill it has nothing to say.
            return Optional.empty();
        }
        Optional<BackupInfo> newest = info.flatMap(StanzaInfo::latestBackup).filter(b -> b.size() > 0);
        if (newest.isEmpty()) {
            return Optional.of(Duration.ofMillis(Math.round(RtoEstimator.median(passed.stream()
                    .map(d -> d.total().toMillis()).toList()))));
        }
        BackupInfo b = newest.get();
        WalSpan wal = WalSpan.of(b, RecoveryTarget.latest(), info.get(), history,
                WalSegment.sizeOf(b.walStart(), b.lsnStart()));
        return Optional.of(RtoEstimator.estimate(new RtoEstimator.Inputs(b.size(), wal,
                Runtime.getRuntime().availableProcessors()), history).total());
    }
}
