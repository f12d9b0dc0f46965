package dev.pitr.info;

/**
 * How far a running backup or restore has got, in bytes, as pgBackRest records it in the lock it holds
 * ({@code info}'s {@code status.lock.backup.size}/{@code size-cplt} since 2.48, {@code status.lock.restore} since
 * 2.56). pgBackRest's text output shows the same as {@code pct-cplt}; JSON has only the two sizes.
 *
 * @param totalBytes bytes to copy ({@code size})
 * @param doneBytes  bytes copied so far ({@code size-cplt})
 */
public record LockProgress(long totalBytes, long doneBytes) {
    /** Done over total, from 0 to 1 (0 while the total is 0). */
    public double fraction() {
        if (totalBytes <= 0) {
            return 0;
        }
        return Math.min(1.0, Math.max(0.0, (double) doneBytes / totalBytes));
    }

    /** Whole percent done, 0 to 100. */
    public int percent() {
        return (int) Math.floor(fraction() * 100);
    }
}
