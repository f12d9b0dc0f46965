package dev.pitr.config;

import java.util.Optional;

/**
 * Every setting pitr has, one key each: how the Java API names it, and, where the Maven plugin exposes it,
 * its POM {@code <configuration>} element, its {@code -Dpitr.*} property and the runbook environment
 * variable it falls back to. A {@link dev.pitr.error.PitrConfigurationException} carries the key of the
 * setting to fix, so a caller (the plugin, a service) can point at its own spelling of it without reading
 * the message.
 *
 * <p>API names are the {@link dev.pitr.FluentConfiguration} setter ({@code stanza}) or, for a request,
 * {@code request.setter} ({@code restore.pgPath}, {@code restoreDrill.maxRto}, {@code thresholds.targetRpo}).
 */
public enum Setting {
    // FluentConfiguration
    STANZA("stanza", "stanza", "pitr.stanza", "PGBACKREST_STANZA"),
    CONFIG_FILE("configFile", "configFile", "pitr.configFile", "PGBACKREST_CONFIG"),
    RENDER_CONFIG_TO("renderConfigTo"),
    EXECUTABLE("executable", "executable", "pitr.executable", null),
    RUN_AS("runAs", "runAsUser", "pitr.runAsUser", null),
    /** pgBackRest may run as root on purpose ({@code --allow-root} on 2.59+). */
    ALLOW_ROOT("allowRoot", "allowRoot", "pitr.allowRoot", null),
    TIMEOUT("timeout", "timeout", "pitr.timeout", null),
    IO_TIMEOUT("ioTimeout"),
    DB_TIMEOUT("dbTimeout"),
    PROTOCOL_TIMEOUT("protocolTimeout"),
    REPOSITORY("repository"),
    REPOSITORY_HOST("repositoryHost"),
    /** A {@link RemoteHost} value itself (host, port, certificate files), before it is used on either side. */
    REMOTE_HOST("remoteHost"),
    PG_HOST("pgHost"),
    TLS_SERVER("tlsServer"),
    PG_PATH("pgPath"),
    PG_PORT("pgPort"),
    PG_SOCKET_PATH("pgSocketPath"),
    PG_USER("pgUser"),
    GLOBAL_OPTION("globalOption"),
    STANZA_OPTION("stanzaOption"),
    ENVIRONMENT("environment"),
    /** A secret option; the plugin takes secrets from the settings.xml server its {@code serverId} names. */
    SECRET("secret", "serverId", "pitr.serverId", null),
    AUDIT_LOG("auditLog", "auditLog", "pitr.auditLog", null),
    /** The OS group that may read report, history, health and audit files (mode 0640 instead of 0600). */
    REPORT_GROUP("reportGroup", "reportGroup", "pitr.reportGroup", null),
    DATABASE_CONNECTION("databaseConnection"),
    /** The repository one operation addresses ({@code repo(n)} of a backup, expire, restore or drill). */
    REPO("repo", "repo", "pitr.repo", null),

    // Backups and their policy
    BACKUP_TYPE("backup.type", "backupType", "pitr.backup.type", "PGBACKREST_TYPE"),
    BACKUP_ANNOTATION("backup.annotation"),
    /** {@code PgBackRest.annotate(label, annotations)}. */
    ANNOTATE("annotate"),
    BACKUP_POLICY("backupPolicy", "policy", "pitr.policy", null),
    BACKUP_SCHEDULE("backupSchedule"),
    /** How often a running backup's progress is read ({@code backup().progress(listener, interval)}). */
    BACKUP_PROGRESS("backup.progress"),

    // Restore (and the drill's restore)
    TARGET("target", "target", "pitr.target", "PITR_TARGET_TIME"),
    TARGET_TYPE("targetType", "targetType", "pitr.targetType", null),
    TARGET_ACTION("restore.targetAction", "targetAction", "pitr.targetAction", null),
    TARGET_EXCLUSIVE("restore.exclusive"),
    RESTORE_PG_PATH("restore.pgPath", "restoreDirectory", "pitr.restoreDirectory", "PGDATA_RESTORE_DIR"),
    RESTORE_CONFIRM_IN_PLACE("restore.confirmInPlace", "restoreConfirm", "pitr.restore.confirm", null),
    RESTORE_DELTA("restore.delta", "restoreDelta", "pitr.restore.delta", null),
    RESTORE_SET("restore.set", "restoreSet", "pitr.restore.set", null),
    RECOVERY_OPTION("restore.recoveryOption"),
    /** The timeline a restore recovers along ({@code --target-timeline}). */
    TARGET_TIMELINE("restore.timeline"),
    DB_INCLUDE("restore.dbInclude"),
    DB_EXCLUDE("restore.dbExclude"),
    LINK_MAP("restore.linkMap"),
    TABLESPACE_MAP_ALL("restore.tablespaceMapAll"),
    /** A restore into another directory made safe to start beside production (archiving off, own port and socket). */
    RESTORE_ISOLATED("restore.isolated", "restoreIsolated", "pitr.restore.isolated", null),
    RESTORE_PORT("restore.isolation.port", "restorePort", "pitr.restore.port", null),
    RESTORE_LISTEN_ADDRESSES("restore.isolation.listenAddresses", "restoreListenAddresses",
            "pitr.restore.listenAddresses", null),
    PROCESS_MAX("processMax"),
    /** How often a running restore's progress is read ({@code restore().progress(listener, interval)}). */
    RESTORE_PROGRESS("restore.progress"),

    // Restore drill
    DRILL_DIRECTORY("restoreDrill.directory", "drillDirectory", "pitr.drillDirectory", "PGDATA_RESTORE_DIR"),
    /** The backup set a drill restores (pgBackRest's {@code --set}); default: the one pgBackRest picks for the target. */
    DRILL_SET("restoreDrill.set", "drillSet", "pitr.restoreDrill.set", null),
    DRILL_PORT("restoreDrill.port"),
    RECOVERY_TIMEOUT("restoreDrill.recoveryTimeout"),
    EXPECTED_ROW_COUNTS("restoreDrill.expectRowCount", "expectedRowCounts", "pitr.expectedRowCounts", null),
    SQL_CHECKS("restoreDrill.assertSql", "checks", "pitr.checks", null),
    EXTENSIONS("restoreDrill.requireExtension", "extensions", "pitr.extensions", null),
    /** The drill's database: checks that name none run there; the post-restore command's PGDATABASE. */
    DRILL_DATABASE("restoreDrill.database", "database", "pitr.database", null),
    DRILL_DATABASE_USER("restoreDrill.databaseUser"),
    /** pg_amcheck over the restored databases: auto (default, bounded by size), true (always) or false. */
    AMCHECK("restoreDrill.amcheck", "amcheck", "pitr.amcheck", null),
    AMCHECK_MAX_SIZE("restoreDrill.amcheckMaxSize", "amcheckMaxSize", "pitr.amcheckMaxSize", null),
    AMCHECK_DATABASES("restoreDrill.amcheckDatabases", "amcheckDatabases", "pitr.amcheckDatabases", null),
    AMCHECK_HEAP_ALL_INDEXED("restoreDrill.amcheckHeapAllIndexed", "amcheckHeapAllIndexed",
            "pitr.amcheckHeapAllIndexed", null),
    POST_RESTORE_COMMAND("restoreDrill.postRestoreCommand", "postRestoreCommand", "pitr.postRestoreCommand", null),
    POST_RESTORE_TIMEOUT("restoreDrill.postRestoreTimeout"),
    READINESS_URL("restoreDrill.readinessUrl", "readinessUrl", "pitr.readinessUrl", null),
    READINESS_TIMEOUT("restoreDrill.readinessTimeout"),
    MAX_RTO("restoreDrill.maxRto", "maxRto", "pitr.maxRto", null),
    MAX_TARGET_GAP("restoreDrill.maxTargetGap"),
    KEEP_SCRATCH("restoreDrill.keepScratch", "keepScratch", "pitr.restoreDrill.keepScratch", null),
    /** Whether a drill without a directory may restore into memory (/dev/shm) when it fits. */
    SCRATCH_IN_MEMORY("restoreDrill.scratchInMemory", "scratchInMemory", "pitr.restoreDrill.scratchInMemory", null),
    PG_BIN_DIRECTORY("restoreDrill.pgBinDirectory"),
    /**
     * The restore-test plan ({@code restoreDrill().testPlan(RestoreTestPlan)}): one POM element, {@code <plan>}, with
     * these as its children ({@code <plan><selection>random</selection>...}), each with its own property.
     */
    PLAN_SELECTION("restoreDrill.plan.selection", "plan", "pitr.plan.selection", null),
    PLAN_WINDOW_DAYS("restoreDrill.plan.windowDays", "plan", "pitr.plan.windowDays", null),
    PLAN_REPOSITORIES("restoreDrill.plan.repositories", "plan", "pitr.plan.repositories", null),
    PLAN_TARGET("restoreDrill.plan.target", "plan", "pitr.plan.target", null),
    PLAN_SEED("restoreDrill.plan.seed", "plan", "pitr.plan.seed", null),
    PLAN_START_WINDOW("restoreDrill.plan.startWindow", "plan", "pitr.plan.startWindow", null),
    PLAN_VALIDATION_WINDOW("restoreDrill.plan.validationWindow", "plan", "pitr.plan.validationWindow",
            null),
    PLAN_SCHEDULED_AT("restoreDrill.plan.scheduledAt", "plan", "pitr.plan.scheduledAt", null),
    /** The memory the drill's clone may use (its shared_buffers and work memories are capped to it). */
    DRILL_MEMORY_BUDGET("restoreDrill.memoryBudget", "memoryBudget", "pitr.restoreDrill.memoryBudget", null),
    /** WAL fetched ahead by pgBackRest's asynchronous archive-get into the scratch directory (default on). */
    DRILL_ARCHIVE_ASYNC("restoreDrill.archiveAsync", "archiveAsync", "pitr.restoreDrill.archiveAsync", null),
    /** Parallel fetch processes of the asynchronous archive-get (default: from the host and the repository). */
    DRILL_ARCHIVE_GET_PROCESS_MAX("restoreDrill.archiveGetProcessMax", "archiveGetProcessMax",
            "pitr.restoreDrill.archiveGetProcessMax", null),
    /** How much WAL may be fetched ahead into the scratch directory (default: from the WAL span and the free disk). */
    DRILL_ARCHIVE_GET_QUEUE_MAX("restoreDrill.archiveGetQueueMax", "archiveGetQueueMax",
            "pitr.restoreDrill.archiveGetQueueMax", null),
    /** The clone's throwaway settings for replay speed: fsync off, buffers and checkpoint spacing (default on). */
    DRILL_REPLAY_TUNING("restoreDrill.replayTuning", "replayTuning", "pitr.restoreDrill.replayTuning", null),
    /** Where drills write their reports and the health check reads the drill history. */
    REPORT_DIRECTORY("reportDirectory", "reportDirectory", "pitr.reportDirectory", null),

    // Health thresholds
    MIN_RETENTION_FULL("thresholds.minRetentionFull", "minRetentionFull", "pitr.check.minRetentionFull", null),
    FULL_BACKUP_GRACE("thresholds.fullBackupGrace", "fullBackupGrace", "pitr.check.fullBackupGrace", null),
    LATEST_BACKUP_MAX_AGE("thresholds.latestBackupMaxAge", "maxBackupAge", "pitr.check.maxBackupAge", null),
    LATEST_BACKUP_GRACE("thresholds.latestBackupGrace", "backupGrace", "pitr.check.backupGrace", null),
    DRILL_MAX_AGE("thresholds.drillMaxAge", "maxDrillAge", "pitr.check.maxDrillAge", null),
    TARGET_RPO("thresholds.targetRpo", "targetRpo", "pitr.check.targetRpo", null),
    WAL_ARCHIVE_GRACE("thresholds.walArchiveGrace", "walArchiveGrace", "pitr.check.walArchiveGrace", null),

    // The audit log and evidence documents
    AUDIT_LOG_ROTATE_AT("auditLogRotateAt"),
    EVIDENCE_FROM("evidence.from", "evidenceFrom", "pitr.evidence.from", null),
    EVIDENCE_TO("evidence.to", "evidenceTo", "pitr.evidence.to", null);

    private final String apiName;
    private final String pomElement;
    private final String property;
    private final String environmentVariable;

    Setting(String apiName) {
        this(apiName, null, null, null);
    }

    Setting(String apiName, String pomElement, String property, String environmentVariable) {
        this.apiName = apiName;
        this.pomElement = pomElement;
        this.property = property;
        this.environmentVariable = environmentVariable;
    }

    /** How the Java API names the setting, e.g. {@code restore.pgPath}. */
    public String apiName() {
        return apiName;
    }

    /** The Maven plugin's {@code <configuration>} element, e.g. {@code restoreDirectory}; empty when the plugin has none. */
    public Optional<String> pomElement() {
        return Optional.ofNullable(pomElement);
    }

    /** The Maven plugin's {@code -D} property, e.g. {@code pitr.restoreDirectory}. */
    public Optional<String> property() {
        return Optional.ofNullable(property);
    }

    /** The environment variable (the runbook's) the plugin falls back to, e.g. {@code PGDATA_RESTORE_DIR}. */
    public Optional<String> environmentVariable() {
        return Optional.ofNullable(environmentVariable);
    }

    @Override
    public String toString() {
        return apiName;
    }
}
