package dev.pitr;

import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.Invoker;
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
        if (key == null || key.isBlank() || key.contains("=")) {
            throw new PitrConfigurationException("backup.annotation", "'" + key + "' is not a valid annotation key",
                    "use a non-empty key without '='");
        }
        annotations.put(key, value);
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
        StanzaInfo beforeInfo = pgbr.stanzaInfo();
        Set<String> before = labels(beforeInfo);
        if (autoPolicy != null) {
            StanzaInfo inRepo = repo == null ? beforeInfo : new StanzaInfo(beforeInfo.name(), beforeInfo.status(),
                    beforeInfo.backupLockHeld(), beforeInfo.cipher(), beforeInfo.repos(), beforeInfo.databases(),
                    beforeInfo.archives(), beforeInfo.backups().stream().filter(b -> b.repoKey() == repo).toList());
            BackupDecision decision = autoPolicy.decide(java.time.Instant.now(), inRepo);
            org.slf4j.LoggerFactory.getLogger(BackupRequest.class).info("auto backup of stanza '{}': {} ({})",
                    pgbr.configuration().stanza(), decision.type().option(), decision.reason());
            type = decision.type();
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

    private static Set<String> labels(StanzaInfo info) {
        return info.backups().stream().map(b -> b.label() + "@" + b.repoKey()).map(s -> s.substring(0, s.indexOf('@')))
                .collect(Collectors.toSet());
    }
}
