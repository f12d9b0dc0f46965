package dev.pitr.governance;

import dev.pitr.drill.DrillStatus;
import dev.pitr.info.RecoveryWindow;
import java.time.Duration;
import java.util.Optional;

/**
 * The figures a monitoring system graphs and alerts on; every one is empty when it could not be measured.
 *
 * @param lastBackupAge     time since the newest backup of any type stopped
 * @param lastFullBackupAge time since the newest full backup stopped
 * @param walArchiveLag     how long completed WAL has been waiting for the archive (zero when nothing waits)
 * @param recoveryWindow    what a point-in-time recovery can reach
 * @param lastDrillAge      time since the last PASSED restore drill finished
 * @param lastDrillStatus   PASSED or FAILED: the newest completed restore drill found in the history (an
 *                          INTERRUPTED drill proves nothing either way and is not counted)
 * @param newestArchivedWalAge time since PostgreSQL last archived a WAL file ({@code pg_stat_archiver}); empty
 *                          without a database connection or before the first archived file
 */
public record HealthMetrics(Optional<Duration> lastBackupAge, Optional<Duration> lastFullBackupAge,
        Optional<Duration> walArchiveLag, Optional<RecoveryWindow> recoveryWindow, Optional<Duration> lastDrillAge,
        Optional<DrillStatus> lastDrillStatus, Optional<Duration> newestArchivedWalAge) {
    /** These figures with another recovery window (the one whose latest instant is known). */
    public HealthMetrics withRecoveryWindow(Optional<RecoveryWindow> window) {
        return new HealthMetrics(lastBackupAge, lastFullBackupAge, walArchiveLag, window, lastDrillAge, lastDrillStatus,
                newestArchivedWalAge);
    }

    public static HealthMetrics none() {
        return new HealthMetrics(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
