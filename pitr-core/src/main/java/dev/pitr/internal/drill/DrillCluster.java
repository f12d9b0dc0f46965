package dev.pitr.internal.drill;

import dev.pitr.config.Secret;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.conf.ConfValues;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.DaemonThreads;
import dev.pitr.internal.drill.clone.CloneSettings;
import dev.pitr.internal.drill.clone.ControlData;
import dev.pitr.internal.drill.clone.HostMemory;
import dev.pitr.internal.drill.clone.IsolationSettings;
import dev.pitr.internal.drill.clone.KnownParameters;
import dev.pitr.internal.drill.clone.NeutralisedSettings;
import dev.pitr.internal.drill.clone.RecoverySettings;
import dev.pitr.internal.drill.clone.RestoredConfFiles;
import dev.pitr.internal.drill.clone.RestoredValues;
import dev.pitr.internal.drill.clone.SettingGroup;
import dev.pitr.internal.os.Ownership;
import dev.pitr.internal.os.ProcessExit;
import dev.pitr.internal.pg.Jdbc;
import dev.pitr.internal.pg.PgCtl;
import dev.pitr.internal.pg.PostgresBinaries;
import dev.pitr.internal.restore.Postmaster;
import dev.pitr.operation.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drill's own PostgreSQL cluster in a scratch directory: its data directory, socket directory, server
 * log and pg_hba; the settings that isolate it from production; start, stop and teardown.
 *
 * <p>The restored {@code postgresql.conf} is the source's, so everything that could reach production or
 * collide with it is overridden in {@code postgresql.auto.conf} (read last, so it wins) by
 * {@link #isolate}: see {@link CloneSettings} for the groups and their order.
 */
public final class DrillCluster {
    private static final Logger LOG = LoggerFactory.getLogger(DrillCluster.class);
    private final Path scratch;
    private final int port;
    private final String user;
    private final Optional<String> runAs;
    private final PgCtl pgCtl;
    private final CommandRunner runner;
    private final Map<String, Secret> secrets;
    private volatile DrillMarker marker;
    /** {@code postgres --describe-config}, started with the drill: it needs the binaries only, not the restore. */
    private CompletableFuture<KnownParameters> known;
    private volatile EarlyPromotion promotion;

    public DrillCluster(Path scratch, int port, String user, Optional<String> runAs, PostgresBinaries binaries,
            CommandRunner runner, Map<String, Secret> secrets) {
        this.scratch = scratch;
        this.port = port;
        this.user = user;
        this.runAs = runAs;
        this.runner = runner;
        this.pgCtl = new PgCtl(binaries, runner, runAs);
        this.secrets = secrets;
    }

    /**
     * Creates the scratch directory tree (0700, owned by the run-as user) with the marker saying who owns
     * it, so a later drill can clean it up should this JVM die before {@link #teardown}.
     */
    public void create(DrillMarker owner) {
        PostgresBinaries binaries = pgCtl.binaries();
        known = CompletableFuture.supplyAsync(() -> KnownParameters.describe(binaries.postgres(), runner, runAs),
                DaemonThreads.named("pitr-describe-config"));
        Ownership.createPrivateDirectory(scratch, runAs);
        marker = owner;
        marker.write(scratch, runAs);
        Ownership.createPrivateDirectory(socketDirectory(), runAs);
        Ownership.createPrivateDirectory(dataDirectory(), runAs);
    }

    public Path scratch() {
        return scratch;
    }

    public Path dataDirectory() {
        return dataDirectory(scratch);
    }

    /** Where the drill cluster's data directory is in a scratch directory. */
    static Path dataDirectory(Path scratch) {
        return scratch.resolve("pg");
    }

    public Path socketDirectory() {
        return socketDirectory(scratch);
    }

    static Path socketDirectory(Path scratch) {
        return scratch.resolve("sock");
    }

    public Path serverLog() {
        return scratch.resolve("server.log");
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String jdbcUrl(String database) {
        return Jdbc.url(socketDirectory(), port, database);
    }

    public Connection connect(String database) throws SQLException {
        return Jdbc.connect(socketDirectory(), port, database, user);
    }

    /**
     * Writes the clone's settings after pgBackRest restored the files ({@link CloneSettings}, in this order):
     * first what keeps production out, then what sizes the clone for this host (production's values capped at the
     * budget, except what the replay settings set), then the replay settings ({@link ReplayTuning}; none when empty),
     * which the plan sized within the same budget.
     */
    public void isolate(HostMemory.Budget memory, Map<String, String> replayTuning, String why) {
        Path conf = dataDirectory().resolve("postgresql.conf");
        if (!Files.exists(conf)) {
            // Debian-style clusters keep postgresql.conf outside PGDATA; the drill needs none of it.
            Ownership.writePrivateFile(conf, "# created by the pitr restore drill (source kept it outside PGDATA)\n",
                    runAs);
        }
        Path hba = scratch.resolve("pg_hba.conf");
        Ownership.writePrivateFile(hba, "# pitr restore drill: local socket only, run-as user only\nlocal all \""
                + user + "\" trust\n", runAs);
        Path ident = Ownership.writePrivateFile(scratch.resolve("pg_ident.conf"), "# pitr restore drill: no maps\n",
                runAs);
        RestoredConfFiles.disableOutsideReferences(dataDirectory(), runAs)
                .forEach(line -> LOG.info("drill clone: disabled {}", line));
        PostgresBinaries binaries = pgCtl.binaries();
        KnownParameters known = knownParameters();
        RestoredValues values = new RestoredValues(binaries.postgres(), dataDirectory(), runner, runAs, known);
        // pg_controldata runs while the first groups are written.
        CompletableFuture<ControlData> controlRead = CompletableFuture.supplyAsync(() -> ControlData.read(
                binaries.pgControlData(), dataDirectory(), runner, runAs), DaemonThreads.named("pitr-pg-controldata"));
        CloneSettings clone = new CloneSettings(dataDirectory(), runAs, known, values);
        clone.append(RecoverySettings.group(dataDirectory())); // reads pgBackRest's lines: first
        clone.append(IsolationSettings.group(port, socketDirectory(), hba, ident));
        clone.append(NeutralisedSettings.commands());
        ControlData control = DaemonThreads.join(controlRead);
        clone.append(control.hotStandbyMinimums());
        // Only now does PostgreSQL read the files without error (production's recovery targets, say, are reset by
        // then): every value the remaining groups need is read at once, side by side; a group's own settings (and
        // what PostgreSQL derives from them) are read again after it is written.
        List<String> reads = new java.util.ArrayList<>(HostMemory.reads(replayTuning.keySet()));
        reads.add("shared_preload_libraries");
        values.prefetch(reads);
        clone.append(NeutralisedSettings.preloadLibraries(values));
        // Tuning groups change only what no group above set: memory for this host caps production's values (all
        // read above), then replay speed, whose shared_buffers the plan sized within the same budget: nothing is
        // read back in between (a second round of postgres -C, 80 ms measured, before the clone could start).
        SettingGroup sized = clone.append(HostMemory.group(memory, values, control, replayTuning.keySet()));
        if (!replayTuning.isEmpty()) {
            clone.append(new SettingGroup(ReplayTuning.NAME, why, replayTuning, false));
        }
        HostMemory.logSharedMemory(sized, memory, values);
    }

    private KnownParameters knownParameters() {
        return known == null ? KnownParameters.describe(pgCtl.binaries().postgres(), runner, runAs) : DaemonThreads.join(known);
    }

    /** Starts PostgreSQL ({@code pg_ctl -w}); secrets go into the postmaster's env for restore_command. */
    public CommandResult start(Duration timeout) {
        return start(timeout, false);
    }

    /**
     * As {@link #start(Duration)}; {@code promoteAtTarget}: the clone pauses at a target, and its promotion is asked
     * for as soon as replay begins ({@link EarlyPromotion}).
     */
    public CommandResult start(Duration timeout, boolean promoteAtTarget) {
        if (promoteAtTarget) {
            promotion = EarlyPromotion.begin(this::requestPromotion, serverLog(), timeout);
        }
        CommandResult started = pgCtl.start(dataDirectory(), serverLog(), timeout, secrets);
        Postmaster.livePid(dataDirectory()).filter(pid -> pid > 0 && marker != null).ifPresent(pid -> {
            marker = marker.withPostmaster(pid);
            marker.write(scratch, runAs);
        });
        return started;
    }

    /** True once the clone's promotion was asked for while it replayed ({@link EarlyPromotion}). */
    public boolean promotionRequested() {
        EarlyPromotion p = promotion;
        return p != null && p.requested();
    }

    /** Recovery is over (or the drill is torn down): an early promotion request not made yet is not made. */
    public void recoveryOver() {
        EarlyPromotion p = promotion;
        if (p != null) {
            p.abandon();
        }
    }

    /** Asks the clone, paused at its target, to leave recovery ({@code pg_ctl promote}, whatever role checks use). */
    public void requestPromotion() {
        pgCtl.requestPromotion(dataDirectory());
    }

    /** True while a postmaster for the drill's data directory is alive. */
    public boolean postmasterAlive() {
        return Postmaster.livePid(dataDirectory()).isPresent();
    }

    /** Stops the server immediately (nothing of it is kept) and makes sure no process is left. */
    public void stop() {
        recoveryOver();
        Optional<Long> pid = Postmaster.livePid(dataDirectory());
        if (pid.isEmpty()) {
            return;
        }
        boolean stopped;
        try {
            pgCtl.requestStop(dataDirectory(), "immediate"); // and wait below, polling every 10 ms
            stopped = true;
        } catch (RuntimeException e) {
            // e.g. "Shutdown in progress": no new child can be registered from a JVM shutdown hook
            LOG.warn("pg_ctl stop of the drill cluster failed ({}); signalling the postmaster directly", e.getMessage());
            stopped = false;
        }
        if (!stopped) {
            pid.filter(p -> p > 0).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy); // SIGTERM
        }
        pid.filter(p -> p > 0).ifPresent(p -> {
            if (!ProcessExit.await(p, Duration.ofSeconds(15))) {
                LOG.warn("drill postmaster {} did not stop; killing it", p);
                ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
            }
        });
    }

    /** Stops the server and deletes the scratch directory unless asked to keep it. */
    public void teardown(boolean keep) {
        long t0 = System.nanoTime();
        stop();
        long t1 = System.nanoTime();
        if (keep) {
            // WAL still fetched ahead: they would go on writing into the kept directory.
            ScratchProcesses.endAll(WalPrefetch.spool(scratch), Duration.ofSeconds(5));
            if (marker != null) {
                marker.keptOnPurpose().write(scratch, runAs); // later drills leave it alone
            }
            LOG.info("restore drill scratch directory kept for debugging: {}", scratch);
            return;
        }
        // Everything still naming it, the spool's archive-get among them: nothing outlives the drill.
        ScratchProcesses.endAll(scratch, Duration.ofSeconds(5));
        long t2 = System.nanoTime();
        Ownership.deleteTree(scratch);
        LOG.debug("teardown of {}: stop {} ms, leftover processes {} ms, delete {} ms", scratch, (t1 - t0) / 1_000_000,
                (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
    }

    /**
     * The role checks connect as goes into the drill's pg_hba.conf as one quoted word: refused, before anything
     * runs, when it could break out of it (a line break would add a line of its own, e.g. a trust rule).
     */
    static void requireHbaRole(String role) {
        ConfValues.plainText(Setting.DRILL_DATABASE_USER, role, "the database role");
        if (role.isBlank() || role.contains("\"")) {
            throw new PitrConfigurationException(Setting.DRILL_DATABASE_USER, "'" + role + "' cannot be written into pg_hba.conf",
                    "give a role name without double quotes");
        }
    }
}
