package dev.pitr.internal.health;

import dev.pitr.internal.restore.TargetTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The recovery-point gap of a drill, as metrics and evidence documents report it: for a time target, the
 * distance between the last replayed commit and the target; for any other target, how far the last replayed
 * commit lies before the drill's start (what a failure at that moment could have lost at most; an idle
 * database shows its idle time). Empty when PostgreSQL reported no replayed commit.
 */
public final class RecoveryPointGap {
    private RecoveryPointGap() {
    }

    public static Optional<Duration> of(String target, Optional<Instant> recoveredTo, Instant startedAt) {
        Instant reference = targetTime(target).orElse(startedAt);
        return recoveredTo.map(at -> Duration.between(at, reference).abs());
    }

    /** The instant of a report's {@code time ...} target, as {@code RecoveryTarget.describe()} writes it. */
    public static Optional<Instant> targetTime(String target) {
        if (target == null || !target.startsWith("time ")) {
            return Optional.empty();
        }
        try {
            return Optional.of(TargetTimes.parse(target.substring("time ".length())));
        } catch (RuntimeException unparsable) {
            return Optional.empty();
        }
    }
}
