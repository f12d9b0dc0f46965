package dev.pitr.internal.drill;

import dev.pitr.drill.RtoEstimate;
import dev.pitr.internal.rto.WalSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a planned drill will replay WAL and how long it is expected to take: the WAL span to replay, how it is
 * fetched ({@link WalPrefetch}), the clone's replay settings ({@link ReplayTuning}; empty when turned off), the
 * RTO estimate, and the settings that cap the drill's speed.
 */
record ReplayPlan(WalSpan wal, WalPrefetch prefetch, Map<String, String> tuning, String tuningWhy,
        Optional<RtoEstimate> estimate, List<String> speedWarnings) {
    ReplayPlan {
        tuning = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tuning));
        speedWarnings = List.copyOf(speedWarnings);
    }

    /** The plan's lines about replay. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("WAL to replay " + WalPrefetch.mib(wal.bytes()) + " (" + wal.basis() + ")");
        lines.add(prefetch.describe());
        lines.add(tuning.isEmpty() ? "clone settings for replay: off (replayTuning=false), production's kept"
                : "clone settings for replay: " + String.join(", ", tuning.entrySet().stream().map(e -> e.getKey() + "="
                        + e.getValue().replace("'", "")).toList()));
        return lines;
    }
}
