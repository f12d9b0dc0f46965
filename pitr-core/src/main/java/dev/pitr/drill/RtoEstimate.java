package dev.pitr.drill;

import java.time.Duration;
import java.util.Locale;

/**
 * How long a restore drill (or a real restore to the same target) is expected to take, before it starts: the
 * restore (the backup set's size at a restore rate), the WAL replay (the WAL between the backup and the target
 * at a replay rate) and the rest (start, promotion, checks). The rates come from the stanza's earlier drills
 * when there are any ({@code calibrated}), else from a plain model measured on a small machine ({@code plain}).
 * The dry-run plan shows it, the report sets it next to the RTO the drill measured, and the metric
 * {@code pitr_drill_rto_estimate_seconds} exports it.
 *
 * @param total         the estimated RTO: restore + replay + other
 * @param restore       the restore part
 * @param replay        the WAL replay part
 * @param other         everything else: PostgreSQL's start and promotion, the checks
 * @param restoreBytes  the database size of the backup set to restore
 * @param walBytes      the WAL expected to be replayed
 * @param walBasis      how {@code walBytes} was found (backup LSNs, the archive's end, an earlier drill's replay end)
 * @param model         {@code plain} or {@code calibrated}
 * @param drills        how many earlier drills calibrated the rates (0 for the plain model)
 * @param restoreRate   bytes per second the restore part assumes
 * @param replayRate    WAL bytes per second the replay part assumes
 */
public record RtoEstimate(Duration total, Duration restore, Duration replay, Duration other, long restoreBytes,
        long walBytes, String walBasis, String model, int drills, double restoreRate, double replayRate) {

    /** {@code (estimate - actual) / actual}, in percent. */
    public double errorPercent(Duration actual) {
        long a = Math.max(1, actual.toMillis());
        return (total.toMillis() - a) * 100.0 / a;
    }

    /** One line: the total and its parts, with the model behind them. */
    public String describe() {
        return String.format(Locale.ROOT, "%.1f s (restore %.1f s for %s at %.0f MB/s, WAL replay %.1f s for %s at "
                + "%.0f MB/s, start, promotion and checks %.1f s; %s; WAL %s)", seconds(total), seconds(restore),
                mb(restoreBytes), restoreRate / 1e6, seconds(replay), mb(walBytes), replayRate / 1e6, seconds(other),
                model.equals("calibrated") ? "calibrated from " + drills + " earlier drill" + (drills == 1 ? "" : "s")
                        : "plain model, no earlier drill", walBasis);
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }
}
