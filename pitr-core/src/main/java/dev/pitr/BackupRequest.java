package dev.pitr;

import dev.pitr.config.Setting;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.governance.BackupDecision;
import dev.pitr.governance.BackupPolicy;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.conf.ConfValues;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.operation.CommandResult;
import dev.pitr.operation.Operation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** A backup to run: type, annotations and repository, then {@link #run()}. */
public final class BackupRequest {
    private final Invoker invoker;
    private final PgBackRest pgbr;
    private BackupType type;
    private BackupPolicy autoPolicy;
    private Integer repo;
    private final Map<String, String> annotations = new LinkedHashMap<>();

    BackupRequest(Invoker invoker, PgBackRest pgbr) {
        this.invoker = invoker;
        this.pgbr = pgbr;
    }

    /** full, diff or incr; unset means pgBackRest's default (incr, promoted to full when none exists). */
    public BackupRequest type(BackupType backupType) {
        this.type = backupType;
        this.autoPolicy = null;
        return this;
    }

    /**
     * Lets the policy choose the type when the backup runs: the day's scheduled type, promoted to full
     * when the target repository holds no full backup within the policy's full interval
     * ({@link BackupPolicy#decide}). The decision is logged.
     */
    public BackupRequest auto(BackupPolicy policy) {
        this.autoPolicy = java.util.Objects.requireNonNull(policy, "policy");
        this.type = null;
        return this;
    }

    /** Stores a key/value annotation with the backup ({@code --annotation}). */
    public BackupRequest annotation(String key, String value) {
        if (key == null || ConfValues.plainText(Setting.BACKUP_ANNOTATION, key, "the annotation key").isBlank()
                || key.contains("=")) {
            throw new PitrConfigurationException(Setting.BACKUP_ANNOTATION, "'" + key + "' is not a valid annotation key",
                    "use a non-empty key without '='");
        }
        annotations.put(key, ConfValues.plainText(Setting.BACKUP_ANNOTATION, value, "the annotation value"));
        return this;
    }

    /** Backs up to this repository ({@code --repo}); default: pgBackRest's (repo1). */
    public BackupRequest repo(int number) {
        this.repo = number;
        return this;
    }

    /** The options this request adds to the backup command. */
    List<String> options() {
        List<String> options = new ArrayList<>();
        if (type != null) {
            options.add("--type=" + type.option());
        }
        if (repo != null) {
            options.add("--repo=" + repo);
        }
        annotations.forEach((k, v) -> options.add("--annotation=" + k + "=" + v));
        return options;
    }

    /** Runs the backup and reads the new backup set's figures back from info. */
    public BackupResult run() {
        // Labels known before, so the new set can be told apart (a missing stanza simply has none yet).
        Optional<StanzaInfo> beforeInfo = pgbr.info().stanza(pgbr.configuration().stanza());
        Set<String> before = beforeInfo.map(BackupRequest::labels).orElse(Set.of());
        if (autoPolicy != null) {
            type = autoType(beforeInfo);
        }
        CommandResult command = invoker.run(Operation.BACKUP, options()).result();
        StanzaInfo after = pgbr.stanzaInfo();
        BackupInfo created = after.backups().stream().filter(b -> !before.contains(b.label()))
                .filter(b -> repo == null || b.repoKey() == repo)
                .reduce((a, b) -> b)
                .orElseThrow(() -> new PgBackRestException(ErrorCode.PITR, "pgbackrest backup exited 0 but info shows no "
                        + "new backup set for stanza '" + pgbr.configuration().stanza() + "'", List.of(), command, null));
        return new BackupResult(created.label(), created.type(), created.start(), created.stop(), created.size(),
                created.repoSize(), created.repoDelta(), created.annotations(), Optional.ofNullable(repo), command);
    }

    /** The policy's decision, judged on the target repository's backups only. */
    private BackupType autoType(Optional<StanzaInfo> info) {
        List<BackupInfo> backups = info.map(StanzaInfo::backups).orElse(List.of()).stream()
                .filter(b -> repo == null || b.repoKey() == repo).toList();
        StanzaInfo view = new StanzaInfo(pgbr.configuration().stanza(),
                info.map(StanzaInfo::status).orElse(new dev.pitr.info.StanzaStatus(1, "missing stanza path")), false,
                Optional.empty(), List.of(), List.of(), List.of(), backups);
        BackupDecision decision = autoPolicy.decide(java.time.Instant.now(), view);
        org.slf4j.LoggerFactory.getLogger(BackupRequest.class).info("auto backup of stanza '{}': {} ({})",
                pgbr.configuration().stanza(), decision.type().option(), decision.reason());
        return decision.type();
    }

    private static Set<String> labels(StanzaInfo info) {
        return info.backups().stream().map(BackupInfo::label).collect(Collectors.toSet());
    }
}
