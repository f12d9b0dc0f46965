package dev.pitr.info;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The span a point-in-time recovery can reach, as two instants: from {@link #earliest()} (the oldest
 * backup's stop time) to {@link #latest()} (the newest point the archive is known to hold), with where the
 * latest instant comes from. {@code pgbackrest info} reports the newest archived WAL only as a file name; pitr
 * turns it into a time where the live server or the repository can tell (see {@link LatestSource}), and
 * otherwise falls back to the newest backup's stop time, a lower bound.
 *
 * @param earliest          the oldest backup's stop time: a time target before it cannot be restored
 * @param latest            the newest restorable instant known (see {@code latestSource})
 * @param latestSource      where {@code latest} comes from
 * @param latestBackupStop  the newest backup's stop time
 * @param latestArchivedWal the newest WAL file in the archive (a file name, as info reports it)
 */
public record RecoveryWindow(Instant earliest, Instant latest, LatestSource latestSource, Instant latestBackupStop,
        Optional<String> latestArchivedWal) {

    /** Where the window's latest instant comes from, best first. */
    public enum LatestSource {
        /** {@code pg_stat_archiver.last_archived_time} of the live server (the newest WAL it archived). */
        ARCHIVER("the server's last archived WAL (pg_stat_archiver.last_archived_time)"),
        /** The repository's modification time of the newest archived WAL segment (its {@code repo-ls} time). */
        ARCHIVE("the repository time of the newest archived WAL segment"),
        /** Nothing better was known: the newest backup's stop time, a lower bound of what the archive holds. */
        BACKUP_STOP("the newest backup's stop time (a lower bound: the archive may reach further)");

        private final String description;

        LatestSource(String description) {
            this.description = description;
        }

        /** A short text saying what the instant is, for reports. */
        public String description() {
            return description;
        }
    }

    public RecoveryWindow {
        Objects.requireNonNull(earliest, "earliest");
        Objects.requireNonNull(latest, "latest");
        Objects.requireNonNull(latestSource, "latestSource");
        Objects.requireNonNull(latestBackupStop, "latestBackupStop");
        Objects.requireNonNull(latestArchivedWal, "latestArchivedWal");
    }

    /** A window known from info alone: it ends at the newest backup's stop time ({@link LatestSource#BACKUP_STOP}). */
    public RecoveryWindow(Instant earliest, Instant latestBackupStop, Optional<String> latestArchivedWal) {
        this(earliest, latestBackupStop, LatestSource.BACKUP_STOP, latestBackupStop, latestArchivedWal);
    }

    /**
     * This window ending at a better-known instant. An instant before the newest backup's stop (clock skew
     * between the repository and the database host) keeps the backup stop time.
     */
    public RecoveryWindow withLatest(Instant instant, LatestSource source) {
        if (instant.isBefore(latestBackupStop)) {
            return this;
        }
        return new RecoveryWindow(earliest, instant, source, latestBackupStop, latestArchivedWal);
    }

    /** True if a time target is not before the earliest restorable instant. */
    public boolean reaches(Instant target) {
        return !target.isBefore(earliest);
    }

    /** True when the latest instant is a real end of the archive, not only the newest backup's stop time. */
    public boolean latestKnown() {
        return latestSource != LatestSource.BACKUP_STOP;
    }

    @Override
    public String toString() {
        return earliest + " .. " + latest + " (" + (latestKnown() ? latestSource.description()
                : "newest backup's stop; the archive may reach further") + latestArchivedWal.map(w -> ", WAL " + w)
                        .orElse("") + ")";
    }
}
