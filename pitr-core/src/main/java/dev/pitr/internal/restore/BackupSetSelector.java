package dev.pitr.internal.restore;

import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.restore.RecoveryTarget;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Predicts the backup set {@code pgbackrest restore} will use, the way pgBackRest chooses it: an explicit
 * {@code --set}; for a time target the newest backup whose stop time is before the target (none: pgBackRest
 * fails with [075]); otherwise the newest backup. Backups in other repositories are ignored when a
 * repository is chosen.
 */
public final class BackupSetSelector {
    private BackupSetSelector() {
    }

    public static Optional<BackupInfo> select(StanzaInfo info, RecoveryTarget target, Optional<String> set,
            Optional<Integer> repo) {
        List<BackupInfo> candidates = info.backups().stream()
                .filter(b -> repo.isEmpty() || b.repoKey() == repo.get())
                .sorted(Comparator.comparing(BackupInfo::stop))
                .toList();
        if (set.isPresent()) {
            return candidates.stream().filter(b -> b.label().equals(set.get())).findFirst();
        }
        if (target instanceof RecoveryTarget.Time t) {
            return candidates.stream().filter(b -> b.stop().isBefore(t.instant())).reduce((a, b) -> b);
        }
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(candidates.size() - 1));
    }
}
