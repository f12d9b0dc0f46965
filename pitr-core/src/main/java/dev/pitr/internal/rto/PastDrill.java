package dev.pitr.internal.rto;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What an earlier drill of the stanza measured, as far as the RTO estimate uses it (read back from its report).
 *
 * @param passed         only PASSED drills calibrate the estimate
 * @param finishedAt     when it finished (the newest drills count)
 * @param backupSet      the backup set it restored
 * @param target         its target as the report writes it ({@code time ...}, {@code latest})
 * @param restoreBytes   the database size it restored (0 when its report predates the figure)
 * @param restore        how long its restore took
 * @param walBytes       the WAL it replayed (0 when unknown)
 * @param replay         how long the WAL replay took (zero when its report predates the figure)
 * @param total          its measured RTO
 * @param replayEnd      where its replay ended: the last replayed commit's time and its WAL position, a known
 *                       (time, LSN) pair for estimating later drills' WAL spans
 * @param inMemory       whether it restored into a memory file system (false in reports from before the figure)
 */
public record PastDrill(boolean passed, Instant finishedAt, String backupSet, String target, long restoreBytes,
        Duration restore, long walBytes, Duration replay, Duration total, Optional<Anchor> replayEnd,
        boolean inMemory) {

    /** A WAL position known to have been written at a time. */
    public record Anchor(Instant time, long lsn, String what) {
    }

    /** The same drill with its restored size known (from info, for a report that predates the figure). */
    public PastDrill withRestoreBytes(long bytes) {
        return new PastDrill(passed, finishedAt, backupSet, target, bytes, restore, walBytes, replay, total, replayEnd,
                inMemory);
    }

    /** Everything after the restore and the replay: start, promotion, checks. */
    Duration other() {
        Duration rest = total.minus(restore).minus(replay);
        return rest.isNegative() ? Duration.ZERO : rest;
    }
}
