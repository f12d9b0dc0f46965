package dev.pitr.internal.drill;

import java.util.Optional;

/**
 * How the drill replays WAL, as asked for: fetch ahead ({@code archiveAsync}, default on), its processes and queue
 * (default: chosen from the host and the backup, {@link WalPrefetch#choose}), and whether the clone runs with the
 * throwaway settings that speed replay up ({@code replayTuning}, default on, {@link ReplayTuning}).
 */
public record ReplaySettings(Optional<Boolean> archiveAsync, Optional<Integer> archiveGetProcessMax,
        Optional<Long> archiveGetQueueMax, boolean tuning) {
    /** Everything chosen by pitr. */
    public static ReplaySettings defaults() {
        return new ReplaySettings(Optional.empty(), Optional.empty(), Optional.empty(), true);
    }
}
