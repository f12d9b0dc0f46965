package dev.pitr.internal.exec;

/**
 * The process boundary. The production implementation runs real processes; unit tests substitute a fake
 * that records argv and returns canned output (for argv building and error mapping only).
 */
@FunctionalInterface
public interface CommandRunner {
    /**
     * Runs the command to completion (or until its timeout kills it). Never throws for a non-zero exit:
     * the caller maps exit codes.
     *
     * @throws dev.pitr.error.PgBackRestNotInstalledException when the executable cannot be started
     */
    ProcessOutput run(CommandSpec spec);
}
