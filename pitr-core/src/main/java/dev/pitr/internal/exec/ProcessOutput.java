package dev.pitr.internal.exec;

import dev.pitr.operation.CommandResult;

/**
 * A finished process: the public, redacted {@link CommandResult} plus the captured stdout (only when the
 * spec asked for it) and whether the watchdog killed it.
 */
public record ProcessOutput(CommandResult result, String stdout, boolean timedOut) {
    public int exitCode() {
        return result.exitCode();
    }
}
