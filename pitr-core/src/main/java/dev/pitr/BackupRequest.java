package dev.pitr;

import dev.pitr.config.Setting;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.governance.BackupDecision;
import dev.pitr.governance.BackupPolicy;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.info.StanzaStatus;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.ProgressPoller;
import dev.pitr.internal.conf.ConfValues;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.operation.CommandPlan;
import dev.pitr.operation.CommandResult;
import dev.pitr.operation.Operation;
import dev.pitr.operation.ProgressListener;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A backup to run: type, annotations and repository, then {@link #plan()} (a dry run) or {@link #run()}. */
public final class BackupRequest {
    private static final Logger LOG = LoggerFactory.getLogger(BackupRequest.class);
    private final Invoker invoker;
    private BackupType type;
    private BackupPolicy autoPolicy;
    private Integer repo;
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private ProgressListener progressListener;
    private Duration progressInterval = ProgressPoller.DEFAULT_INTERVAL;

    BackupRequest(Invoker invoker) {
        this.invoker = invoker;
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

    /**
     * Reports the backup's progress while it runs (read from info every 2 s; pgBackRest 2.48+ reports it, older
     * releases report nothing). See {@link ProgressListener}.
     */
    public BackupRequest progress(ProgressListener listener) {
        this.progressListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** As {@link #progress(ProgressListener)}, reading info every {@code interval} (at least 100 ms). */
    public BackupRequest progress(ProgressListener listener, Duration interval) {
        this.progressInterval = ProgressPoller.checkInterval(Setting.BACKUP_PROGRESS, interval);
        return progress(listener);
    }

    /** The options of the backup command, with the type decided (by the caller or the policy). */
    List<String> options(Optional<BackupType> decided) {
        List<String> options = new ArrayList<>();
        decided.ifPresent(t -> options.add("--type=" + t.option()));
        if (repo != null) {
            options.add("--repo=" + repo);
        }
        annotations.forEach((k, v) -> options.add("--annotation=" + k + "=" + v));
        return options;
    }

    /** The options this request adds to the backup command (no policy decision involved). */
    List<String> options() {
        return options(Optional.ofNullable(type));
    }

    /**
     * A dry run: the exact argv, and with {@link #auto} the type the policy chooses now and why (only then is
     * {@code info} read, for the target repository's backups). Runs nothing else.
     */
    public CommandPlan plan() {
        return plan(autoPolicy == null ? Optional.empty() : decide(invoker.info().stanza(invoker.config().stanza())));
    }

    /** With {@link #auto}, the policy's decision on the target repository's backups. */
    private Optional<BackupDecision> decide(Optional<StanzaInfo> before) {
        return Optional.ofNullable(autoPolicy).map(p -> p.decide(Instant.now(), repositoryView(before)));
    }

    private CommandPlan plan(Optional<BackupDecision> decision) {
        List<String> notes = new ArrayList<>();
        Optional<BackupType> decided = decision.map(BackupDecision::type).or(() -> Optional.ofNullable(type));
        if (decision.isPresent()) {
            notes.add("type " + decision.get().type().option() + ", chosen by the policy " + autoPolicy.describe()
                    + ": " + decision.get().reason());
        } else if (type == null) {
            notes.add("type: pgBackRest's default (incr, promoted to full when the repository holds no full backup)");
        }
        return new CommandPlan(Operation.BACKUP, invoker.argv(Operation.BACKUP, options(decided)), notes);
    }

    /** Plans the backup (one info: the labels known before and, with a policy, the type), runs that plan, reads the new set. */
    public BackupResult run() {
        String stanza = invoker.config().stanza();
        // Labels known before, so the new set can be told apart (a missing stanza simply has none yet).
        Optional<StanzaInfo> beforeInfo = invoker.info().stanza(stanza);
        Set<String> before = beforeInfo.map(BackupRequest::labels).orElse(Set.of());
        Optional<BackupDecision> decision = decide(beforeInfo);
        decision.ifPresent(d -> LOG.info("auto backup of stanza '{}': {} ({})", stanza, d.type().option(), d.reason()));
        CommandPlan plan = plan(decision);
        CommandResult command;
        try (ProgressPoller poller = ProgressPoller.start(invoker, Operation.BACKUP, Optional.ofNullable(progressListener),
                progressInterval)) {
            command = invoker.runPlanned(Operation.BACKUP, plan.argv()).result();
        }
        StanzaInfo after = invoker.stanzaInfo();
        BackupInfo created = after.backups().stream().filter(b -> !before.contains(b.label()))
                .filter(b -> repo == null || b.repoKey() == repo)
                .reduce((a, b) -> b)
                .orElseThrow(() -> new PgBackRestException(ErrorCode.PITR, "pgbackrest backup exited 0 but info shows no "
                        + "new backup set for stanza '" + stanza + "'", List.of(), command, null));
        return new BackupResult(created.label(), created.type(), created.start(), created.stop(), created.size(),
                created.repoSize(), created.repoDelta(), created.annotations(), Optional.ofNullable(repo), command);
    }

    /** The stanza as the target repository sees it: the policy judges that repository's backups only. */
    private StanzaInfo repositoryView(Optional<StanzaInfo> info) {
        List<BackupInfo> backups = info.map(StanzaInfo::backups).orElse(List.of()).stream()
                .filter(b -> repo == null || b.repoKey() == repo).toList();
        return new StanzaInfo(invoker.config().stanza(),
                info.map(StanzaInfo::status).orElse(new StanzaStatus(1, "missing stanza path")), false,
                Optional.empty(), List.of(), List.of(), List.of(), backups);
    }

    private static Set<String> labels(StanzaInfo info) {
        return info.backups().stream().map(BackupInfo::label).collect(Collectors.toSet());
    }
}
