package dev.pitr.internal.metrics;

import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * A deliberately simple estimate of the next drill's (or a real restore's) recovery time, from the drill
 * history: the restore phase scales with the database size, the rest (WAL replay, checks) is taken as it was.
 *
 * <pre>
 * estimate = size of the newest backup x median(restore seconds per byte of past drills)
 *          + median(recovery + validation of past drills)
 * </pre>
 *
 * over the last {@value #HISTORY} PASSED drills. A drill's bytes are its backup set's database size from info,
 * so only drills whose backup set is still in the repository give a rate; with none, the estimate is the median
 * total of the past drills. WAL replay does not scale with the database but with the WAL written since the
 * backup, which info does not tell, so this stays a rough figure: compare it with the next drill's RTO.
 */
final class RtoEstimate {
    static final int HISTORY = 10;

    private RtoEstimate() {
    }

    static Optional<Duration> of(List<DrillRecords.Drill> drills, Optional<StanzaInfo> info) {
        List<DrillRecords.Drill> passed = drills.stream().filter(DrillRecords.Drill::passed).toList();
        passed = passed.subList(Math.max(0, passed.size() - HISTORY), passed.size());
        if (passed.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> newestSize = info.flatMap(StanzaInfo::latestBackup).map(BackupInfo::size).filter(s -> s > 0);
        List<double[]> rates = passed.stream()
                .flatMap(d -> info.flatMap(i -> i.backup(d.backupSet())).map(BackupInfo::size).filter(s -> s > 0)
                        .map(size -> new double[] {seconds(d.restore()) / size}).stream())
                .toList();
        if (newestSize.isEmpty() || rates.isEmpty()) {
            return Optional.of(Duration.ofMillis(Math.round(median(passed, d -> seconds(d.total())) * 1000)));
        }
        double perByte = median(rates, r -> r[0]);
        double rest = median(passed, d -> seconds(d.total().minus(d.restore())));
        return Optional.of(Duration.ofMillis(Math.round((newestSize.get() * perByte + rest) * 1000)));
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
