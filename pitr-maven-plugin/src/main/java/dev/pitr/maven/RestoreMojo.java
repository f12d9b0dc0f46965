package dev.pitr.maven;

import dev.pitr.PgBackRest;
import dev.pitr.RestoreRequest;
import dev.pitr.restore.Isolation;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.restore.RestorePlan;
import dev.pitr.restore.RestoreResult;
import dev.pitr.restore.TargetAction;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Restores the stanza ({@code pgbackrest restore}), in place or into {@code restoreDirectory}. Destructive:
 * it refuses to run unless {@code -Dpitr.restore.confirm} repeats the stanza name. With dryRun it prints
 * the plan (command, backup set, recovery window, safety checks) and touches nothing. PostgreSQL is not
 * started afterwards.
 */
@Mojo(name = "restore", requiresProject = false, threadSafe = true)
public class RestoreMojo extends AbstractPitrMojo {
    /** latest (default), an ISO-8601 instant, pgBackRest's time format, an xid, an LSN or a restore point. Also {@code -Dpitr.target}; falls back to PITR_TARGET_TIME. */
    @Parameter(property = "pitr.target")
    String target;

    /** time, xid, lsn, name, immediate or latest; default: inferred from target. Also {@code -Dpitr.targetType}. */
    @Parameter(property = "pitr.targetType")
    String targetType;

    /** pause, promote or shutdown (pgBackRest's default: pause). Also {@code -Dpitr.targetAction}. */
    @Parameter(property = "pitr.targetAction")
    String targetAction;

    /** The data directory to restore into; default the stanza's pg1-path. Also {@code -Dpitr.restoreDirectory}; falls back to PGDATA_RESTORE_DIR. */
    @Parameter(property = "pitr.restoreDirectory")
    String restoreDirectory;

    /** Must repeat the stanza name, or the restore is refused. Also {@code -Dpitr.restore.confirm}. */
    @Parameter(property = "pitr.restore.confirm")
    String restoreConfirm;

    /** Reuse files already in the directory ({@code --delta}). Also {@code -Dpitr.restore.delta}. */
    @Parameter(property = "pitr.restore.delta", defaultValue = "false")
    boolean restoreDelta;

    /** Restore this backup set instead of letting pgBackRest pick one. Also {@code -Dpitr.restore.set}. */
    @Parameter(property = "pitr.restore.set")
    String restoreSet;

    /**
     * Make the restored copy safe to start beside production: archive_mode off, its own (free) port and socket
     * directory inside the restored directory, no TCP listener, no primary. Refused for the production pg1-path.
     * Also {@code -Dpitr.restore.isolated}.
     */
    @Parameter(property = "pitr.restore.isolated", defaultValue = "false")
    boolean restoreIsolated;

    /** The port of an isolated restore; default a free one. Also {@code -Dpitr.restore.port}. */
    @Parameter(property = "pitr.restore.port")
    Integer restorePort;

    /** TCP listen_addresses of an isolated restore (e.g. localhost); default none. Also {@code -Dpitr.restore.listenAddresses}. */
    @Parameter(property = "pitr.restore.listenAddresses")
    String restoreListenAddresses;

    /** Skip this goal. Also {@code -Dpitr.restore.skip}. */
    @Parameter(property = "pitr.restore.skip", defaultValue = "false")
    boolean restoreSkip;

    private RecoveryTarget recoveryTarget;
    private Optional<TargetAction> action;
    private Optional<Path> directory;
    private Optional<String> confirmation;
    private Optional<Isolation> isolation;

    @Override
    protected String goal() {
        return "restore";
    }

    @Override
    protected Param goalSkipParameter() {
        return Param.RESTORE_SKIP;
    }

    @Override
    protected boolean goalSkip() {
        return restoreSkip;
    }

    @Override
    protected void resolveGoalParameters(PropertyResolver props) {
        recoveryTarget = TargetParameters.resolve(props, target, targetType);
        action = props.string(Param.TARGET_ACTION, targetAction).map(a -> {
            try {
                return TargetAction.valueOf(a.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new PluginConfigurationException(Param.TARGET_ACTION, "'" + a + "' is not a target action",
                        "use pause, promote or shutdown");
            }
        });
        directory = props.path(Param.RESTORE_DIRECTORY, restoreDirectory, baseDirectory());
        confirmation = props.string(Param.RESTORE_CONFIRM, restoreConfirm);
        isolation = isolation(props);
        String stanza = stanza();
        if (!dryRun() && !confirmation.filter(stanza::equals).isPresent()) {
            throw new PluginConfigurationException(Param.RESTORE_CONFIRM, "pitr:restore overwrites a data directory and "
                    + "needs the stanza name repeated as confirmation" + confirmation.map(c -> " ('" + c + "' is not '"
                            + stanza + "')").orElse(""), "pass -Dpitr.restore.confirm=" + stanza
                                    + " (or run with -Dpitr.dryRun to see the plan first)");
        }
    }

    /** {@code <restoreIsolated>} with its port and listen addresses, which mean nothing without it. */
    private Optional<Isolation> isolation(PropertyResolver props) {
        Optional<Integer> port = props.integer(Param.RESTORE_PORT, restorePort);
        Optional<String> listen = props.string(Param.RESTORE_LISTEN_ADDRESSES, restoreListenAddresses);
        if (!props.flag(Param.RESTORE_ISOLATED, restoreIsolated)) {
            Optional<Param> stray = port.isPresent() ? Optional.of(Param.RESTORE_PORT)
                    : listen.map(l -> Param.RESTORE_LISTEN_ADDRESSES);
            stray.ifPresent(p -> {
                throw new PluginConfigurationException(p, "only applies to an isolated restore",
                        "add -Dpitr.restore.isolated=true (" + Param.RESTORE_ISOLATED.describe() + "), or drop it");
            });
            return Optional.empty();
        }
        Isolation i = Isolation.defaults();
        i = port.map(i::port).orElse(i);
        return Optional.of(listen.map(i::listenAddresses).orElse(i));
    }

    @Override
    protected void run(PgBackRest pgbr) {
        RestoreRequest request = pgbr.restore().target(recoveryTarget);
        action.ifPresent(request::targetAction);
        directory.ifPresent(request::pgPath);
        confirmation.ifPresent(request::confirmInPlace);
        repo().ifPresent(request::repo);
        if (resolver().flag(Param.RESTORE_DELTA, restoreDelta)) {
            request.delta();
        }
        resolver().string(Param.RESTORE_SET, restoreSet).ifPresent(request::set);
        isolation.ifPresent(request::isolated);
        if (dryRun()) {
            RestorePlan plan = request.plan();
            plan.describe().lines().filter(l -> !l.startsWith("  WARNING: ")).forEach(getLog()::info);
            plan.warnings().forEach(getLog()::warn);
            if (!plan.allowed()) {
                getLog().warn("The restore would be refused: fix the REFUSED lines above");
            }
            return;
        }
        request.progress(new ProgressLog(getLog()::info));
        RestoreResult result = request.run();
        getLog().info("Restored backup set " + result.backupSet() + " of stanza '" + pgbr.configuration().stanza()
                + "' into " + result.pgPath() + " (target " + result.target().describe() + ") in "
                + result.duration().toSeconds() + " s. PostgreSQL was not started.");
        result.isolation().ifPresent(c -> getLog().info("Isolated: archive_mode off, port " + c.port() + ", socket "
                + c.socketDirectory() + (c.listenAddresses().isEmpty() ? ", no TCP" : ", TCP on " + c.listenAddresses())
                + "; " + c.howToStart(result.pgPath())));
        result.warnings().forEach(getLog()::warn);
    }
}
