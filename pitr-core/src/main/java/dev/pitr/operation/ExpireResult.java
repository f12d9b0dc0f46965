package dev.pitr.operation;

import java.util.List;

/**
 * What expire removed (or, in a dry run, would remove).
 *
 * @param dryRun          true when nothing was removed
 * @param expiredBackups  labels of backups expired (or that would be)
 * @param command         the command that ran
 */
public record ExpireResult(boolean dryRun, List<String> expiredBackups, CommandResult command) {
    public ExpireResult {
        expiredBackups = List.copyOf(expiredBackups);
    }
}
