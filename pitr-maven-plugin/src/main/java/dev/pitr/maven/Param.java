package dev.pitr.maven;

import java.util.Locale;
import java.util.Optional;

/**
 * Every plugin parameter: its POM {@code <configuration>} element and its {@code -D} property. Error
 * messages name both, so the user can fix either the POM or the command line.
 */
enum Param {
    STANZA("stanza", "pitr.stanza"),
    CONFIG_FILE("configFile", "pitr.configFile"),
    EXECUTABLE("executable", "pitr.executable"),
    RUN_AS_USER("runAsUser", "pitr.runAsUser"),
    ALLOW_ROOT("allowRoot", "pitr.allowRoot"),
    TIMEOUT("timeout", "pitr.timeout"),
    REPO("repo", "pitr.repo"),
    SKIP("skip", "pitr.skip"),
    FAIL_ON_ERROR("failOnError", "pitr.failOnError"),
    DRY_RUN("dryRun", "pitr.dryRun"),
    SERVER_ID("serverId", "pitr.serverId"),
    SECRET_SERVERS("secretServers", "pitr.secretServers"),
    CIPHER_PASS("cipherPass", "pitr.cipherPass"),
    BACKUP_TYPE("backupType", "pitr.backup.type"),
    TARGET("target", "pitr.target"),
    TARGET_TYPE("targetType", "pitr.targetType"),
    TARGET_ACTION("targetAction", "pitr.targetAction"),
    RESTORE_DIRECTORY("restoreDirectory", "pitr.restoreDirectory"),
    RESTORE_CONFIRM("restoreConfirm", "pitr.restore.confirm"),
    RESTORE_DELTA("restoreDelta", "pitr.restore.delta"),
    RESTORE_SET("restoreSet", "pitr.restore.set"),
    DRILL_DIRECTORY("drillDirectory", "pitr.drillDirectory"),
    EXPECTED_ROW_COUNTS("expectedRowCounts", "pitr.expectedRowCounts"),
    CHECKS("checks", "pitr.checks"),
    EXTENSIONS("extensions", "pitr.extensions"),
    POST_RESTORE_COMMAND("postRestoreCommand", "pitr.postRestoreCommand"),
    READINESS_URL("readinessUrl", "pitr.readinessUrl"),
    MAX_RTO("maxRto", "pitr.maxRto"),
    REPORT_DIRECTORY("reportDirectory", "pitr.reportDirectory"),
    KEEP_SCRATCH("keepScratch", "pitr.restoreDrill.keepScratch"),
    AUDIT_LOG("auditLog", "pitr.auditLog"),
    POLICY("policy", "pitr.policy"),
    MIN_RETENTION_FULL("minRetentionFull", "pitr.check.minRetentionFull"),
    FULL_BACKUP_GRACE("fullBackupGrace", "pitr.check.fullBackupGrace"),
    MAX_BACKUP_AGE("maxBackupAge", "pitr.check.maxBackupAge"),
    BACKUP_GRACE("backupGrace", "pitr.check.backupGrace"),
    MAX_DRILL_AGE("maxDrillAge", "pitr.check.maxDrillAge"),
    TARGET_RPO("targetRpo", "pitr.check.targetRpo"),
    WAL_ARCHIVE_GRACE("walArchiveGrace", "pitr.check.walArchiveGrace");

    private final String element;
    private final String property;

    Param(String element, String property) {
        this.element = element;
        this.property = property;
    }

    String element() {
        return element;
    }

    String property() {
        return property;
    }

    /** {@code <stanza> (-Dpitr.stanza)}: how messages name a parameter. */
    String describe() {
        return "<" + element + "> (-D" + property + ")";
    }

    /**
     * The plugin parameter behind a pitr-core setting name (as carried by
     * {@link dev.pitr.error.PitrConfigurationException#setting()}), e.g. {@code runAs} -> {@code <runAsUser>}.
     */
    static Optional<Param> forCoreSetting(String setting) {
        String s = setting.toLowerCase(Locale.ROOT);
        // Checked first: "thresholds.targetRpo" must not be taken for the recovery target below.
        if (s.startsWith("thresholds.")) {
            return threshold(s.substring("thresholds.".length()));
        }
        if (s.equals("backuppolicy") || s.equals("policy")) {
            return Optional.of(POLICY);
        }
        if (s.startsWith("auditlog")) {
            return Optional.of(AUDIT_LOG);
        }
        if (s.startsWith("allowroot")) {
            return Optional.of(ALLOW_ROOT);
        }
        if (s.startsWith("runas")) {
            return Optional.of(RUN_AS_USER);
        }
        if (s.startsWith("timeout")) {
            return Optional.of(TIMEOUT);
        }
        if (s.startsWith("secret") || s.contains("cipher")) {
            return Optional.of(SERVER_ID);
        }
        if (s.startsWith("backup.")) {
            return Optional.of(BACKUP_TYPE);
        }
        if (s.contains("targettype") || s.endsWith("target.type")) {
            return Optional.of(TARGET_TYPE);
        }
        if (s.contains("targetaction")) {
            return Optional.of(TARGET_ACTION);
        }
        if (s.contains("target")) {
            return Optional.of(TARGET);
        }
        if (s.contains("confirm")) {
            return Optional.of(RESTORE_CONFIRM);
        }
        if (s.equals("restore.delta")) {
            return Optional.of(RESTORE_DELTA);
        }
        if (s.equals("restore.set")) {
            return Optional.of(RESTORE_SET);
        }
        if (s.endsWith("repo")) {
            return Optional.of(REPO);
        }
        if (s.contains("pgpath")) {
            return Optional.of(RESTORE_DIRECTORY);
        }
        if (s.contains("rowcount")) {
            return Optional.of(EXPECTED_ROW_COUNTS);
        }
        if (s.contains("assertsql") || s.contains("check")) {
            return Optional.of(CHECKS);
        }
        if (s.contains("extension")) {
            return Optional.of(EXTENSIONS);
        }
        if (s.contains("postrestore")) {
            return Optional.of(POST_RESTORE_COMMAND);
        }
        if (s.contains("readiness")) {
            return Optional.of(READINESS_URL);
        }
        if (s.contains("rto")) {
            return Optional.of(MAX_RTO);
        }
        if (s.contains("report")) {
            return Optional.of(REPORT_DIRECTORY);
        }
        if (s.contains("directory") || s.startsWith("drill")) {
            return Optional.of(DRILL_DIRECTORY);
        }
        for (Param p : values()) {
            if (p.element.equalsIgnoreCase(setting)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** pitr-core's {@code HealthThresholds} names -> the shorter pitr:check parameters. */
    private static Optional<Param> threshold(String name) {
        return Optional.ofNullable(switch (name) {
            case "minretentionfull" -> MIN_RETENTION_FULL;
            case "fullbackupgrace" -> FULL_BACKUP_GRACE;
            case "latestbackupmaxage" -> MAX_BACKUP_AGE;
            case "latestbackupgrace" -> BACKUP_GRACE;
            case "drillmaxage" -> MAX_DRILL_AGE;
            case "targetrpo" -> TARGET_RPO;
            case "walarchivegrace" -> WAL_ARCHIVE_GRACE;
            default -> null;
        });
    }
}
