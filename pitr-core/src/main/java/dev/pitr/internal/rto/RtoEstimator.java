package dev.pitr.internal.rto;

import dev.pitr.drill.RtoEstimate;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The one RTO estimate pitr makes (the dry-run plan, the drill report and the metric
 * {@code pitr_drill_rto_estimate_seconds} all ask here):
 *
 * <pre>
 * estimate = database size of the set / restore rate  +  WAL to replay / replay rate  +  other
 * </pre>
 *
 * Calibrated, the rates and {@code other} (start, promotion, checks) are the medians of the stanza's last
 * {@value #HISTORY} PASSED drills that recorded them (bytes restored per second of restore, WAL bytes replayed per
 * second of replay); the plain model, before the first drill, assumes what a drill measured on a 2-core VM
 * with a local repository (docs/benchmarks.md): {@value #PLAIN_RESTORE_FIXED_MS} ms plus
 * {@value #PLAIN_RESTORE_MB_PER_PROCESS} MB/s per restore process, {@value #PLAIN_REPLAY_MB} MB/s of WAL and
 * {@value #PLAIN_OTHER_MS} ms for the rest.
 */
public final class RtoEstimator {
    static final int HISTORY = 10;
    static final long PLAIN_RESTORE_FIXED_MS = 1000;
    static final long PLAIN_RESTORE_MB_PER_PROCESS = 400;
    static final long PLAIN_REPLAY_MB = 80;
    static final long PLAIN_OTHER_MS = 1000;

    /** What the next drill restores and replays. */
    public record Inputs(long restoreBytes, WalSpan wal, int processes) {
    }

    private RtoEstimator() {
    }

    public static RtoEstimate estimate(Inputs in, List<PastDrill> history) {
        List<PastDrill> passed = history.stream().filter(PastDrill::passed)
                .sorted(Comparator.comparing(PastDrill::finishedAt)).toList();
        passed = passed.subList(Math.max(0, passed.size() - HISTORY), passed.size());
        List<PastDrill> restores = passed.stream().filter(d -> d.restoreBytes() > 0 && d.restore().toMillis() > 0)
                .toList();
        List<PastDrill> replays = passed.stream().filter(d -> d.walBytes() > 0 && d.replay().toMillis() > 0).toList();
        boolean calibrated = !restores.isEmpty() || !replays.isEmpty();

        double restoreRate;
        Duration restore;
        if (restores.isEmpty()) {
            restoreRate = PLAIN_RESTORE_MB_PER_PROCESS * 1e6 * Math.max(1, in.processes());
            restore = Duration.ofMillis(PLAIN_RESTORE_FIXED_MS).plus(at(in.restoreBytes(), restoreRate));
        } else {
            restoreRate = median(restores, d -> d.restoreBytes() / seconds(d.restore()));
            restore = at(in.restoreBytes(), restoreRate);
        }
        double replayRate = replays.isEmpty() ? PLAIN_REPLAY_MB * 1e6
                : median(replays, d -> d.walBytes() / seconds(d.replay()));
        Duration replay = at(in.wal().bytes(), replayRate);
        Duration other = passed.isEmpty() || !calibrated ? Duration.ofMillis(PLAIN_OTHER_MS)
                : Duration.ofMillis(Math.round(median(passed, d -> d.other().toMillis())));
        int drills = calibrated ? Math.max(restores.size(), replays.size()) : 0;
        return new RtoEstimate(restore.plus(replay).plus(other), restore, replay, other, in.restoreBytes(),
                in.wal().bytes(), in.wal().basis(), calibrated ? "calibrated" : "plain", drills, restoreRate, replayRate);
    }

    private static Duration at(long bytes, double perSecond) {
        return Duration.ofMillis(Math.round(bytes / perSecond * 1000));
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static <T> double median(List<T> items, ToDoubleFunction<T> value) {
        double[] v = items.stream().mapToDouble(value).sorted().toArray();
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
