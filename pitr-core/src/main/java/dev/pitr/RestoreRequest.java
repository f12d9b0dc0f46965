package dev.pitr;

import dev.pitr.error.PitrConfigurationException;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.RecoveryWindow;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.ProgressPoller;
import dev.pitr.internal.os.Ownership;
import dev.pitr.internal.restore.BackupSetSelector;
import dev.pitr.internal.restore.Postmaster;
import dev.pitr.operation.CommandResult;
import dev.pitr.operation.Operation;
import dev.pitr.operation.ProgressListener;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.restore.RestoreInterlock;
import dev.pitr.restore.RestorePlan;
import dev.pitr.restore.RestoreResult;
import dev.pitr.restore.TargetAction;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code pgbackrest restore}: choose target and options, then {@link #plan()} (a dry run that touches
 * nothing) or {@link #run()}. Every interlock is checked before any file is touched: a live postmaster in
 * the destination, a non-empty destination without delta/force, the configured production {@code pg1-path}
 * without {@link #confirmInPlace(String)}, a time target outside the recovery window.
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
    private static final Pattern BACKUP_SET = Pattern.compile("restore backup set (\\S+)");
    private final Invoker invoker;
    private final PgBackRest pgbr;
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
    private ProgressListener progressListener;
    private Duration progressInterval = ProgressPoller.DEFAULT_INTERVAL;

    RestoreRequest(Invoker invoker, PgBackRest pgbr) {
        this.invoker = invoker;
        this.pgbr = pgbr;
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
        this.timeline = value;
        return this;
    }

    /** Restore this backup set instead of letting pgBackRest choose ({@code --set}). */
    public RestoreRequest set(String label) {
        this.set = label;
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
        dbInclude.add(database);
        return this;
    }

    /** Leave this database out ({@code --db-exclude}). */
    public RestoreRequest dbExclude(String database) {
        dbExclude.add(database);
        return this;
    }

    /** Restore every tablespace below this directory ({@code --tablespace-map-all}). */
    public RestoreRequest tablespaceMapAll(Path directory) {
        this.tablespaceMapAll = directory;
        return this;
    }

    /** Restore a symlinked path (e.g. {@code pg_wal}) to another place ({@code --link-map}). */
    public RestoreRequest linkMap(String link, Path destination) {
        linkMap.put(link, destination);
        return this;
    }

    /** A setting pgBackRest writes into the recovery configuration ({@code --recovery-option}). */
    public RestoreRequest recoveryOption(String name, String value) {
        if (name == null || name.isBlank() || name.startsWith("recovery_target")) {
            throw new PitrConfigurationException("restore.recoveryOption", "'" + name + "' cannot be set here",
                    "recovery_target_* settings come from target(...); give another PostgreSQL setting");
        }
        if (value != null && value.toLowerCase(java.util.Locale.ROOT).matches("(?s).*\\bpassword\\s*=.*")) {
            // pgBackRest receives recovery options on its command line, which every local user can read.
            throw new PitrConfigurationException("restore.recoveryOption(" + name + ")", "the value contains a password, "
                    + "which would appear on pgBackRest's command line and in the audit log",
                    "leave the password out and use a passfile (passfile=... in the conninfo, or ~/.pgpass of the run-as user)");
        }
        recoveryOptions.put(name, value);
        return this;
    }

    /** Parallel restore processes ({@code --process-max}); default: the available cores. */
    public RestoreRequest processMax(int processes) {
        if (processes < 1 || processes > 999) {
            throw new PitrConfigurationException("restore.processMax", processes + " is out of range", "use 1..999");
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

    RecoveryTarget target() {
        return target;
    }

    /** The destination: the explicit pgPath or the configured pg1-path. */
    Path destination() {
        Path dest = pgPath != null ? pgPath : pgbr.configuration().pgPath().orElseThrow(() ->
                new PitrConfigurationException("restore.pgPath", "no destination is given and the configuration has "
                        + "no pg1-path pitr knows of", "call pgPath(Path.of(\"/path/to/new/datadir\"))"));
        if (!dest.isAbsolute()) {
            throw new PitrConfigurationException("restore.pgPath", "'" + dest + "' is not absolute", "give an absolute path");
        }
        return dest.normalize();
    }

    /** The options this request adds to the restore command, in a stable order. */
    List<String> options() {
        List<String> o = new ArrayList<>();
        o.add("--pg1-path=" + destination());
        if (!(target instanceof RecoveryTarget.Latest)) {
            o.add("--type=" + target.type());
        }
        target.value().ifPresent(v -> o.add("--target=" + v));
        if (targetAction != null) {
            o.add("--target-action=" + targetAction.option());
        }
        if (exclusive) {
            o.add("--target-exclusive");
        }
        if (timeline != null) {
            o.add("--target-timeline=" + timeline);
        }
        if (set != null) {
            o.add("--set=" + set);
        }
        if (delta) {
            o.add("--delta");
        }
        if (force) {
            o.add("--force");
        }
        dbInclude.forEach(d -> o.add("--db-include=" + d));
        dbExclude.forEach(d -> o.add("--db-exclude=" + d));
        if (tablespaceMapAll != null) {
            o.add("--tablespace-map-all=" + tablespaceMapAll);
        }
        linkMap.forEach((k, v) -> o.add("--link-map=" + k + "=" + v));
        recoveryOptions.forEach((k, v) -> o.add("--recovery-option=" + k + "=" + v));
        o.add("--process-max=" + processMax);
        if (repo != null) {
            o.add("--repo=" + repo);
        }
        if (archiveModeOff) {
            o.add("--archive-mode=off");
        }
        return o;
    }

    /** A dry run: the argv, the backup set pgBackRest will pick, and every interlock. Touches nothing. */
    public RestorePlan plan() {
        return plan(pgbr.stanzaInfo(), Instant.now());
    }

    RestorePlan plan(StanzaInfo info, Instant now) {
        Path dest = destination();
        List<RestoreInterlock> checks = new ArrayList<>();
        checks.add(optionsFit());
        checks.add(productionPath(dest));
        checks.add(livePostmaster(dest));
        checks.add(emptyDirectory(dest));
        Optional<BackupInfo> chosen = BackupSetSelector.select(info, target, Optional.ofNullable(set),
                Optional.ofNullable(repo));
        Optional<RecoveryWindow> window = info.recoveryWindow();
        checks.add(backupSet(info, chosen, window, now));
        List<String> argv = pgbr.commandLine(Operation.RESTORE, options());
        return new RestorePlan(argv, target, dest, chosen.map(BackupInfo::label), window, checks);
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
        this.progressInterval = ProgressPoller.checkInterval("restore.progress", interval);
        return progress(listener);
    }

    /** Checks every interlock, then runs {@code pgbackrest restore}. PostgreSQL is not started. */
    public RestoreResult run() {
        RestorePlan plan = plan();
        requireAllowed(plan);
        return execute(plan);
    }

    static void requireAllowed(RestorePlan plan) {
        for (RestoreInterlock i : plan.interlocks()) {
            if (!i.passed()) {
                int fixAt = i.message().lastIndexOf(" (fix: ");
                String problem = fixAt < 0 ? i.message() : i.message().substring(0, fixAt);
                String fix = fixAt < 0 ? "" : i.message().substring(fixAt + 7, i.message().length() - 1);
                throw new PitrConfigurationException(i.setting(), "restore refused: " + problem, fix);
            }
        }
    }

    RestoreResult execute(RestorePlan plan) {
        CommandResult command;
        try (ProgressPoller poller = ProgressPoller.start(invoker, Operation.RESTORE, Optional.ofNullable(progressListener),
                progressInterval)) {
            command = invoker.run(Operation.RESTORE, options()).result();
        }
        String used = null;
        for (String line : command.outputTail()) {
            Matcher m = BACKUP_SET.matcher(line);
            if (m.find()) {
                used = m.group(1).replaceAll("[,.]$", "");
            }
        }
        if (used == null) {
            used = plan.backupSet().orElse("unknown");
        }
        return new RestoreResult(used, target, plan.pgPath(), command.duration(), command);
    }

    private RestoreInterlock optionsFit() {
        boolean latest = target instanceof RecoveryTarget.Latest;
        if (targetAction != null && latest) {
            return RestoreInterlock.fail("target-options", "restore.targetAction", "a target action needs a recovery "
                    + "target; 'latest' recovers to the end of the archive and then promotes", "drop targetAction or "
                            + "give a time/xid/lsn/name/immediate target");
        }
        if (exclusive && !(target instanceof RecoveryTarget.Time || target instanceof RecoveryTarget.Xid
                || target instanceof RecoveryTarget.Lsn)) {
            return RestoreInterlock.fail("target-options", "restore.exclusive", "exclusive only applies to time, xid "
                    + "and lsn targets, not " + target.describe(), "drop exclusive()");
        }
        return RestoreInterlock.pass("target-options", "target " + target.describe()
                + (targetAction != null ? ", action " + targetAction.option() : ""));
    }

    private RestoreInterlock productionPath(Path dest) {
        Optional<Path> production = pgbr.configuration().pgPath().map(RestoreRequest::resolved);
        String stanza = pgbr.configuration().stanza();
        Path target = resolved(dest);
        if (production.isEmpty() || !(target.startsWith(production.get()) || production.get().startsWith(target))) {
            return RestoreInterlock.pass("production-path", dest + " is not the configured pg1-path");
        }
        if (!target.equals(production.get())) {
            // A parent (with force/delta pgBackRest removes what is not in the backup) or a child of the
            // production data directory: never, confirmation or not.
            return RestoreInterlock.fail("production-path", "restore.pgPath", dest + " overlaps the production pg1-path "
                    + production.get() + " of stanza '" + stanza + "'", "restore into a directory outside "
                            + production.get() + ", or into exactly " + production.get() + " with confirmInPlace(\""
                            + stanza + "\")");
        }
        if (stanza.equals(confirmInPlace)) {
            return RestoreInterlock.pass("production-path", dest + " is the production pg1-path; in-place restore "
                    + "confirmed for stanza '" + stanza + "'");
        }
        return RestoreInterlock.fail("production-path", "restore.confirmInPlace", dest + " is the production pg1-path "
                + "of stanza '" + stanza + "'" + (confirmInPlace == null ? "" : " and the confirmation '"
                        + confirmInPlace + "' does not match"), "restore somewhere else with pgPath(...), or confirm "
                                + "with confirmInPlace(\"" + stanza + "\")");
    }

    /**
     * The path with symlinks resolved as far as it exists (the rest appended), so a link to or a spelling of
     * the production directory is recognised.
     */
    static Path resolved(Path p) {
        Path absolute = p.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
        } catch (java.io.IOException e) {
            return absolute;
        }
    }

    private RestoreInterlock livePostmaster(Path dest) {
        Optional<Long> pid = Postmaster.livePid(dest);
        if (pid.isPresent()) {
            return RestoreInterlock.fail("live-postmaster", "restore.pgPath", "PostgreSQL is running in " + dest
                    + " (postmaster.pid" + (pid.get() > 0 ? ", PID " + pid.get() : "") + ")",
                    "stop it first (pg_ctl -D " + dest + " stop), or restore into another directory");
        }
        return RestoreInterlock.pass("live-postmaster", "no running PostgreSQL in " + dest);
    }

    private RestoreInterlock emptyDirectory(Path dest) {
        boolean empty;
        try {
            empty = Ownership.isEmptyOrMissing(dest);
        } catch (UncheckedIOException e) {
            return RestoreInterlock.fail("empty-directory", "restore.pgPath", "cannot list " + dest + ": "
                    + e.getCause().getMessage(), "make it readable for this user, or restore elsewhere");
        }
        if (empty) {
            return RestoreInterlock.pass("empty-directory", dest + " is empty or missing");
        }
        if (delta || force) {
            return RestoreInterlock.pass("empty-directory", dest + " is not empty; " + (delta ? "delta" : "force")
                    + " restore requested");
        }
        return RestoreInterlock.fail("empty-directory", "restore.delta", dest + " is not empty",
                "restore into an empty directory, or request delta() to reuse the files (force() to overwrite)");
    }

    private RestoreInterlock backupSet(StanzaInfo info, Optional<BackupInfo> chosen, Optional<RecoveryWindow> window,
            Instant now) {
        String windowText = window.map(w -> "recovery window " + w).orElse("no backups");
        if (info.backups().isEmpty()) {
            return RestoreInterlock.fail("target-window", "restore.target", "stanza '" + info.name()
                    + "' has no backup to restore", "run a backup first");
        }
        if (set != null && chosen.isEmpty()) {
            return RestoreInterlock.fail("target-window", "restore.set", "backup set '" + set + "' does not exist"
                    + (repo != null ? " in repo" + repo : ""), "pick a label from info(): "
                            + info.backups().stream().map(BackupInfo::label).toList());
        }
        if (target instanceof RecoveryTarget.Time t) {
            if (t.instant().isAfter(now)) {
                return RestoreInterlock.fail("target-window", "restore.target", "target " + t.value().get()
                        + " is in the future (now " + now + "; " + windowText + ")", "give a time in the window");
            }
            if (chosen.isEmpty()) {
                return RestoreInterlock.fail("target-window", "restore.target", "target " + t.value().get()
                        + " is before the earliest backup stop (" + windowText + ")",
                        "give a time after " + window.map(RecoveryWindow::earliest).map(Object::toString).orElse("a backup"));
            }
            if (!chosen.get().stop().isBefore(t.instant())) {
                return RestoreInterlock.fail("target-window", "restore.target", "target " + t.value().get()
                        + " is before the stop time " + chosen.get().stop() + " of backup set " + chosen.get().label()
                        + " (PostgreSQL would silently stop at the first commit instead)", "pick an older set or a "
                                + "later target; " + windowText);
            }
        }
        if (chosen.isEmpty()) {
            return RestoreInterlock.fail("target-window", "restore.repo", "no backup set in repo" + repo,
                    "choose a repository that holds backups");
        }
        return RestoreInterlock.pass("target-window", "backup set " + chosen.get().label() + " (" + chosen.get().type()
                .name().toLowerCase() + ", stopped " + chosen.get().stop() + "); " + windowText);
    }

}
