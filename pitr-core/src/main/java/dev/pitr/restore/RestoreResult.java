package dev.pitr.restore;

import dev.pitr.operation.CommandResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A finished {@code pgbackrest restore}. PostgreSQL is not started: start it yourself (or use a
 * {@link dev.pitr.RestoreDrillRequest restore drill}).
 *
 * @param backupSet the backup set pgBackRest restored
 * @param target    the recovery target written into the recovery settings
 * @param pgPath    the data directory restored into
 * @param duration  wall time of the restore command
 * @param command   the restore command that ran
 * @param isolation the settings written to make the copy safe to start beside production, when asked for
 * @param warnings  what the restored cluster will do when started (the plan's warnings), e.g. archive with
 *                  production's archive_command when it was not isolated
 */
public record RestoreResult(String backupSet, RecoveryTarget target, Path pgPath, Duration duration,
        CommandResult command, Optional<IsolatedCluster> isolation, List<String> warnings) {
    public RestoreResult {
        warnings = List.copyOf(warnings);
    }

    /** A restore that was not isolated, without warnings. */
    public RestoreResult(String backupSet, RecoveryTarget target, Path pgPath, Duration duration, CommandResult command) {
        this(backupSet, target, pgPath, duration, command, Optional.empty(), List.of());
    }
}
