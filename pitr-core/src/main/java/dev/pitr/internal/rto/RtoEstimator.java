package dev.pitr.internal.rto;

import dev.pitr.drill.RtoEstimate;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The one RTO estimate pitr makes (the dry-run plan, the drill report and the metric
 * {@code pitr_drill_rto_estimate_seconds} all ask here):
 *
 * <pre>
 * estimate = database size of the set / restore rate  +  WAL to replay / replay rate  +  other
 * </pre>
 *
 * Calibrated, the rates and {@code other} (start, promotion, checks) are the recency-weighted medians of the stanza's last
 * {@value #HISTORY} PASSED drills that recorded them (bytes restored per second of restore, WAL bytes replayed per
 * second of replay). Drills whose reports predate the WAL figures still calibrate the restore rate (their set's
 * size from info) and, as one block, what came after the restore. The plain model, before the first drill,
 * assumes what a drill measured on a 2-core VM with a local repository (docs/benchmarks.md):
 * {@value #PLAIN_RESTORE_FIXED_MS} ms ({@value #PLAIN_RESTORE_FIXED_IN_MEMORY_MS} ms into memory) plus {@value #PLAIN_RESTORE_MB_PER_PROCESS} MB/s per restore process,
 * {@value #PLAIN_REPLAY_MB} MB/s of WAL ({@value #PLAIN_TUNED_REPLAY_MB} MB/s with the drill's replay settings and
 * fetch-ahead) and {@value #PLAIN_OTHER_MS} ms for the rest.
 */
public final class RtoEstimator {
    public static final int HISTORY = 10;
    static final long PLAIN_RESTORE_FIXED_MS = 1000;
    /**
     * The fixed part into a scratch directory in memory, where no fsync is waited for: 337 MB restored in 0.58-0.69 s
     * and 950 MB in 1.32-1.55 s with 2 processes (docs/benchmarks.md) fit 200 ms plus the same rate.
     */
    static final long PLAIN_RESTORE_FIXED_IN_MEMORY_MS = 200;
    static final long PLAIN_RESTORE_MB_PER_PROCESS = 400;
    static final long PLAIN_REPLAY_MB = 80;
    /** The same with the drill's replay settings and fetch-ahead (173-194 MB/s measured there, docs/benchmarks.md). */
    static final long PLAIN_TUNED_REPLAY_MB = 150;
    static final long PLAIN_OTHER_MS = 1000;

    /** What the next drill restores and replays; {@code tunedReplay}: with the replay settings and fetch-ahead. */
    public record Inputs(long restoreBytes, WalSpan wal, int processes, boolean tunedReplay, boolean inMemory) {
        public Inputs(long restoreBytes, WalSpan wal, int processes) {
            this(restoreBytes, wal, processes, false, false);
        }

        public Inputs(long restoreBytes, WalSpan wal, int processes, boolean tunedReplay) {
            this(restoreBytes, wal, processes, tunedReplay, false);
        }
    }

    private RtoEstimator() {
    }

    /** The last {@value #HISTORY} PASSED drills, oldest first: the ones that calibrate. */
    public static List<PastDrill> calibrating(List<PastDrill> history) {
        List<PastDrill> passed = history.stream().filter(PastDrill::passed)
                .sorted(Comparator.comparing(PastDrill::finishedAt)).toList();
        return passed.subList(Math.max(0, passed.size() - HISTORY), passed.size());
    }

    /**
     * The history with each drill's restored size filled in from info where its report predates the figure (the
     * set's database size, as long as the set is still in the repository).
     */
    public static List<PastDrill> sized(List<PastDrill> history, Optional<StanzaInfo> info) {
        return history.stream().map(d -> d.restoreBytes() > 0 ? d : info.flatMap(i -> i.backup(d.backupSet()))
                .map(BackupInfo::size).filter(s -> s > 0).map(d::withRestoreBytes).orElse(d)).toList();
    }

    public static RtoEstimate estimate(Inputs in, List<PastDrill> history) {
        List<PastDrill> passed = calibrating(history);
        List<PastDrill> restores = passed.stream().filter(d -> d.restoreBytes() > 0 && d.restore().toMillis() > 0)
                .toList();
        List<PastDrill> replays = passed.stream().filter(d -> d.walBytes() > 0 && d.replay().toMillis() > 0).toList();
        boolean calibrated = !passed.isEmpty();

        double restoreRate;
        Duration restore;
        if (restores.isEmpty()) {
            restoreRate = PLAIN_RESTORE_MB_PER_PROCESS * 1e6 * Math.max(1, in.processes());
            restore = Duration.ofMillis(in.inMemory() ? PLAIN_RESTORE_FIXED_IN_MEMORY_MS : PLAIN_RESTORE_FIXED_MS)
                    .plus(at(in.restoreBytes(), restoreRate));
        } else {
            // The median of seconds per byte (not of rates): the restore part is the past median restore, scaled.
            restoreRate = 1 / median(restores, d -> seconds(d.restore()) / d.restoreBytes());
            restore = at(in.restoreBytes(), restoreRate);
        }
        double replayRate;
        Duration replay;
        Duration other;
        if (!replays.isEmpty()) {
            replayRate = 1 / median(replays, d -> seconds(d.replay()) / d.walBytes());
            replay = at(in.wal().bytes(), replayRate);
            other = Duration.ofMillis(Math.round(median(replays, d -> d.other().toMillis())));
        } else if (calibrated) {
            // Reports without WAL figures: what followed the restore is taken as it was, as one block.
            Duration rest = Duration.ofMillis(Math.round(median(passed, d -> nonNegative(d.total().minus(d.restore()))
                    .toMillis())));
            replay = Duration.ofMillis(Math.min(rest.toMillis(), Math.round(median(passed, d -> d.replay().toMillis()))));
            other = rest.minus(replay);
            replayRate = replay.toMillis() > 0 ? in.wal().bytes() / seconds(replay) : 0;
        } else {
            replayRate = (in.tunedReplay() ? PLAIN_TUNED_REPLAY_MB : PLAIN_REPLAY_MB) * 1e6;
            replay = at(in.wal().bytes(), replayRate);
            other = Duration.ofMillis(PLAIN_OTHER_MS);
        }
        return new RtoEstimate(restore.plus(replay).plus(other), restore, replay, other, in.restoreBytes(),
                in.wal().bytes(), in.wal().basis(), calibrated ? "calibrated" : "plain", passed.size(), restoreRate,
                replayRate);
    }

    /** The median of numbers (the mean of the middle two for an even count). */
    public static double median(List<Long> values) {
        double[] v = values.stream().mapToDouble(Long::doubleValue).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Duration at(long bytes, double perSecond) {
        return Duration.ofMillis(Math.round(bytes / perSecond * 1000));
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    /**
     * The recency-weighted median of the drills' values ({@code items} oldest first, as {@link #calibrating} orders
     * them): the i-th newest of n weighs n - i + 1. With equal values it is the plain median's value; with two
     * drills it is the newer one's, so one slow drill (the first after a host's caches were cold, measured: a
     * 4.6 s drill before a series of 2.6 s ones) no longer pulls the next estimate half way; with ten it still
     * takes several drills to move it. The newest drill is the host as it is now.
     */
    private static <T> double median(List<T> items, ToDoubleFunction<T> value) {
        int n = items.size();
        double[][] weighted = new double[n][];
        for (int i = 0; i < n; i++) {
            weighted[i] = new double[] {value.applyAsDouble(items.get(i)), i + 1};
        }
        java.util.Arrays.sort(weighted, Comparator.comparingDouble(w -> w[0]));
        double half = n * (n + 1) / 4.0;
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += weighted[i][1];
            if (cumulative > half) {
                return weighted[i][0];
            }
            if (cumulative == half) {
                return (weighted[i][0] + weighted[i + 1][0]) / 2;
            }
        }
        return weighted[n - 1][0];
    }
}
