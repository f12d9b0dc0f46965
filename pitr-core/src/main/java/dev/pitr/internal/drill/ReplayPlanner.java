package dev.pitr.internal.drill;

import dev.pitr.drill.RtoEstimate;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.DbInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.metrics.DrillRecords;
import dev.pitr.internal.pg.WalSegment;
import dev.pitr.internal.rto.PastDrill;
import dev.pitr.internal.rto.RtoEstimator;
import dev.pitr.internal.rto.WalSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans a drill's replay from what is known before it starts: the backup set to restore and the plan's info
 * snapshot (the WAL span), the host (cores, free disk, memory), the repository (local or over the network) and
 * the stanza's earlier drills in the report directory (the rates of the RTO estimate).
 */
final class ReplayPlanner {
    /** The newest reports the estimate reads (it calibrates with the last 10 PASSED drills of a similar size). */
    static final int CALIBRATION_REPORTS = 60;

    private ReplayPlanner() {
    }

    static ReplayPlan plan(Invoker engine, DrillSettings settings, StanzaInfo snapshot, Optional<BackupInfo> set,
            Path scratch) {
        String stanza = engine.config().stanza();
        List<PastDrill> history = RtoEstimator.sized(DrillRecords.readNewest(stanza, settings.reportDirectory(),
                CALIBRATION_REPORTS).stream()
                .map(DrillRecords.Drill::past).toList(), Optional.of(snapshot));
        int cores = Runtime.getRuntime().availableProcessors();
        boolean network = WalPrefetch.networkRepository(engine.conf(), stanza, settings.repo());
        if (set.isEmpty()) {
            WalSpan none = new WalSpan(0, "no backup set qualifies");
            return new ReplayPlan(none, WalPrefetch.choose(settings.replay(), new WalPrefetch.Facts(cores, 0, 0,
                    WalSegment.DEFAULT_SIZE, network), scratch), Map.of(), "", Optional.empty(), List.of());
        }
        BackupInfo b = set.get();
        long segmentSize = WalSegment.sizeOf(b.walStart(), b.lsnStart());
        WalSpan wal = WalSpan.of(b, settings.target(), snapshot, history, segmentSize);
        long freeAfterRestore = DrillPreconditions.freeSpace(settings.directory()).map(f -> Math.max(0, f - b.size()))
                .orElse(0L);
        WalPrefetch prefetch = WalPrefetch.choose(settings.replay(), new WalPrefetch.Facts(cores, freeAfterRestore,
                wal.bytes(), segmentSize, network), scratch);
        ReplayTuning.Facts facts = new ReplayTuning.Facts(b.size(), wal.bytes(), freeAfterRestore,
                ReplayTuning.memoryCap(), postgresMajor(snapshot, b));
        Map<String, String> tuning = settings.replay().tuning() ? ReplayTuning.settings(facts) : Map.of();
        RtoEstimate estimate = RtoEstimator.estimate(new RtoEstimator.Inputs(b.size(), wal, settings.processMax(),
                        settings.replay().tuning() && prefetch.async()),
                history);
        return new ReplayPlan(wal, prefetch, tuning, ReplayTuning.why(facts), Optional.of(estimate),
                SpeedCaps.warnings(engine.conf(), stanza, settings, estimate, cores));
    }

    /** The backup's PostgreSQL major from info's database history (0 when info does not say). */
    private static int postgresMajor(StanzaInfo snapshot, BackupInfo b) {
        return snapshot.databases().stream().filter(d -> d.id() == b.dbId() && d.repoKey() == b.repoKey())
                .map(DbInfo::version).findFirst().map(v -> {
                    try {
                        return Integer.parseInt(v.split("\\.")[0]);
                    } catch (NumberFormatException e) {
                        return 0;
                    }
                }).orElse(0);
    }
}
