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
    private Integer repo;
    private final Map<String, String> annotations = new LinkedHashMap<>();

    BackupRequest(Invoker invoker, PgBackRest pgbr) {
        this.invoker = invoker;
        this.pgbr = pgbr;
    }

    /** full, diff or incr; unset means pgBackRest's default (incr, promoted to full when none exists). */
    public BackupRequest type(BackupType backupType) {
        this.type = backupType;
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
        // Labels known before, so the new set can be told apart (a missing stanza simply has none yet).
        Set<String> before = pgbr.info().stanza(pgbr.configuration().stanza()).map(BackupRequest::labels).orElse(Set.of());
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
        return info.backups().stream().map(BackupInfo::label).collect(Collectors.toSet());
    }
}
