package dev.pitr;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.ProgressPoller;
import dev.pitr.internal.conf.ConfValues;
import dev.pitr.internal.restore.RestoreExecutor;
import dev.pitr.internal.restore.RestorePlanner;
import dev.pitr.internal.restore.RestoreSpec;
import dev.pitr.internal.timeline.ArchiveReader;
import dev.pitr.operation.ProgressListener;
import dev.pitr.restore.Isolation;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.restore.RestorePlan;
import dev.pitr.restore.RestoreResult;
import dev.pitr.restore.TargetAction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@code pgbackrest restore}: choose target and options, then {@link #plan()} (a dry run that touches
 * nothing) or {@link #run()}. Every interlock is checked before any file is touched: a live postmaster in
 * the destination, a non-empty destination without delta/force, the configured production {@code pg1-path}
 * without {@link #confirmInPlace(String)}, a destination the run-as user cannot write, a time target outside the
 * recovery window, a target no backup can reach on its timeline. After a PITR or failover the plan picks the
 * timeline and a backup set that reaches it (see {@code docs/restore.md}).
 *
 * <pre>{@code
 * RestoreResult r = pgbr.restore()
 *         .target(RecoveryTarget.time(Instant.parse("2026-02-24T10:30:00Z")))
 *         .targetAction(TargetAction.PROMOTE)
 *         .pgPath(Path.of("/var/lib/postgresql/17/restore"))
 *         .run();
 * }</pre>
 */
public final class RestoreRequest {
    private static final Pattern TIMELINE = Pattern.compile("current|latest|[1-9][0-9]{0,9}");
    private final Invoker invoker;
    private RecoveryTarget target = RecoveryTarget.latest();
    private TargetAction targetAction;
    private boolean exclusive;
    private String timeline;
    private String set;
    private boolean delta;
    private boolean force;
    private final List<String> dbInclude = new ArrayList<>();
    private final List<String> dbExclude = new ArrayList<>();
    private Path tablespaceMapAll;
    private final Map<String, Path> linkMap = new LinkedHashMap<>();
    private final Map<String, String> recoveryOptions = new LinkedHashMap<>();
    private int processMax = Runtime.getRuntime().availableProcessors();
    private Integer repo;
    private Path pgPath;
    private String confirmInPlace;
    private boolean archiveModeOff;
    private Isolation isolation;
    private ProgressListener progressListener;
    private Duration progressInterval = ProgressPoller.DEFAULT_INTERVAL;

    RestoreRequest(Invoker invoker) {
        this.invoker = invoker;
    }

    /** Where recovery stops (default {@link RecoveryTarget#latest()}). */
    public RestoreRequest target(RecoveryTarget recoveryTarget) {
        this.target = Objects.requireNonNull(recoveryTarget, "target");
        return this;
    }

    /** What PostgreSQL does at the target ({@code --target-action}); default pgBackRest's (pause). */
    public RestoreRequest targetAction(TargetAction action) {
        this.targetAction = action;
        return this;
    }

    /** Stop just before the target instead of just after it ({@code --target-exclusive}; time/xid/lsn). */
    public RestoreRequest exclusive() {
        this.exclusive = true;
        return this;
    }

    /** The timeline to recover along: {@code current}, {@code latest} or a number ({@code --target-timeline}). */
    public RestoreRequest timeline(String value) {
        if (value == null || !TIMELINE.matcher(ConfValues.plainText(Setting.TARGET_TIMELINE, value, "the timeline")).matches()) {
            throw new PitrConfigurationException(Setting.TARGET_TIMELINE, "'" + value + "' is not a timeline",
                    "give current, latest or a timeline number such as 2");
        }
        this.timeline = value;
        return this;
    }

    /** Restore this backup set instead of letting pgBackRest choose ({@code --set}). */
    public RestoreRequest set(String label) {
        this.set = ConfValues.plainText(Setting.RESTORE_SET, label, "the backup set label");
        return this;
    }

    /** Restore into an existing data directory, copying only what differs ({@code --delta}). */
    public RestoreRequest delta() {
        this.delta = true;
        return this;
    }

    /** Overwrite the destination ({@code --force}; with delta: compare by size and time only). */
    public RestoreRequest force() {
        this.force = true;
        return this;
    }

    /** Restore only this database; the others come back as sparse files to drop ({@code --db-include}). */
    public RestoreRequest dbInclude(String database) {
        dbInclude.add(ConfValues.plainText(Setting.DB_INCLUDE, database, "the database name"));
        return this;
    }

    /** Leave this database out ({@code --db-exclude}). */
    public RestoreRequest dbExclude(String database) {
        dbExclude.add(ConfValues.plainText(Setting.DB_EXCLUDE, database, "the database name"));
        return this;
    }

    /** Restore every tablespace below this directory ({@code --tablespace-map-all}). */
    public RestoreRequest tablespaceMapAll(Path directory) {
        ConfValues.plainText(Setting.TABLESPACE_MAP_ALL, String.valueOf(directory), "the tablespace directory");
        this.tablespaceMapAll = directory;
        return this;
    }

    /** Restore a symlinked path (e.g. {@code pg_wal}) to another place ({@code --link-map}). */
    public RestoreRequest linkMap(String link, Path destination) {
        if (ConfValues.plainText(Setting.LINK_MAP, link, "the link name").isBlank() || link.contains("=")) {
            throw new PitrConfigurationException(Setting.LINK_MAP, "'" + link + "' is not a link name",
                    "give the link's path relative to the data directory, e.g. pg_wal (no '=')");
        }
        ConfValues.plainText(Setting.LINK_MAP, String.valueOf(destination), "the link destination");
        linkMap.put(link, destination);
        return this;
    }

    /** A setting pgBackRest writes into the recovery configuration ({@code --recovery-option}). */
    public RestoreRequest recoveryOption(String name, String value) {
        if (name == null || name.isBlank() || name.startsWith("recovery_target")) {
            throw new PitrConfigurationException(Setting.RECOVERY_OPTION, "'" + name + "' cannot be set here",
                    "recovery_target_* settings come from target(...); give another PostgreSQL setting");
        }
        ConfValues.settingName(Setting.RECOVERY_OPTION, name);
        if (value != null && value.toLowerCase(java.util.Locale.ROOT).matches("(?s).*\\bpassword\\s*=.*")) {
            // pgBackRest receives recovery options on its command line, which every local user can read.
            throw new PitrConfigurationException(Setting.RECOVERY_OPTION, "the value of " + name + " contains a password, "
                    + "which would appear on pgBackRest's command line and in the audit log",
                    "leave the password out and use a passfile (passfile=... in the conninfo, or ~/.pgpass of the run-as user)");
        }
        // pgBackRest writes name = 'value' into postgresql.auto.conf without escaping: escaped here, so PostgreSQL
        // reads back exactly the value given and a quote cannot end the string early.
        recoveryOptions.put(name, ConfValues.postgresQuoted(Setting.RECOVERY_OPTION, value,
                "the value of " + name));
        return this;
    }

    /** Parallel restore processes ({@code --process-max}); default: the available cores. */
    public RestoreRequest processMax(int processes) {
        if (processes < 1 || processes > 999) {
            throw new PitrConfigurationException(Setting.PROCESS_MAX, processes + " is out of range", "use 1..999");
        }
        this.processMax = processes;
        return this;
    }

    /** Restore from this repository ({@code --repo}); default: the first one holding a matching backup. */
    public RestoreRequest repo(int number) {
        this.repo = number;
        return this;
    }

    /** The destination data directory ({@code --pg1-path}); default the configured pg1-path. */
    public RestoreRequest pgPath(Path directory) {
        this.pgPath = directory;
        return this;
    }

    /**
     * Allows restoring into the configured production {@code pg1-path}: repeat the stanza name to show you
     * mean it. Without it, a restore into pg1-path is refused.
     */
    public RestoreRequest confirmInPlace(String stanzaName) {
        this.confirmInPlace = stanzaName;
        return this;
    }

    /** Writes {@code archive_mode=off} so the restored cluster never archives ({@code --archive-mode=off}). */
    public RestoreRequest archiveModeOff() {
        this.archiveModeOff = true;
        return this;
    }

    /**
     * Makes the restored copy safe to start beside production: after pgBackRest, pitr writes into its
     * {@code postgresql.auto.conf} archive_mode off, a free port, its own socket directory inside the data
     * directory, no TCP listener and no primary ({@link RestoreResult#isolation()} says how to start it).
     * Refused for the production pg1-path itself. Plugin: {@code <restoreIsolated>} / {@code -Dpitr.restore.isolated}.
     */
    public RestoreRequest isolated() {
        return isolated(Isolation.defaults());
    }

    /** {@link #isolated()} with a given port or TCP listen addresses ({@code <restorePort>}, {@code <restoreListenAddresses>}). */
    public RestoreRequest isolated(Isolation settings) {
        this.isolation = Objects.requireNonNull(settings, "isolation");
        return this;
    }

    /** The request as it stands, frozen, with its destination resolved (the planner's only input from it). */
    RestoreSpec spec() {
        return new RestoreSpec(target, Optional.ofNullable(targetAction), exclusive, Optional.ofNullable(timeline),
                Optional.ofNullable(set), delta, force, dbInclude, dbExclude, Optional.ofNullable(tablespaceMapAll),
                linkMap, recoveryOptions, processMax, Optional.ofNullable(repo), destination(),
                Optional.ofNullable(confirmInPlace), archiveModeOff, Optional.ofNullable(isolation));
    }

    /** The destination: the explicit pgPath or the configured pg1-path. */
    private Path destination() {
        Path dest = pgPath != null ? pgPath : invoker.config().pgPath().orElseThrow(() ->
                new PitrConfigurationException(Setting.RESTORE_PG_PATH, "no destination is given and the configuration "
                        + "has no pg1-path pitr knows of", "call pgPath(Path.of(\"/path/to/new/datadir\"))"));
        if (!dest.isAbsolute()) {
            throw new PitrConfigurationException(Setting.RESTORE_PG_PATH, "'" + dest + "' is not absolute",
                    "give an absolute path");
        }
        // pgBackRest copies --pg1-path into the restored cluster's restore_command.
        ConfValues.commandPath(Setting.RESTORE_PG_PATH, dest, "the destination");
        return dest.normalize();
    }

    /** The options this request adds to the restore command, in a stable order. */
    List<String> options() {
        return spec().options();
    }

    /** A dry run: the argv, the backup set pgBackRest will pick, the estimate and every interlock. Touches nothing. */
    public RestorePlan plan() {
        StanzaInfo info = invoker.stanzaInfo();
        return RestorePlanner.plan(invoker, spec(), info, ArchiveReader.read(invoker, info, Optional.ofNullable(repo)),
                Instant.now(), RestorePlanner.Purpose.PERSON);
    }

    RestorePlan plan(StanzaInfo info, Instant now) {
        return RestorePlanner.plan(invoker, spec(), info, now);
    }

    /**
     * Reports the restore's progress while it runs (read from info every 2 s; pgBackRest 2.56+ reports it, older
     * releases report nothing). See {@link ProgressListener}.
     */
    public RestoreRequest progress(ProgressListener listener) {
        this.progressListener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /** As {@link #progress(ProgressListener)}, reading info every {@code interval} (at least 100 ms). */
    public RestoreRequest progress(ProgressListener listener, Duration interval) {
        this.progressInterval = ProgressPoller.checkInterval(Setting.RESTORE_PROGRESS, interval);
        return progress(listener);
    }

    /** Plans, refuses unless every interlock passed, then runs exactly the plan. PostgreSQL is not started. */
    public RestoreResult run() {
        return RestoreExecutor.execute(invoker, plan(), Optional.ofNullable(progressListener), progressInterval);
    }
}
