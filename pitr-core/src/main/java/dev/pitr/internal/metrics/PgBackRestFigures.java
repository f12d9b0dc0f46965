package dev.pitr.internal.metrics;

import static dev.pitr.metrics.MetricNames.BACKUP_LAST_ANNOTATIONS;
import static dev.pitr.metrics.MetricNames.BACKUP_LAST_DELTA;
import static dev.pitr.metrics.MetricNames.BACKUP_LAST_DURATION;
import static dev.pitr.metrics.MetricNames.BACKUP_LAST_ERROR_STATUS;
import static dev.pitr.metrics.MetricNames.BACKUP_LAST_REPO_DELTA;
import static dev.pitr.metrics.MetricNames.BACKUP_LAST_REPO_SIZE;
import static dev.pitr.metrics.MetricNames.BACKUP_LAST_SIZE;
import static dev.pitr.metrics.MetricNames.BACKUP_SINCE_LAST_COMPLETION;
import static dev.pitr.metrics.MetricNames.REPO_STATUS;
import static dev.pitr.metrics.MetricNames.STANZA_BACKUP_LOCK_STATUS;
import static dev.pitr.metrics.MetricNames.STANZA_STATUS;
import static dev.pitr.metrics.MetricNames.WAL_ARCHIVE_STATUS;

import dev.pitr.operation.BackupType;
import dev.pitr.info.ArchiveInfo;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.DbInfo;
import dev.pitr.info.RepoInfo;
import dev.pitr.info.StanzaInfo;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * pgBackRest's state from {@code info}, under pgbackrest_exporter's names and labels, so dashboards and
 * alerts built on the exporter keep working.
 *
 * <p>The per-type "last backup" figures follow the exporter's convention: {@code full} is the newest full
 * backup, {@code diff} the newest full or differential one, {@code incr} the newest backup of any type. So
 * {@code backup_type="incr"} is "any backup" (the health check's lastBackupAge) and
 * {@code backup_type="full"} its lastFullBackupAge. As in the exporter, none is emitted before the first full
 * backup.
 *
 * <p>Not emitted (yet): the exporter's per-backup series ({@code pgbackrest_backup_info},
 * {@code pgbackrest_backup_size_bytes{backup_name=...}}: one series per backup set, which most alerts never
 * read) and the {@code block_incr} label (pitr's info model does not read the block-incremental maps).
 */
final class PgBackRestFigures {
    private PgBackRestFigures() {
    }

    static void declare(Figures f) {
        f.gauge(STANZA_STATUS, "Current stanza status (pgBackRest's code: 0 ok, 1 missing stanza path, 2 no valid "
                + "backups, 3 missing stanza data, 4 different across repos, 5 database mismatch across repos, "
                + "6 requested backup not found, 99 other).");
        f.gauge(STANZA_BACKUP_LOCK_STATUS, "Current stanza backup lock status (1: a backup, expire or stanza "
                + "command is running).");
        LockFigures.declare(f);
        f.gauge(REPO_STATUS, "Current repository status (pgBackRest's code, as for the stanza).");
        f.gauge(BACKUP_SINCE_LAST_COMPLETION, "Seconds since the last completed full, differential or incremental "
                + "backup (diff counts full backups, incr counts every type).");
        f.gauge(BACKUP_LAST_DURATION, "Backup duration for the last full, differential or incremental backup.");
        f.gauge(BACKUP_LAST_SIZE, "Full uncompressed size of the database in the last full, differential or "
                + "incremental backup.");
        f.gauge(BACKUP_LAST_DELTA, "Amount of data in the database to actually backup in the last full, "
                + "differential or incremental backup.");
        f.gauge(BACKUP_LAST_REPO_SIZE, "Full compressed files size to restore the database from the last full, "
                + "differential or incremental backup.");
        f.gauge(BACKUP_LAST_REPO_DELTA, "Compressed files size in the last full, differential or incremental backup.");
        f.gauge(BACKUP_LAST_ERROR_STATUS, "Error status in the last full, differential or incremental backup "
                + "(1: page checksum errors).");
        f.gauge(BACKUP_LAST_ANNOTATIONS, "Number of annotations in the last full, differential or incremental "
                + "backup.");
        f.gauge(WAL_ARCHIVE_STATUS, "Current WAL archive status (1: the archive of this database holds WAL).");
    }

    static void add(Figures f, String stanza, StanzaInfo info) {
        Map<String, String> s = Map.of("stanza", stanza);
        f.value(STANZA_STATUS, s, info.status().code());
        f.flag(STANZA_BACKUP_LOCK_STATUS, s, info.backupLockHeld());
        LockFigures.add(f, s, info);
        for (RepoInfo r : info.repos()) {
            f.value(REPO_STATUS, Map.of("stanza", stanza, "repo_key", Integer.toString(r.key()), "cipher", r.cipher()),
                    r.status().code());
        }
        if (info.latestFull().isPresent()) {
            last(f, stanza, "full", info, EnumSet.of(BackupType.FULL));
            last(f, stanza, "diff", info, EnumSet.of(BackupType.FULL, BackupType.DIFF));
            last(f, stanza, "incr", info, EnumSet.allOf(BackupType.class));
        }
        for (ArchiveInfo a : info.archives()) {
            String pgVersion = info.databases().stream().filter(d -> d.id() == a.dbId() && d.repoKey() == a.repoKey())
                    .map(DbInfo::version).findFirst().orElse("");
            f.flag(WAL_ARCHIVE_STATUS, Map.of("stanza", stanza, "database_id", Integer.toString(a.dbId()), "pg_version",
                    pgVersion, "repo_key", Integer.toString(a.repoKey())), a.min().isPresent() && a.max().isPresent());
        }
    }

    private static void last(Figures f, String stanza, String label, StanzaInfo info, Set<BackupType> types) {
        Optional<BackupInfo> newest = info.backups().stream().filter(b -> types.contains(b.type()))
                .max(Comparator.comparing(BackupInfo::stop));
        if (newest.isEmpty()) {
            return;
        }
        BackupInfo b = newest.get();
        Map<String, String> l = Map.of("stanza", stanza, "backup_type", label);
        f.age(BACKUP_SINCE_LAST_COMPLETION, l, b.stop());
        f.value(BACKUP_LAST_DURATION, l, Duration.between(b.start(), b.stop()).toMillis() / 1000.0);
        f.value(BACKUP_LAST_SIZE, l, b.size());
        f.value(BACKUP_LAST_DELTA, l, b.delta());
        f.value(BACKUP_LAST_REPO_SIZE, l, b.repoSize());
        f.value(BACKUP_LAST_REPO_DELTA, l, b.repoDelta());
        b.error().ifPresent(e -> f.flag(BACKUP_LAST_ERROR_STATUS, l, e));
        f.value(BACKUP_LAST_ANNOTATIONS, l, b.annotations().size());
    }
}
