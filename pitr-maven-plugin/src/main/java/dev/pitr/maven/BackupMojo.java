package dev.pitr.maven;

import dev.pitr.BackupRequest;
import dev.pitr.PgBackRest;
import dev.pitr.governance.BackupPolicy;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Takes a backup ({@code pgbackrest backup}). A backup that does not complete is a BUILD FAILURE (a
 * warning with failOnError=false).
 */
@Mojo(name = "backup", requiresProject = false, threadSafe = true)
public class BackupMojo extends AbstractPitrMojo {
    /**
     * full, diff, incr or auto (default). auto: the type the {@code policy} schedules for today, promoted to
     * full when the repository holds no full backup within the policy's full interval; without a policy,
     * pgBackRest's default (incr, promoted to full when no full exists). Also {@code -Dpitr.backup.type};
     * falls back to PGBACKREST_TYPE.
     */
    @Parameter(property = "pitr.backup.type")
    String backupType;

    /**
     * The backup policy auto follows, e.g. {@code full SUN 01:00, incr MON-SAT 01:00 (Europe/Berlin)}. Also
     * {@code -Dpitr.policy}. Default: none (auto leaves the type to pgBackRest).
     */
    @Parameter(property = "pitr.policy")
    String policy;

    /** Skip this goal. Also {@code -Dpitr.backup.skip}. */
    @Parameter(property = "pitr.backup.skip", defaultValue = "false")
    boolean backupSkip;

    private Optional<BackupType> type = Optional.empty();
    private Optional<BackupPolicy> autoPolicy = Optional.empty();

    @Override
    protected String goal() {
        return "backup";
    }

    @Override
    protected Param goalSkipParameter() {
        return Param.BACKUP_SKIP;
    }

    @Override
    protected boolean goalSkip() {
        return backupSkip;
    }

    @Override
    protected void resolveGoalParameters(PropertyResolver props) {
        String value = props.string(Param.BACKUP_TYPE, backupType).orElse("auto")
                .toLowerCase(Locale.ROOT);
        type = switch (value) {
            case "auto" -> Optional.empty();
            case "full" -> Optional.of(BackupType.FULL);
            case "diff" -> Optional.of(BackupType.DIFF);
            case "incr" -> Optional.of(BackupType.INCR);
            default -> throw new PluginConfigurationException(Param.BACKUP_TYPE, "unknown backup type '" + value + "'",
                    "use full, diff, incr or auto");
        };
        // An explicit type wins; the policy is only asked when the type is auto.
        autoPolicy = type.isEmpty() ? PolicyParameter.resolve(props, policy) : Optional.empty();
    }

    @Override
    protected void run(PgBackRest pgbr) {
        Optional<Integer> repoNumber = repo();
        BackupRequest request = pgbr.backup();
        type.ifPresent(request::type);
        autoPolicy.ifPresent(request::auto);
        repoNumber.ifPresent(request::repo);
        if (dryRun()) {
            request.plan().describe().lines().forEach(getLog()::info);
            return;
        }
        request.progress(new ProgressLog(getLog()::info));
        getLog().info("Backing up stanza '" + pgbr.configuration().stanza() + "' (" + type.map(BackupType::option)
                .orElseGet(() -> autoPolicy.map(p -> "auto: by the policy " + p.describe())
                        .orElse("auto: pgBackRest's default")) + ")");
        BackupResult result = request.run();
        getLog().info("Backup " + result.label() + " (" + result.type().option() + ") completed: "
                + InfoMojo.bytes(result.size()) + " database, " + InfoMojo.bytes(result.repoDelta())
                + " added to the repository, " + result.command().duration().toSeconds() + " s");
    }

}
