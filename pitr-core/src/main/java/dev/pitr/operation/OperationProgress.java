package dev.pitr.operation;

import dev.pitr.info.LockProgress;
import dev.pitr.info.RepoLockProgress;
import java.time.Duration;
import java.util.List;

/**
 * One progress reading of a running backup or restore, for a {@link ProgressListener}.
 *
 * @param operation {@link Operation#BACKUP} or {@link Operation#RESTORE}
 * @param stanza    the stanza
 * @param bytes     bytes to copy and copied, over all repositories
 * @param repos     the same per repository (backups on pgBackRest 2.59+; empty otherwise)
 * @param elapsed   time since the command started
 */
public record OperationProgress(Operation operation, String stanza, LockProgress bytes, List<RepoLockProgress> repos,
        Duration elapsed) {
    public OperationProgress {
        repos = List.copyOf(repos);
    }

    /** Whole percent done, 0 to 100. */
    public int percent() {
        return bytes.percent();
    }

    public long totalBytes() {
        return bytes.totalBytes();
    }

    public long doneBytes() {
        return bytes.doneBytes();
    }
}
