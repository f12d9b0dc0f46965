package dev.pitr.internal.drill;

import dev.pitr.drill.RtoEstimate;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.DbInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.drill.clone.HostMemory;
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

    /** What the replay is planned from and the scratch place is chosen with: the WAL span and the history. */
    record Inputs(Optional<BackupInfo> set, WalSpan wal, long segmentSize, List<PastDrill> history) {
        /** The fetch-ahead queue the plan may choose at most (the scratch must hold it). */
        long queueBound(DrillSettings settings) {
            if (set.isEmpty() || !settings.replay().archiveAsync().orElse(true)) {
                return 0;
            }
            return settings.replay().archiveGetQueueMax().orElseGet(() -> Math.min(WalPrefetch.MAX_AUTO_QUEUE,
                    WalPrefetch.wantedQueue(wal.bytes(), segmentSize, Runtime.getRuntime().availableProcessors())));
        }

        long restoreBytes() {
            return set.map(BackupInfo::size).orElse(0L);
        }
    }

    /** The WAL span to replay and the stanza's earlier drills (read once). */
    static Inputs inputs(Invoker engine, DrillSettings settings, StanzaInfo snapshot, Optional<BackupInfo> set) {
        String stanza = engine.config().stanza();
        List<PastDrill> history = RtoEstimator.sized(DrillRecords.readNewest(stanza, settings.reportDirectory(),
                CALIBRATION_REPORTS).stream()
                .map(DrillRecords.Drill::past).toList(), Optional.of(snapshot));
        if (set.isEmpty()) {
            return new Inputs(set, new WalSpan(0, "no backup set qualifies"), WalSegment.DEFAULT_SIZE, history);
        }
        BackupInfo b = set.get();
        long segmentSize = WalSegment.sizeOf(b.walStart(), b.lsnStart());
        return new Inputs(set, WalSpan.of(b, settings.target(), snapshot, history, segmentSize), segmentSize, history);
    }

    static ReplayPlan plan(Invoker engine, DrillSettings settings, StanzaInfo snapshot, Inputs in, ScratchPlace place,
            Path scratch, HostMemory.Budget memory) {
        String stanza = engine.config().stanza();
        int cores = Runtime.getRuntime().availableProcessors();
        boolean network = WalPrefetch.networkRepository(engine.conf(), stanza, settings.repo());
        if (in.set().isEmpty()) {
            return new ReplayPlan(in.wal(), WalPrefetch.choose(settings.replay(), new WalPrefetch.Facts(cores, 0, 0,
                    WalSegment.DEFAULT_SIZE, network), scratch), Map.of(), "", Optional.empty(), List.of());
        }
        BackupInfo b = in.set().get();
        WalSpan wal = in.wal();
        long freeAfterRestore = DrillPreconditions.freeSpace(place.parent()).map(f -> Math.max(0, f - b.size()))
                .orElse(0L);
        WalPrefetch prefetch = WalPrefetch.choose(settings.replay(), new WalPrefetch.Facts(cores, freeAfterRestore,
                wal.bytes(), in.segmentSize(), network), scratch);
        ReplayTuning.Facts facts = new ReplayTuning.Facts(b.size(), wal.bytes(), freeAfterRestore,
                ReplayTuning.memoryCap(memory), postgresMajor(snapshot, b), place.inMemory());
        Map<String, String> tuning = settings.replay().tuning() ? ReplayTuning.settings(facts) : Map.of();
        RtoEstimate estimate = RtoEstimator.estimate(new RtoEstimator.Inputs(b.size(), wal, settings.processMax(),
                        settings.replay().tuning() && prefetch.async(), place.inMemory()),
                sameMedium(in.history(), place.inMemory()));
        return new ReplayPlan(wal, prefetch, tuning, ReplayTuning.why(facts), Optional.of(estimate),
                SpeedCaps.warnings(engine.conf(), stanza, settings, estimate, cores));
    }

    /**
     * The drills that restored to the same kind of place (memory or disk) calibrate the estimate: a restore into
     * memory is about 3x faster. Without any such drill yet, all of them do.
     */
    static List<PastDrill> sameMedium(List<PastDrill> history, boolean inMemory) {
        List<PastDrill> same = history.stream().filter(d -> d.inMemory() == inMemory).toList();
        return same.stream().anyMatch(PastDrill::passed) ? same : history;
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
