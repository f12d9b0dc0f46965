package dev.pitr.internal.drill;

import dev.pitr.config.PitrConfiguration;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.drill.clone.HostMemory;
import dev.pitr.internal.exec.DaemonThreads;
import dev.pitr.internal.os.Ports;
import dev.pitr.internal.os.RunAs;
import dev.pitr.internal.pg.PostgresBinaries;
import dev.pitr.internal.restore.BackupSetSelector;
import dev.pitr.internal.restore.ProductionPath;
import dev.pitr.internal.restore.RestorePlanner;
import dev.pitr.internal.restore.RestoreSpec;
import dev.pitr.internal.timeline.ArchiveReader;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.restore.RestoreInterlock;
import dev.pitr.restore.RestorePlan;
import dev.pitr.restore.TargetAction;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Plans a drill once: its scratch directory (never at or around the production pg1-path; in memory when the drill
 * fits, {@link ScratchPlace}), port, role and
 * binaries, one {@code info} snapshot, and from it the restore plan of the drill's restore (into the scratch
 * directory, archiving off, tablespaces below the scratch directory, promoted at a target).
 */
public final class DrillPlanner {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** sun_path of a Unix socket holds 108 bytes on Linux, the terminating NUL included. */
    private static final int MAX_SOCKET_PATH = 107;

    private DrillPlanner() {
    }

    public static DrillBlueprint plan(Invoker engine, DrillSettings settings) {
        return plan(engine, settings, Optional.empty());
    }

    /** Plans the drill from a snapshot the caller took (a restore-test plan chose from the same one). */
    public static DrillBlueprint plan(Invoker engine, DrillSettings settings, StanzaInfo snapshot) {
        return plan(engine, settings, Optional.of(snapshot));
    }

    private static DrillBlueprint plan(Invoker engine, DrillSettings settings, Optional<StanzaInfo> given) {
        PitrConfiguration config = engine.config();
        String dbUser = settings.databaseUser().or(config::pgUser).orElse(config.runAs().orElse(RunAs.currentUser()));
        DrillCluster.requireHbaRole(dbUser);
        String name = "pitr-drill-" + config.stanza() + "-" + Long.toString(Math.abs(RANDOM.nextLong()), 36);
        int port = settings.port().orElseGet(Ports::free);
        // The disk directory (given or /tmp) first, before anything needs PostgreSQL installed; the memory one,
        // should the drill go there, once it is chosen.
        requirePlaceable(config, settings.directory().resolve(name).normalize(), port);
        PostgresBinaries binaries = PostgresBinaries.locate(settings.pgBinDirectory());
        StanzaInfo snapshot = given.orElseGet(engine::stanzaInfo);
        Instant now = Instant.now();
        // The set the restore will pick (as its plan predicts it) sizes the scratch and the replay, whose
        // restore_command goes into the restore's own options.
        Optional<BackupInfo> set = BackupSetSelector.select(snapshot, settings.target(), settings.set(), settings.repo());
        ReplayPlanner.Inputs inputs = ReplayPlanner.inputs(engine, settings, snapshot, set);
        // The host's memory is read once: it bounds both the scratch in memory and the clone.
        HostMemory.Budget memory = HostMemory.Budget.of(settings.memoryBudget());
        ScratchPlace place = ScratchPlace.choose(settings, ScratchPlace.needed(inputs.restoreBytes(),
                inputs.wal().bytes(), inputs.queueBound(settings)), memory);
        Path scratch = place.parent().resolve(name).normalize();
        requirePlaceable(config, scratch, port);
        ReplayPlan replay = ReplayPlanner.plan(engine, settings, snapshot, inputs, place, scratch, memory);
        // The run-as user's reach of the directory is one process: it runs while the archive is listed.
        java.util.concurrent.CompletableFuture<RestoreInterlock> reachable = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> DrillPreconditions.directoryReachable(place.parent(), config.runAs(), engine.runner()),
                        DaemonThreads.named("pitr-drill-directory"));
        RestorePlan restore = RestorePlanner.plan(engine, restoreSpec(settings, scratch, replay.prefetch()
                .recoveryOptions(config, engine.conf(), DrillCluster.dataDirectory(scratch), settings.repo())), snapshot,
                ArchiveReader.read(engine, snapshot, settings.repo()), now, RestorePlanner.Purpose.DRILL);
        List<RestoreInterlock> interlocks = DrillPreconditions.check(restore, set, place.parent(),
                DaemonThreads.join(reachable), replay.prefetch().async() ? replay.prefetch().queueBytes() : 0);
        return new DrillBlueprint(settings, scratch, port, dbUser, binaries, snapshot, restore, interlocks,
                checks(settings), replay, place, memory);
    }

    /** Refuses a scratch directory at or around production's pg1-path, or one whose socket path is too long. */
    private static void requirePlaceable(PitrConfiguration config, Path scratch, int port) {
        config.pgPath().ifPresent(production -> {
            if (ProductionPath.relation(scratch, production) != ProductionPath.Relation.OUTSIDE) {
                throw new PitrConfigurationException(Setting.DRILL_DIRECTORY, "the drill's scratch directory " + scratch
                        + " overlaps the production pg1-path " + ProductionPath.resolved(production),
                        "give a directory outside " + ProductionPath.resolved(production));
            }
        });
        Path socket = DrillCluster.socketDirectory(scratch).resolve(".s.PGSQL." + port);
        if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new PitrConfigurationException(Setting.DRILL_DIRECTORY, "the drill cluster's socket " + socket + " would "
                    + "be longer than the " + MAX_SOCKET_PATH + " bytes a Unix socket path may have",
                    "give a shorter directory, e.g. /tmp");
        }
    }

    /**
     * The drill's restore: into the scratch data directory with archive_mode=off, tablespaces below the
     * scratch directory (by default pgBackRest restores them to their original, production, locations), paused at
     * a target and then promoted by the drill ({@link RecoveryWatcher}) so the checks can read; its restore_command
     * the drill's own when WAL is fetched ahead. Paused, not {@code promote}: a promotion PostgreSQL is asked for
     * while paused ends recovery with an end-of-recovery record and checkpoints in the background, while
     * {@code --target-action=promote} first writes every buffer replay dirtied (0.3 s of a 2 s replay of 340 MB,
     * measured) before the clone accepts the checks; the data at the target is the same either way.
     */
    private static RestoreSpec restoreSpec(DrillSettings settings, Path scratch, Map<String, String> recoveryOptions) {
        boolean latest = settings.target() instanceof RecoveryTarget.Latest;
        return new RestoreSpec(settings.target(), latest ? Optional.empty() : Optional.of(TargetAction.PAUSE), false,
                Optional.empty(), settings.set(), false, false, List.of(), List.of(),
                Optional.of(scratch.resolve("tablespaces")), Map.of(), recoveryOptions, settings.processMax(), settings.repo(),
                DrillCluster.dataDirectory(scratch), Optional.empty(), true);
    }

    /** The checks the drill will run, by the names its report gives them. */
    private static List<String> checks(DrillSettings settings) {
        List<String> checks = new ArrayList<>(List.of("review", "restore", "recovery", WalReplayProof.CHECK));
        settings.rowCounts().forEach(r -> checks.add(r.checkName()));
        settings.assertions().forEach(a -> checks.add(a.checkName()));
        settings.extensions().forEach(e -> checks.add(e.checkName()));
        if (!settings.postRestoreCommand().isEmpty()) {
            checks.add("postRestoreCommand");
        }
        settings.readinessUrl().ifPresent(u -> checks.add("readiness"));
        settings.maxRto().ifPresent(m -> checks.add("maxRto"));
        if (settings.maxTargetGap().isPresent() && settings.target() instanceof RecoveryTarget.Time) {
            checks.add("maxTargetGap");
        }
        checks.add(AmcheckValidation.planned(settings.amcheck()));
        return checks;
    }
}
