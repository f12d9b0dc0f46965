package dev.pitr.internal.timeline;

import dev.pitr.info.RecoveryWindow;
import dev.pitr.info.StanzaInfo;
import java.time.Instant;
import java.util.Optional;

/**
 * The recovery window as two instants: info's window (oldest backup stop .. newest backup stop), ending at the
 * newest time the archive is known to hold: the live server's {@code pg_stat_archiver.last_archived_time} or the
 * repository time of the newest archived segment, whichever is later.
 */
public final class WindowEnd {
    private WindowEnd() {
    }

    public static Optional<RecoveryWindow> resolve(StanzaInfo info, ArchiveSnapshot archive,
            Optional<Instant> lastArchivedTime) {
        Optional<RecoveryWindow> window = info.recoveryWindow();
        if (window.isEmpty()) {
            return window;
        }
        RecoveryWindow w = window.get();
        Optional<Instant> repo = archive.newestSegmentTime();
        if (lastArchivedTime.isPresent() && (repo.isEmpty() || !lastArchivedTime.get().isBefore(repo.get()))) {
            return Optional.of(w.withLatest(lastArchivedTime.get(), RecoveryWindow.LatestSource.ARCHIVER));
        }
        return Optional.of(repo.map(t -> w.withLatest(t, RecoveryWindow.LatestSource.ARCHIVE)).orElse(w));
    }
}
