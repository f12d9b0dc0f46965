package dev.pitr.maven;

import dev.pitr.config.Setting;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every plugin parameter: its POM {@code <configuration>} element and its {@code -D} property. A parameter
 * that stands for a pitr-core setting takes both names from the core {@link Setting}; the others belong to
 * the plugin alone (skip flags, failOnError, dryRun, settings.xml servers). Error messages name both, so
 * the user can fix either the POM or the command line; the unknown-parameter check knows no other names.
 */
enum Param {
    STANZA(Setting.STANZA),
    CONFIG_FILE(Setting.CONFIG_FILE),
    EXECUTABLE(Setting.EXECUTABLE),
    RUN_AS_USER(Setting.RUN_AS),
    ALLOW_ROOT(Setting.ALLOW_ROOT),
    TIMEOUT(Setting.TIMEOUT),
    REPO(Setting.REPO),
    AUDIT_LOG(Setting.AUDIT_LOG),
    REPORT_GROUP(Setting.REPORT_GROUP),
    SERVER_ID(Setting.SECRET),
    BACKUP_TYPE(Setting.BACKUP_TYPE),
    POLICY(Setting.BACKUP_POLICY),
    TARGET(Setting.TARGET),
    TARGET_TYPE(Setting.TARGET_TYPE),
    TARGET_ACTION(Setting.TARGET_ACTION),
    RESTORE_DIRECTORY(Setting.RESTORE_PG_PATH),
    RESTORE_CONFIRM(Setting.RESTORE_CONFIRM_IN_PLACE),
    RESTORE_DELTA(Setting.RESTORE_DELTA),
    RESTORE_SET(Setting.RESTORE_SET),
    RESTORE_ISOLATED(Setting.RESTORE_ISOLATED),
    RESTORE_PORT(Setting.RESTORE_PORT),
    RESTORE_LISTEN_ADDRESSES(Setting.RESTORE_LISTEN_ADDRESSES),
    DRILL_DIRECTORY(Setting.DRILL_DIRECTORY),
    DRILL_SET(Setting.DRILL_SET),
    EXPECTED_ROW_COUNTS(Setting.EXPECTED_ROW_COUNTS),
    CHECKS(Setting.SQL_CHECKS),
    EXTENSIONS(Setting.EXTENSIONS),
    DATABASE(Setting.DRILL_DATABASE),
    AMCHECK(Setting.AMCHECK),
    AMCHECK_MAX_SIZE(Setting.AMCHECK_MAX_SIZE),
    AMCHECK_DATABASES(Setting.AMCHECK_DATABASES),
    AMCHECK_HEAP_ALL_INDEXED(Setting.AMCHECK_HEAP_ALL_INDEXED),
    POST_RESTORE_COMMAND(Setting.POST_RESTORE_COMMAND),
    READINESS_URL(Setting.READINESS_URL),
    MAX_RTO(Setting.MAX_RTO),
    REPORT_DIRECTORY(Setting.REPORT_DIRECTORY),
    KEEP_SCRATCH(Setting.KEEP_SCRATCH),
    SCRATCH_IN_MEMORY(Setting.SCRATCH_IN_MEMORY),
    MEMORY_BUDGET(Setting.DRILL_MEMORY_BUDGET),
    DRILL_ARCHIVE_ASYNC(Setting.DRILL_ARCHIVE_ASYNC),
    DRILL_ARCHIVE_GET_PROCESS_MAX(Setting.DRILL_ARCHIVE_GET_PROCESS_MAX),
    DRILL_ARCHIVE_GET_QUEUE_MAX(Setting.DRILL_ARCHIVE_GET_QUEUE_MAX),
    DRILL_REPLAY_TUNING(Setting.DRILL_REPLAY_TUNING),
    MIN_RETENTION_FULL(Setting.MIN_RETENTION_FULL),
    FULL_BACKUP_GRACE(Setting.FULL_BACKUP_GRACE),
    MAX_BACKUP_AGE(Setting.LATEST_BACKUP_MAX_AGE),
    BACKUP_GRACE(Setting.LATEST_BACKUP_GRACE),
    MAX_DRILL_AGE(Setting.DRILL_MAX_AGE),
    TARGET_RPO(Setting.TARGET_RPO),
    WAL_ARCHIVE_GRACE(Setting.WAL_ARCHIVE_GRACE),
    PLAN_SELECTION(Setting.PLAN_SELECTION, "selection"),
    PLAN_WINDOW_DAYS(Setting.PLAN_WINDOW_DAYS, "windowDays"),
    PLAN_REPOSITORIES(Setting.PLAN_REPOSITORIES, "repositories"),
    PLAN_TARGET(Setting.PLAN_TARGET, "target"),
    PLAN_SEED(Setting.PLAN_SEED, "seed"),
    PLAN_START_WINDOW(Setting.PLAN_START_WINDOW, "startWindow"),
    PLAN_VALIDATION_WINDOW(Setting.PLAN_VALIDATION_WINDOW, "validationWindow"),
    PLAN_SCHEDULED_AT(Setting.PLAN_SCHEDULED_AT, "scheduledAt"),
    EVIDENCE_FROM(Setting.EVIDENCE_FROM),
    EVIDENCE_TO(Setting.EVIDENCE_TO),

    // The plugin's own parameters.
    SKIP("skip", "pitr.skip"),
    FAIL_ON_ERROR("failOnError", "pitr.failOnError"),
    DRY_RUN("dryRun", "pitr.dryRun"),
    SECRET_SERVERS("secretServers", "pitr.secretServers"),
    CIPHER_PASS("cipherPass", "pitr.cipherPass"),
    METRICS_FILE("metricsFile", "pitr.metricsFile"),
    CHECK_SKIP("checkSkip", "pitr.check.skip"),
    BACKUP_SKIP("backupSkip", "pitr.backup.skip"),
    EXPIRE_SKIP("expireSkip", "pitr.expire.skip"),
    INFO_SKIP("infoSkip", "pitr.info.skip"),
    RESTORE_SKIP("restoreSkip", "pitr.restore.skip"),
    RESTORE_DRILL_SKIP("restoreDrillSkip", "pitr.restoreDrill.skip"),
    DRILL_CLEANUP_SKIP("drillCleanupSkip", "pitr.drillCleanup.skip"),
    STANZA_CREATE_SKIP("stanzaCreateSkip", "pitr.stanzaCreate.skip"),
    VERIFY_SKIP("verifySkip", "pitr.verify.skip"),
    AUDIT_VERIFY_SKIP("auditVerifySkip", "pitr.auditVerify.skip"),
    EVIDENCE_SKIP("evidenceSkip", "pitr.evidence.skip"),
    EVIDENCE_FAIL_ON_GAPS("evidenceFailOnGaps", "pitr.evidence.failOnGaps");

    private static final Map<Setting, Param> BY_SETTING = new EnumMap<>(Setting.class);

    static {
        for (Param p : values()) {
            p.setting.ifPresent(s -> BY_SETTING.put(s, p));
        }
    }

    private final Optional<Setting> setting;
    private final String element;
    private final Optional<String> child;
    private final String property;

    Param(Setting setting) {
        this(setting, null);
    }

    /** A setting that is a child of its POM element ({@code <plan><selection>}). */
    Param(Setting setting, String child) {
        this.setting = Optional.of(setting);
        this.element = setting.pomElement().orElseThrow(() -> new IllegalStateException(setting + " has no POM element"));
        this.child = Optional.ofNullable(child);
        this.property = setting.property().orElseThrow(() -> new IllegalStateException(setting + " has no property"));
    }

    Param(String element, String property) {
        this.setting = Optional.empty();
        this.element = element;
        this.child = Optional.empty();
        this.property = property;
    }

    String element() {
        return element;
    }

    String property() {
        return property;
    }

    /** The runbook environment variable the parameter falls back to, if any (from the core setting). */
    Optional<String> environmentVariable() {
        return setting.flatMap(Setting::environmentVariable);
    }

    /** {@code <stanza> (-Dpitr.stanza)}: how messages name a parameter. */
    String describe() {
        return "<" + element + ">" + child.map(c -> "<" + c + ">").orElse("") + " (-D" + property + ")";
    }

    /** The plugin parameter of a pitr-core setting; empty for settings the plugin does not expose. */
    static Optional<Param> of(Setting setting) {
        return Optional.ofNullable(BY_SETTING.get(setting));
    }

    /** The parameter whose POM element is {@code element}. */
    static Optional<Param> byElement(String element) {
        return Arrays.stream(values()).filter(p -> p.element.equals(element)).findFirst();
    }

    /** The parameter whose property is {@code property}. */
    static Optional<Param> byProperty(String property) {
        return Arrays.stream(values()).filter(p -> p.property.equals(property)).findFirst();
    }
}
