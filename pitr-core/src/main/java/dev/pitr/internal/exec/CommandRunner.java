package dev.pitr.internal.exec;

import java.util.List;

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

    /**
     * Redacts the secrets this runner knows of (those of its configuration) from text that did not come
     * through a child's output, e.g. a report's check messages.
     */
    default Redactor redactor() {
        return new Redactor(List.of());
    }
}
