package dev.pitr.internal.restore;

import dev.pitr.config.Setting;
import dev.pitr.info.RecoveryWindow;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.restore.RestoreInterlock;
import java.util.Optional;

/**
 * A time target after the newest archived WAL cannot be reached: recovery needs a commit after the target, and
 * nothing written after the archive's end is in it. PostgreSQL (13+) would replay everything and then stop with
 * {@code FATAL: recovery ended before configured recovery target was reached}; the plan refuses it first.
 */
final class ArchiveEnd {
    static final String NAME = "archive-end";

    private ArchiveEnd() {
    }

    static Optional<RestoreInterlock> check(RecoveryTarget target, Optional<RecoveryWindow> window) {
        if (!(target instanceof RecoveryTarget.Time t) || window.isEmpty() || !window.get().latestKnown()) {
            return Optional.empty();
        }
        RecoveryWindow w = window.get();
        if (t.instant().isAfter(w.latest())) {
            return Optional.of(RestoreInterlock.fail(NAME, Setting.TARGET, "target " + t.value().orElse("")
                    + " is after the end of the recovery window " + w.latest() + " (" + w.latestSource().description()
                    + "): no WAL written after it is archived yet, so PostgreSQL would stop with 'FATAL: recovery ended "
                    + "before configured recovery target was reached'", "give a target up to " + w.latest()
                            + ", or wait until WAL with a commit after the target is archived (archive_timeout, or "
                            + "SELECT pg_switch_wal() on the primary)"));
        }
        return Optional.of(RestoreInterlock.pass(NAME, "target is before the newest archived WAL (" + w.latest() + ")"));
    }
}
