package dev.pitr.internal.drill;

import dev.pitr.drill.RtoEstimate;
import dev.pitr.internal.conf.ConfFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings that cap how fast a drill (and a real restore) can go, each named with what it costs this drill's
 * estimate. The one-process factor is measured (drill-floor, docs/benchmarks.md); the gz factors are working
 * figures not yet measured on the benchmark machine, and the warning says so.
 */
final class SpeedCaps {
    /** gz against zst: restore time (decompressing the backup) on 2 cores, process-max 2. */
    static final double GZ_RESTORE_FACTOR = 2.0;
    /** gz against zst: WAL replay time with WAL fetched ahead (decompressing the archive). */
    static final double GZ_REPLAY_FACTOR = 1.2;
    /** One restore process against two on 2 cores (drill-floor: 2698 against 1401 ms at scale 60). */
    static final double ONE_PROCESS_FACTOR = 1.9;

    private SpeedCaps() {
    }

    static List<String> warnings(ConfFile conf, String stanza, DrillSettings settings, RtoEstimate estimate, int cores) {
        List<String> out = new ArrayList<>();
        String compress = conf.get(stanza, "compress-type").orElseGet(() -> conf.get(stanza, "compress")
                .filter(v -> v.equals("n")).map(v -> "none").orElse("gz")).toLowerCase(Locale.ROOT);
        if (compress.equals("gz")) {
            Duration cost = share(estimate.restore(), GZ_RESTORE_FACTOR).plus(share(estimate.replay(), GZ_REPLAY_FACTOR));
            out.add("compress-type=gz" + (conf.get(stanza, "compress-type").isEmpty() ? " (pgBackRest's default: the "
                    + "configuration sets none)" : "") + " caps the drill's speed: gz restores about " + GZ_RESTORE_FACTOR
                    + "x and replays about " + GZ_REPLAY_FACTOR + "x as slowly as zst (working figures, not yet measured); about "
                    + seconds(cost) + " of this drill's estimated " + seconds(estimate.total()) + " (set compress-type=zst "
                    + "for new backups and WAL; docs/benchmarks.md)");
        }
        if (settings.processMax() == 1 && cores > 1) {
            Duration cost = share(estimate.restore(), ONE_PROCESS_FACTOR);
            out.add("processMax=1 caps the drill's speed: one restore process took " + ONE_PROCESS_FACTOR
                    + "x as long as two on 2 cores (measured, scale 60); about " + seconds(cost) + " of this drill's estimated "
                    + seconds(estimate.total()) + " (leave processMax at the default, the " + cores + " cores)");
        }
        if (settings.replay().archiveGetProcessMax().filter(p -> p == 1).isPresent() && cores > 1) {
            out.add("archiveGetProcessMax=1 fetches WAL one segment at a time ahead of replay; leave it to pitr ("
                    + cores + " here) unless the repository cannot take more connections");
        }
        return out;
    }

    /** What the slower setting costs of a duration measured or estimated with it: d - d / factor. */
    private static Duration share(Duration withIt, double factor) {
        return Duration.ofMillis(Math.round(withIt.toMillis() * (1 - 1 / factor)));
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
