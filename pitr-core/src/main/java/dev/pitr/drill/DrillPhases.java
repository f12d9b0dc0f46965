package dev.pitr.drill;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Where a restore drill's time went, phase by phase. Written as {@code phases} in the JSON report and as a table
 * in the Markdown one. MB are 10^6 bytes.
 *
 * @param restore     {@code pgbackrest restore}: its duration and the database size it wrote
 * @param configure   writing the clone's settings (isolation, replay speed) before PostgreSQL starts
 * @param walReplay   from starting PostgreSQL until it logged that recovery stopped at the target (or, for
 *                    {@code latest}, {@code redo done}): fetching and replaying the WAL
 * @param promotion   from there until the clone left recovery (new timeline; for {@code latest} the end-of-recovery
 *                    checkpoint too); zero when recovery ended without reaching it
 * @param validations each check run against the recovered cluster, in order, with its duration
 * @param integrity   the checks run after the RTO was taken (pg_amcheck), each with its duration
 * @param teardown    stopping the clone and deleting its scratch directory; empty when the drill's cluster was
 *                    left running for the caller ({@code start()}), whose {@code close()} tears it down later
 */
public record DrillPhases(Restore restore, Duration configure, WalReplayPhase walReplay, Duration promotion,
        List<Timed> validations, List<Timed> integrity, Optional<Duration> teardown) {
    public DrillPhases {
        validations = List.copyOf(validations);
        integrity = List.copyOf(integrity);
    }

    /** Nothing measured (a report read back from before pitr measured phases). */
    public static DrillPhases none() {
        return new DrillPhases(new Restore(Duration.ZERO, 0), Duration.ZERO, WalReplayPhase.none(), Duration.ZERO,
                List.of(), List.of(), Optional.empty());
    }

    /** The same phases with the teardown measured. */
    public DrillPhases withTeardown(Duration took) {
        return new DrillPhases(restore, configure, walReplay, promotion, validations, integrity, Optional.of(took));
    }

    /**
     * The restore phase.
     *
     * @param duration how long {@code pgbackrest restore} took
     * @param bytes    the database size of the backup set restored (what the restore wrote)
     * @param scratch  where the scratch directory was, and why there ({@code in memory (/dev/shm): needs ...})
     * @param inMemory whether it was a memory file system (tmpfs): a restore there waits for no disk
     */
    public record Restore(Duration duration, long bytes, String scratch, boolean inMemory) {
        /** A restore phase read back from a report that predates the scratch figures. */
        public Restore(Duration duration, long bytes) {
            this(duration, bytes, "", false);
        }

        public double mbPerSecond() {
            return rate(bytes, duration);
        }
    }

    /**
     * The WAL phase.
     *
     * @param duration         from starting PostgreSQL until it logged {@code redo done}
     * @param bytes            WAL bytes replayed (as {@code walReplay.bytes})
     * @param segmentsFetched  segments the restore_command delivered ({@code restored log file ... from archive})
     * @param segmentsReplayed segments the replay spanned (as {@code walReplay.segments})
     * @param prefetch         how WAL was fetched: {@code archive-async, 2 processes, queue 128 MiB} or
     *                         {@code one segment per fetch}
     */
    public record WalReplayPhase(Duration duration, long bytes, long segmentsFetched, long segmentsReplayed,
            String prefetch) {
        public static WalReplayPhase none() {
            return new WalReplayPhase(Duration.ZERO, 0, 0, 0, "");
        }

        public double mbPerSecond() {
            return rate(bytes, duration);
        }
    }

    /** One check and how long it took. */
    public record Timed(String name, Duration duration) {
    }

    private static double rate(long bytes, Duration d) {
        return d.toMillis() <= 0 ? 0 : bytes / 1e6 / (d.toMillis() / 1000.0);
    }
}
