package dev.pitr.restore;

/**
 * What PostgreSQL does when recovery reaches its target ({@code --target-action}). pgBackRest's own
 * default is {@link #PAUSE}. Restore drills pause at the target and then promote the clone themselves, so the
 * drill proves the clone can leave recovery without waiting for PostgreSQL's end-of-recovery checkpoint.
 */
public enum TargetAction {
    /** Stay in recovery, read-only (acts like shutdown when {@code hot_standby=off}). */
    PAUSE,
    /** End recovery and open for writes on a new timeline. */
    PROMOTE,
    /** Stop the server once the target is reached. */
    SHUTDOWN;

    /** The value pgBackRest expects. */
    public String option() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
