package dev.pitr.operation;

/**
 * Receives the progress of a long backup or restore while pgBackRest runs it. pitr reads it from the lock
 * pgBackRest holds ({@code info}'s {@code status.lock}: backups since pgBackRest 2.48, restores since 2.56), by
 * running {@code info} every few seconds; a release without these fields reports nothing (and no error).
 *
 * <pre>{@code
 * pgbr.backup().type(BackupType.FULL)
 *         .progress(p -> log.info("backup {}% ({} of {} bytes)", p.percent(), p.doneBytes(), p.totalBytes()))
 *         .run();
 * }</pre>
 *
 * Called from a pitr thread, only when the figures changed; keep it quick and never throw.
 */
@FunctionalInterface
public interface ProgressListener {
    void progress(OperationProgress progress);
}
