package dev.pitr.internal.drill;

import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.restore.RecoveryTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The failure message of a recovery that did not complete, cause first. PostgreSQL reports the consequence
 * ("recovery ended before configured recovery target was reached", "startup process exited") where a user
 * looks, and the cause (out of space, permission denied, a segment the restore_command could not fetch) a few
 * lines earlier in the server log; a disk that filled up during replay read as "target not reached". So the
 * message leads with the server's own FATAL/PANIC and its HINT, then the WAL segment that could not be fetched
 * and why, then the consequence.
 */
final class RecoveryCause {
    private RecoveryCause() {
    }

    /**
     * @param watcher what the recovery watcher saw (a timeout, the postmaster gone, the target not reached)
     * @param gap     the WAL proof's finding: the first segment not fetched and why
     * @param hint    a remedy the drill can name (e.g. an older set for a restore point)
     */
    static String explain(String watcher, RecoveryLog log, Optional<String> gap, Optional<String> hint) {
        List<String> parts = new ArrayList<>();
        log.serverFatal().ifPresent(parts::add);
        if (gap.isPresent()) {
            // a segment that was there but not reached because the server failed says nothing the FATAL does not
            if (log.serverFatal().isEmpty() || !gap.get().endsWith("(the server failed first)")) {
                parts.add(gap.get());
            }
        } else {
            log.archiveGetErrors().stream().findFirst().ifPresent(e -> parts.add("the restore_command (pgbackrest "
                    + "archive-get) failed" + e.segment().map(s -> " for WAL segment " + s).orElse("") + ": "
                    + e.describe()));
        }
        if (log.targetNotReached()) {
            parts.add(RecoveryWatcher.TARGET_NOT_REACHED);
        } else if (parts.isEmpty() || !watcher.startsWith("PostgreSQL stopped during recovery")) {
            // a timeout or an interrupt: say so after the cause
            parts.add(watcher);
        }
        hint.ifPresent(parts::add);
        return String.join("; ", parts);
    }

    /**
     * pgBackRest restores the newest set for a restore point or an xid (it cannot know where they are), so one
     * made before that set stopped is never met: recovery replays the whole archive and fails. When that is
     * what happened, name the older sets the drill can be given.
     */
    static Optional<String> olderSetHint(RecoveryTarget target, Optional<String> setGiven, String restored,
            StanzaInfo snapshot, Optional<String> gap) {
        boolean targetWithoutPosition = target instanceof RecoveryTarget.Name || target instanceof RecoveryTarget.Xid;
        boolean replayedToTheEnd = gap.filter(g -> g.contains("the archive ends at")).isPresent();
        Optional<BackupInfo> set = snapshot.backup(restored);
        if (!targetWithoutPosition || setGiven.isPresent() || !replayedToTheEnd || set.isEmpty()) {
            return Optional.empty();
        }
        // info's times are whole seconds: a set that stopped in the second the restored one started is older too.
        List<String> older = snapshot.backups().stream().filter(b -> !b.label().equals(restored)
                && !b.stop().isAfter(set.get().start())).map(BackupInfo::label).toList();
        String what = target instanceof RecoveryTarget.Name n ? "restore point '" + n.name() + "'"
                : "transaction " + target.value().orElse("");
        return Optional.of(what + " is not in the WAL after backup set " + restored + " (started " + set.get().start()
                + "): if it was made before that, drill an older set with set(...) / -Dpitr.restoreDrill.set"
                + (older.isEmpty() ? " (there is none: the target is older than every backup)"
                        : ", one of " + older));
    }
}
