package dev.pitr.info;

import java.time.Instant;
import java.util.Optional;

/**
 * The span a point-in-time recovery can reach, as far as the repository tells.
 *
 * @param earliest          the oldest backup's stop time: a time target before it cannot be restored
 * @param latestBackupStop  the newest backup's stop time
 * @param latestArchivedWal the newest WAL file in the archive (a file name: info reports no time for it)
 */
public record RecoveryWindow(Instant earliest, Instant latestBackupStop, Optional<String> latestArchivedWal) {
    /** True if a time target is not before the earliest restorable instant. */
    public boolean reaches(Instant target) {
        return !target.isBefore(earliest);
    }

    @Override
    public String toString() {
        return earliest + " .. " + latestArchivedWal.map(w -> "WAL " + w + " (backups up to " + latestBackupStop + ")")
                .orElse(latestBackupStop.toString());
    }
}
