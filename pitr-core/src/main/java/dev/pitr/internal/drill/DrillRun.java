package dev.pitr.internal.drill;

import dev.pitr.config.PitrConfiguration;
import dev.pitr.config.Setting;
import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillChoice;
import dev.pitr.drill.DrillPhases;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.drill.DrillTimings;
import dev.pitr.drill.StaleDrill;
import dev.pitr.drill.WalReplay;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.PgBackRestNotInstalledException;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.info.BackupInfo;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.ProgressPoller;
import dev.pitr.internal.exec.Redactor;
import dev.pitr.internal.os.ReportFiles;
import dev.pitr.internal.pg.ServerLog;
import dev.pitr.internal.restore.RestoreExecutor;
import dev.pitr.internal.restore.TargetTimes;
import dev.pitr.operation.ProgressListener;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.restore.RestoreResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One restore drill, run from its plan ({@link DrillBlueprint}): restore into the scratch directory, isolate,
 * start, wait for the end of recovery, validate, measure, report. The cluster keeps running until
 * {@link #close()} so callers can look at it; a JVM shutdown hook tears it down if they never do. The plan
 * (with its one {@code info} snapshot) is the only source of what to restore and which set was reviewed.
 */
public final class DrillRun implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DrillRun.class);
    private static final Duration SHUTDOWN_REPORT_WAIT = Duration.ofSeconds(30);
    private static final Pattern LAST_COMMIT = Pattern.compile("last completed transaction was at log time (.+)$");

    private final Invoker engine;
    private final DrillBlueprint plan;
    private final DrillSettings settings;
    private final DrillCluster cluster;
    private final Thread shutdownHook;
    private final DrillInterruption interruption = new DrillInterruption();
    private List<StaleDrill> staleDrillsCleaned = List.of();
    private final Optional<ProgressListener> restoreProgress;
    private DrillReport report;
    private boolean closed;

    private DrillRun(Invoker engine, DrillBlueprint plan, DrillCluster cluster, Optional<ProgressListener> restoreProgress) {
        this.engine = engine;
        this.restoreProgress = restoreProgress;
        this.plan = plan;
        this.settings = plan.settings();
        this.cluster = cluster;
        this.shutdownHook = new Thread(() -> {
            // A drill still running is interrupted: stop its cluster, let it write an INTERRUPTED report.
            interruption.onShutdown(cluster::stop, SHUTDOWN_REPORT_WAIT);
            cluster.teardown(settings.keepScratch());
        }, "pitr-drill-teardown");
    }

    /** Runs the planned drill up to its report; the cluster stays up until {@link #close()}. */
    public static DrillRun start(Invoker engine, DrillBlueprint plan) {
        return start(engine, plan, Optional.empty(), false);
    }

    /** As {@link #start(Invoker, DrillBlueprint)}, reporting the restore's progress (pgBackRest 2.56+). */
    public static DrillRun start(Invoker engine, DrillBlueprint plan, Optional<ProgressListener> restoreProgress) {
        return start(engine, plan, restoreProgress, false);
    }

    /**
     * Runs the planned drill whole: its cluster is torn down before the report is written, so the report carries the
     * teardown's duration too. Returns the run, already closed.
     */
    public static DrillRun runWhole(Invoker engine, DrillBlueprint plan, Optional<ProgressListener> restoreProgress) {
        return start(engine, plan, restoreProgress, true);
    }

    private static DrillRun start(Invoker engine, DrillBlueprint plan, Optional<ProgressListener> restoreProgress,
            boolean tearDownFirst) {
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        // The same refusal the dry run shows: nothing is written, no drill enters the history.
        plan.view().refusal().ifPresent(refusal -> {
            throw refusal;
        });
        DrillSettings settings = plan.settings();
        try {
            Files.createDirectories(settings.reportDirectory());
        } catch (IOException e) {
            throw new PitrConfigurationException(Setting.REPORT_DIRECTORY, "cannot create " + settings.reportDirectory()
                    + ": " + e.getMessage(), "choose a writable directory");
        }
        PitrConfiguration config = engine.config();
        LOG.info("restore drill of stanza '{}' to {} from backup set {} into {}", config.stanza(),
                settings.target().describe(), plan.restore().backupSet().orElse("?"), plan.scratch());
        LOG.info("scratch {}", plan.place().why());
        plan.replay().describe().forEach(line -> LOG.info("replay: {}", line));
        plan.replay().estimate().ifPresent(e -> LOG.info("RTO estimated: {}", e.describe()));
        plan.replay().speedWarnings().forEach(LOG::warn);
        DrillCluster cluster = new DrillCluster(plan.scratch(), plan.port(), plan.databaseUser(), config.runAs(),
                plan.binaries(), engine.runner(), engine.secretEnvironment());
        DrillRun run = new DrillRun(engine, plan, cluster, restoreProgress);
        // Drills of JVMs killed before they could tear down: stopped and removed, and named in this report.
        StaleDrills stale = new StaleDrills(plan.binaries(), engine.runner(), config.runAs());
        List<StaleDrill> cleaned = new ArrayList<>(stale.clean(settings.directory()));
        settings.memoryDirectory().filter(Files::isDirectory).ifPresent(m -> cleaned.addAll(stale.clean(m)));
        run.staleDrillsCleaned = List.copyOf(cleaned);
        Runtime.getRuntime().addShutdownHook(run.shutdownHook);
        try {
            cluster.create(DrillMarker.ofThisJvm(config.stanza()));
            run.finish(run.execute(startedAt, t0), tearDownFirst);
            return run;
        } catch (RuntimeException e) {
            if (run.interruption.happened()) {
                run.finish(run.interrupted(startedAt, t0, e), tearDownFirst);
                return run;
            }
            run.close();
            throw e;
        } catch (Error e) {
            run.close();
            throw e;
        } finally {
            run.interruption.finished();
        }
    }

    public DrillReport report() {
        return report;
    }

    public DrillCluster cluster() {
        return cluster;
    }

    /** The drill's database ({@code database(...)}, default {@code postgres}). */
    public String database() {
        return settings.database();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** Stops the drill cluster and deletes the scratch directory (unless kept). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = Thread.interrupted(); // pg_ctl stop must be waited for, even by an interrupted thread
        try {
            cluster.teardown(settings.keepScratch());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran) the same teardown
            }
        }
    }

    /**
     * Step 1 of the runbook: the metadata of the backup set pgBackRest restored (the label its restore printed;
     * the plan's prediction only when the restore printed none), from the plan's info snapshot. A set that
     * pgBackRest flagged with page checksum errors fails the check (the drill still runs, to show how bad).
     */
    private static DrillCheck review(DrillBlueprint plan, String label) {
        Optional<BackupInfo> backup = plan.snapshot().backup(label);
        if (backup.isEmpty()) {
            return DrillCheck.of("review", false, "backup set in info", "missing", "info does not list " + label);
        }
        BackupInfo b = backup.get();
        String snapshot = b.type().name().toLowerCase() + " backup " + b.label() + b.prior().map(p -> " (prior " + p + ")")
                .orElse("") + ", started " + b.start() + ", stopped " + b.stop() + ", database " + b.size() / 1024
                + " KiB, repo" + b.repoKey() + " " + b.repoSize() / 1024 + " KiB, made by pgBackRest "
                + b.pgBackRestVersion() + b.walStart().map(w -> ", WAL " + w).orElse("")
                + b.walStop().map(w -> ".." + w).orElse("");
        return DrillCheck.of("review", !b.hasError(), "no page checksum errors", b.hasError()
                ? "checksum errors" : "none", b.hasError() ? "pgBackRest found page checksum errors in " + snapshot
                        : snapshot);
    }

    private DrillReport execute(Instant startedAt, long t0) {
        List<DrillCheck> checks = new ArrayList<>();
        String backupSet = plan.restore().backupSet().orElse("unknown");
        Duration restoreTime = Duration.ZERO;
        Duration recoveryTime = Duration.ZERO;
        Duration configure = Duration.ZERO;
        Duration replayTime = Duration.ZERO;
        Duration promotion = Duration.ZERO;
        long segmentsFetched = 0;
        List<DrillPhases.Timed> validationTimes = new ArrayList<>();
        List<DrillPhases.Timed> integrityTimes = new ArrayList<>();
        Optional<Instant> recoveredTo = Optional.empty();
        WalReplay walReplay = WalReplay.none();
        String failure = null;
        String postgresVersion = "unknown";
        boolean recovered = false;

        long r0 = System.nanoTime();
        interruption.enter("restore", checks.size() + 1); // the review check is put first, before it
        try {
            RestoreResult result = RestoreExecutor.execute(engine, plan.restore(), restoreProgress,
                    ProgressPoller.DEFAULT_INTERVAL);
            backupSet = result.backupSet();
            restoreTime = since(r0);
            checks.add(DrillCheck.of("restore", true, "exit 0", "exit 0", "restored backup set " + backupSet + " in "
                    + restoreTime.toMillis() + " ms"
                    + timeline().map(t -> ", recovering along timeline " + t).orElse("")));
        } catch (PitrConfigurationException | PgBackRestNotInstalledException e) {
            throw e;
        } catch (PgBackRestException e) {
            restoreTime = since(r0);
            failure = "pgbackrest restore failed: " + e.getMessage();
            checks.add(DrillCheck.of("restore", false, "exit 0", e.command().map(c -> "exit " + c.exitCode())
                    .orElse(e.errorCode().name()), failure));
        }
        checks.add(0, review(plan, backupSet));

        if (failure == null && !interruption.happened()) {
            interruption.enter("recovery", checks.size());
            long k0 = System.nanoTime();
            cluster.isolate(plan.memory(), plan.replay().tuning(), plan.replay().tuningWhy());
            postgresVersion = readPgVersionFile();
            configure = since(k0);
            long c0 = System.nanoTime();
            try {
                cluster.start(settings.recoveryTimeout(), !(settings.target() instanceof RecoveryTarget.Latest));
            } catch (RuntimeException e) {
                if (!interruption.happened()) {
                    throw e; // an interrupted pg_ctl is the interruption's doing; anything else is not
                }
            }
            Duration left = settings.recoveryTimeout().minus(since(c0));
            RecoveryWatcher.Outcome outcome = interruption.happened()
                    ? new RecoveryWatcher.Outcome(false, interruption.describe())
                    : new RecoveryWatcher(cluster, settings.database(),
                            !(settings.target() instanceof RecoveryTarget.Latest))
                            .await(left.isNegative() ? Duration.ZERO : left);
            recoveryTime = since(c0);
            cluster.recoveryOver();
            if (plan.replay().prefetch().async()) {
                // Recovery is over: WAL still being fetched ahead would only take CPU from the checks.
                ScratchProcesses.endAll(plan.replay().prefetch().spool(), Duration.ofSeconds(2));
            }
            replayTime = outcome.redoDoneAt().map(t -> Duration.ofNanos(Math.max(0, t - c0))).orElse(recoveryTime);
            promotion = outcome.recovered() ? recoveryTime.minus(replayTime) : Duration.ZERO;
            if (outcome.recovered()) {
                recoveredTo = recoveredTo();
            }
            RecoveryVerdict verdict = RecoveryVerdict.of(engine, plan, cluster, outcome, backupSet, recoveredTo,
                    recoveryTime);
            walReplay = verdict.replay();
            segmentsFetched = verdict.segmentsFetched();
            checks.add(verdict.recovery());
            checks.add(verdict.walReplay());
            if (!outcome.recovered()) {
                failure = verdict.failure().orElseThrow();
            } else {
                recovered = true;
                postgresVersion = serverVersion().orElse(postgresVersion);
                interruption.enter("validation", checks.size());
                if (!interruption.happened()) {
                    checks.addAll(new Validations(cluster, settings, engine.runner()).run(validationTimes));
                }
            }
        }
        Duration total = since(t0);
        if (!interruption.happened()) {
            thresholds(checks, total, recoveredTo);
        }
        if (recovered && !interruption.happened()) {
            // Integrity is proven after the RTO is taken: a real recovery would not wait for it.
            interruption.enter("integrity check", checks.size());
            checks.addAll(new AmcheckValidation(cluster, settings, plan.binaries(), engine.config().runAs(),
                    engine.runner()).run(integrityTimes));
        }
        boolean interrupted = interruption.happened();
        // Check messages quote commands' output, SQL errors and the restore's exception: no secret of this
        // configuration reaches a report, a log line or the returned DrillReport.
        Redactor redactor = engine.runner().redactor();
        checks.replaceAll(c -> new DrillCheck(c.name(), c.status(), redactor.redactNullable(c.expected()),
                redactor.redactNullable(c.actual()), redactor.redactNullable(c.message()), c.database()));
        failure = redactor.redactNullable(failure);
        if (interrupted) {
            failure = interruption.describe();
        } else if (failure == null) {
            failure = checks.stream().filter(DrillCheck::failed).findFirst().map(c -> c.name() + ": " + c.message())
                    .orElse(null);
        }
        DrillStatus status = interrupted ? DrillStatus.INTERRUPTED
                : failure == null ? DrillStatus.PASSED : DrillStatus.FAILED;
        List<DrillCheck> reported = interrupted ? interruption.mark(checks, plan.checks()) : checks;
        long restoredBytes = plan.snapshot().backup(backupSet).map(BackupInfo::size).orElse(0L);
        DrillPhases phases = new DrillPhases(new DrillPhases.Restore(restoreTime, restoredBytes, plan.place().why(),
                plan.place().inMemory()), configure,
                new DrillPhases.WalReplayPhase(replayTime, walReplay.bytes(), segmentsFetched, walReplay.segments(),
                        plan.replay().prefetch().async() ? plan.replay().prefetch().why() : "one segment per fetch"),
                promotion, validationTimes, integrityTimes, Optional.empty());
        plan.replay().estimate().ifPresent(e -> LOG.info("RTO estimated {} ms, measured {} ms ({} %)",
                e.total().toMillis(), total.toMillis(), String.format(java.util.Locale.ROOT, "%+.1f",
                        e.errorPercent(total))));
        return assemble(status, reported, failure, backupSet, recoveredTo, startedAt,
                new DrillTimings(restoreTime, recoveryTime, total), postgresVersion, walReplay, phases);
    }

    /** An INTERRUPTED report (not yet written) of a drill whose interruption broke it before it reported. */
    private DrillReport interrupted(Instant startedAt, long t0, RuntimeException cause) {
        LOG.warn("interrupted restore drill stopped with: {}", engine.runner().redactor().redact(cause.toString()));
        return assemble(DrillStatus.INTERRUPTED, interruption.mark(List.of(), plan.checks()),
                interruption.describe(), plan.restore().backupSet().orElse("unknown"), Optional.empty(), startedAt,
                new DrillTimings(Duration.ZERO, Duration.ZERO, since(t0)), "unknown", WalReplay.none(),
                DrillPhases.none());
    }

    /**
     * Tears the drill down first when it runs whole (the report then says how long that took), interrupted or not,
     * then writes the report.
     */
    private void finish(DrillReport assembled, boolean tearDownFirst) {
        DrillReport r = assembled;
        if (tearDownFirst) {
            long d0 = System.nanoTime();
            close();
            r = r.withTeardown(since(d0));
        }
        report = r;
        publish(r);
    }

    /** The drill's report, with the files it will be written to (not written yet: see {@link #publish}). */
    private DrillReport assemble(DrillStatus status, List<DrillCheck> checks, String failure, String backupSet,
            Optional<Instant> recoveredTo, Instant startedAt, DrillTimings timings, String postgresVersion,
            WalReplay walReplay, DrillPhases phases) {
        Instant finishedAt = Instant.now();
        String stanza = engine.config().stanza();
        List<Path> files = new ArrayList<>(ReportWriter.files(settings.reportDirectory(), stanza, startedAt));
        if (status != DrillStatus.PASSED) {
            copyServerLog().ifPresent(files::add);
        }
        String restored = backupSet;
        Optional<Integer> repo = settings.repo().or(() -> plan.snapshot().backup(restored).map(BackupInfo::repoKey));
        return new DrillReport(status, stanza, settings.target(), backupSet, recoveredTo, startedAt, finishedAt,
                timings, checks, engine.config().version().toString(), postgresVersion, Optional.ofNullable(failure), files,
                walReplay, plan.restore().window(), repo, settings.choice().map(DrillChoice::seed), settings.choice(),
                staleDrillsCleaned, phases, plan.replay().estimate());
    }

    /**
     * Puts the report on record through {@link DrillRecorder}: report files (history copy among them), audit lines
     * naming the history copy, and the backup set annotated if asked (never for an INTERRUPTED drill).
     */
    private void publish(DrillReport r) {
        DrillRecorder.record(engine, r, settings.annotateBackup());
    }

    /** The thresholds of a drill that ran to its end: maxRto and, for a time target, maxTargetGap. */
    private void thresholds(List<DrillCheck> checks, Duration total, Optional<Instant> recoveredTo) {
        settings.maxRto().ifPresent(max -> checks.add(DrillCheck.of("maxRto", total.compareTo(max) <= 0,
                "<= " + max.toMillis() + " ms", total.toMillis() + " ms", total.compareTo(max) <= 0
                        ? "restore, recovery and validation took " + total.toMillis() + " ms"
                        : "RTO exceeded: " + total.toMillis() + " ms > " + max.toMillis() + " ms")));
        if (settings.maxTargetGap().isPresent() && settings.target() instanceof RecoveryTarget.Time t) {
            checks.add(targetGap(t.instant(), recoveredTo, settings.maxTargetGap().get()));
        }
    }

    /** The timeline the plan recovers along, when it chose one (the archive has several). */
    private Optional<String> timeline() {
        return plan.restore().argv().stream().filter(a -> a.startsWith("--target-timeline="))
                .map(a -> a.substring("--target-timeline=".length())).findFirst();
    }

    private DrillCheck targetGap(Instant target, Optional<Instant> recoveredTo, Duration max) {
        if (recoveredTo.isEmpty()) {
            return DrillCheck.of("maxTargetGap", false, "<= " + max.toMillis() + " ms", "unknown",
                    "the recovered cluster reports no replayed commit, so the gap to the target is unknown");
        }
        Duration gap = Duration.between(recoveredTo.get(), target).abs();
        boolean ok = gap.compareTo(max) <= 0;
        return DrillCheck.of("maxTargetGap", ok, "<= " + max.toMillis() + " ms", gap.toMillis() + " ms",
                "last replayed commit " + recoveredTo.get() + " is " + gap.toMillis() + " ms from the target "
                        + target + (ok ? "" : " (more than allowed)"));
    }

    private Optional<Instant> recoveredTo() {
        try (Connection c = cluster.connect(settings.database()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_last_xact_replay_timestamp()")) {
            if (rs.next()) {
                OffsetDateTime t = rs.getObject(1, OffsetDateTime.class);
                if (t != null) {
                    return Optional.of(t.toInstant());
                }
            }
        } catch (SQLException e) {
            LOG.debug("pg_last_xact_replay_timestamp() failed: {}", e.getMessage());
        }
        for (String line : ServerLog.lines(cluster.serverLog())) {
            Matcher m = LAST_COMMIT.matcher(line);
            if (m.find()) {
                try {
                    return Optional.of(TargetTimes.parse(m.group(1).strip()));
                } catch (RuntimeException unparsable) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> serverVersion() {
        try (Connection c = cluster.connect(settings.database()); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show server_version")) {
            return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private String readPgVersionFile() {
        try {
            return Files.readString(cluster.dataDirectory().resolve("PG_VERSION")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private Optional<Path> copyServerLog() {
        if (!Files.exists(cluster.serverLog())) {
            return Optional.empty();
        }
        Path target = settings.reportDirectory().resolve("pitr-drill-server.log");
        Optional<Path> copied = ReportFiles.copy(cluster.serverLog(), target, engine.config().reportGroup(),
                engine.runner().redactor()::redact);
        if (copied.isEmpty()) {
            LOG.warn("could not copy the drill server log {} to {}", cluster.serverLog(), target);
        }
        return copied;
    }

    private static Duration since(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos);
    }
}
