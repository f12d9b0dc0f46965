package dev.pitr.restore;

import dev.pitr.operation.CommandResult;
import java.nio.file.Path;
import java.time.Duration;
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
 */
public record RestoreResult(String backupSet, RecoveryTarget target, Path pgPath, Duration duration,
        CommandResult command, Optional<IsolatedCluster> isolation) {

    /** A restore that was not isolated. */
    public RestoreResult(String backupSet, RecoveryTarget target, Path pgPath, Duration duration, CommandResult command) {
        this(backupSet, target, pgPath, duration, command, Optional.empty());
    }
}
