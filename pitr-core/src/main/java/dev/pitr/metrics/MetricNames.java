package dev.pitr.metrics;

/**
 * The metric names pitr emits: public contract, used by dashboards and alert rules (docs/monitoring.md).
 * The {@code pgbackrest_} names and labels are pgbackrest_exporter's, so its dashboards and alerts keep
 * working; the {@code pitr_} names are what only pitr knows. Every metric is a gauge; every one carries
 * the label {@code stanza}.
 */
public final class MetricNames {
    // pgBackRest's state, from info (pgbackrest_exporter's names and labels).
    /** pgBackRest's stanza status code: 0 ok, 1 missing stanza path, 2 no valid backups, ... 99 other. */
    public static final String STANZA_STATUS = "pgbackrest_stanza_status";
    /** 1 while a backup, expire or stanza command holds the stanza's backup lock. */
    public static final String STANZA_BACKUP_LOCK_STATUS = "pgbackrest_stanza_backup_lock_status";
    /** Bytes a running backup has copied (pgBackRest 2.48+ reports it). */
    public static final String STANZA_BACKUP_COMPLETE_BYTES = "pgbackrest_stanza_backup_complete_bytes";
    /** Bytes a running backup will copy in all. */
    public static final String STANZA_BACKUP_TOTAL_BYTES = "pgbackrest_stanza_backup_total_bytes";
    /** 1 while a restore holds the stanza's restore lock (pgBackRest 2.56+ reports it). */
    public static final String STANZA_RESTORE_LOCK_STATUS = "pgbackrest_stanza_restore_lock_status";
    /** Bytes a running restore has written. */
    public static final String STANZA_RESTORE_COMPLETE_BYTES = "pgbackrest_stanza_restore_complete_bytes";
    /** Bytes a running restore will write in all. */
    public static final String STANZA_RESTORE_TOTAL_BYTES = "pgbackrest_stanza_restore_total_bytes";
    /** A repository's status code; labels {@code repo_key}, {@code cipher}. */
    public static final String REPO_STATUS = "pgbackrest_repo_status";
    /** Seconds since the newest backup of {@code backup_type} finished (diff counts full, incr counts all). */
    public static final String BACKUP_SINCE_LAST_COMPLETION = "pgbackrest_backup_since_last_completion_seconds";
    /** How long the newest backup of {@code backup_type} ran. */
    public static final String BACKUP_LAST_DURATION = "pgbackrest_backup_last_duration_seconds";
    /** The database size in the newest backup of {@code backup_type}. */
    public static final String BACKUP_LAST_SIZE = "pgbackrest_backup_last_size_bytes";
    /** Bytes the newest backup of {@code backup_type} copied. */
    public static final String BACKUP_LAST_DELTA = "pgbackrest_backup_last_delta_bytes";
    /** Repository bytes needed to restore the newest backup of {@code backup_type}. */
    public static final String BACKUP_LAST_REPO_SIZE = "pgbackrest_backup_last_repo_size_bytes";
    /** Repository bytes the newest backup of {@code backup_type} added. */
    public static final String BACKUP_LAST_REPO_DELTA = "pgbackrest_backup_last_repo_delta_bytes";
    /** 1 when the newest backup of {@code backup_type} found page checksum errors. */
    public static final String BACKUP_LAST_ERROR_STATUS = "pgbackrest_backup_last_error_status";
    /** Annotations on the newest backup of {@code backup_type}. */
    public static final String BACKUP_LAST_ANNOTATIONS = "pgbackrest_backup_last_annotations";
    /** 1 when the archive of a database history entry holds WAL; labels database_id, pg_version, repo_key. */
    public static final String WAL_ARCHIVE_STATUS = "pgbackrest_wal_archive_status";

    // What only pitr knows.
    /** Seconds since the last PASSED restore drill finished. */
    public static final String DRILL_LAST_SUCCESS_AGE = "pitr_drill_last_success_age_seconds";
    /** The newest completed restore drill: 1 PASSED, 0 FAILED (an INTERRUPTED drill does not change it). */
    public static final String DRILL_LAST_STATUS = "pitr_drill_last_status";
    /** 1 when the newest drill report is INTERRUPTED (no drill completed since), else 0. */
    public static final String DRILL_LAST_INTERRUPTED = "pitr_drill_last_interrupted";
    /** The newest drill's measured recovery time (restore, recovery and validation). */
    public static final String DRILL_RTO = "pitr_drill_rto_seconds";
    /** The newest drill's time per phase; label {@code phase}: restore, recovery, validation. */
    public static final String DRILL_RTO_PHASE = "pitr_drill_rto_phase_seconds";
    /** How far the newest drill's last replayed commit is from its recovery target. */
    public static final String DRILL_RECOVERY_POINT_GAP = "pitr_drill_recovery_point_gap_seconds";
    /** The recovery time the next drill (or a real restore) is expected to take. */
    public static final String DRILL_RTO_ESTIMATE = "pitr_drill_rto_estimate_seconds";
    /** One health-check rule: 1 it passes or only warns, 0 it FAILs; label {@code rule}. */
    public static final String RULE_STATUS = "pitr_governance_rule_status";
    /** One health-check rule: 1 when it WARNs; label {@code rule}. */
    public static final String RULE_WARNING = "pitr_governance_rule_warning";
    /** The whole health check: 0 PASS, 1 WARN, 2 FAIL. */
    public static final String HEALTH_STATUS = "pitr_health_status";
    /** Seconds since PostgreSQL last archived a WAL file (pg_stat_archiver.last_archived_time). */
    public static final String WAL_NEWEST_ARCHIVED_AGE = "pitr_wal_newest_archived_age_seconds";
    /** How long completed WAL has been waiting for the archive; 0 when nothing waits. */
    public static final String WAL_ARCHIVE_LAG = "pitr_wal_archive_lag_seconds";
    /** Seconds since the oldest backup's stop: how far back a point-in-time recovery can reach. */
    public static final String RECOVERY_WINDOW = "pitr_recovery_window_seconds";
    /** 1 when pgbackrest info could be read for this collection, 0 when it failed. */
    public static final String INFO_STATUS = "pitr_info_status";
    /** When the figures were collected (Unix seconds): a textfile's ages are as of this instant. */
    public static final String COLLECTED = "pitr_collect_timestamp_seconds";

    private MetricNames() {
    }
}
