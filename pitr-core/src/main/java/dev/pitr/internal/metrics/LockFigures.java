package dev.pitr.internal.metrics;

import static dev.pitr.metrics.MetricNames.STANZA_BACKUP_COMPLETE_BYTES;
import static dev.pitr.metrics.MetricNames.STANZA_BACKUP_TOTAL_BYTES;
import static dev.pitr.metrics.MetricNames.STANZA_RESTORE_COMPLETE_BYTES;
import static dev.pitr.metrics.MetricNames.STANZA_RESTORE_LOCK_STATUS;
import static dev.pitr.metrics.MetricNames.STANZA_RESTORE_TOTAL_BYTES;

import dev.pitr.info.StanzaInfo;
import java.util.Map;

/**
 * A running backup's or restore's progress, from info's {@code status.lock}: {@code backup.size} and
 * {@code backup.size-cplt} (pgBackRest 2.48+), {@code restore.held}, {@code restore.size},
 * {@code restore.size-cplt} (2.56+).
 *
 * <p>Seam: pitr's info model carries only {@link StanzaInfo#backupLockHeld()} so far (rendered by
 * {@link PgBackRestFigures} as {@code pgbackrest_stanza_backup_lock_status}). When the model gains the lock
 * progress fields (issue 11), {@link #add} emits them here; until then these gauges have no samples and are
 * not rendered, rather than a 0 that would read as "nothing copied".
 */
final class LockFigures {
    private LockFigures() {
    }

    static void declare(Figures f) {
        f.gauge(STANZA_BACKUP_COMPLETE_BYTES, "Completed size for backup in progress.");
        f.gauge(STANZA_BACKUP_TOTAL_BYTES, "Total size for backup in progress.");
        f.gauge(STANZA_RESTORE_LOCK_STATUS, "Current stanza restore lock status (1: a restore is running).");
        f.gauge(STANZA_RESTORE_COMPLETE_BYTES, "Completed size for restore in progress.");
        f.gauge(STANZA_RESTORE_TOTAL_BYTES, "Total size for restore in progress.");
    }

    static void add(Figures f, Map<String, String> stanza, StanzaInfo info) {
        // Nothing yet: see the class comment.
    }
}
