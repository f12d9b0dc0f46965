package dev.pitr.internal.restore;

import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.pg.Lsn;
import dev.pitr.restore.RecoveryTarget;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Predicts the backup set {@code pgbackrest restore} will use, the way pgBackRest chooses it
 * ({@code restoreBackupSet}, the same from 2.45 to 2.59): repositories are searched in key order and the first
 * one with a match wins; in it, an explicit {@code --set}; for a time target the newest backup whose stop
 * time (whole seconds) is before the target's whole second; for an LSN target the newest backup whose stop
 * LSN is at or before the target (a backup without a stop LSN ends the search in that repository); for
 * every other target (latest, immediate, xid, name) the newest backup. A chosen repository limits the
 * search to it.
 */
public final class BackupSetSelector {
    private BackupSetSelector() {
    }

    public static Optional<BackupInfo> select(StanzaInfo info, RecoveryTarget target, Optional<String> set,
            Optional<Integer> repo) {
        List<Integer> repos = repo.map(List::of).orElseGet(() -> info.backups().stream().map(BackupInfo::repoKey)
                .distinct().sorted().toList());
        for (int key : repos) {
            List<BackupInfo> newestFirst = info.backupsIn(key).stream()
                    .sorted(Comparator.comparing(BackupInfo::stop).reversed()).toList();
            Optional<BackupInfo> match = selectIn(newestFirst, target, set);
            if (match.isPresent()) {
                return match;
            }
        }
        return Optional.empty();
    }

    private static Optional<BackupInfo> selectIn(List<BackupInfo> newestFirst, RecoveryTarget target,
            Optional<String> set) {
        if (set.isPresent()) {
            return newestFirst.stream().filter(b -> b.label().equals(set.get())).findFirst();
        }
        if (target instanceof RecoveryTarget.Time t) {
            // pgBackRest compares epoch seconds: the target's fraction is dropped.
            long targetSecond = t.instant().getEpochSecond();
            return newestFirst.stream().filter(b -> b.stop().getEpochSecond() < targetSecond).findFirst();
        }
        if (target instanceof RecoveryTarget.Lsn l) {
            for (BackupInfo b : newestFirst) {
                if (b.lsnStop().isEmpty()) {
                    return Optional.empty();
                }
                if (Lsn.parse(b.lsnStop().get()) <= l.position()) {
                    return Optional.of(b);
                }
            }
            return Optional.empty();
        }
        return newestFirst.stream().findFirst();
    }
}
