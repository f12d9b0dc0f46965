package dev.pitr.operation;

import java.time.Duration;
import java.util.List;

/**
 * What one pgBackRest (or helper) process did: its redacted argument list, exit code, wall time and the
 * last lines it printed. Never holds a secret.
 *
 * @param argv        the command line as displayed (secrets redacted; secrets never are on argv anyway)
 * @param exitCode    the process exit code
 * @param duration    wall-clock time from start to exit
 * @param outputTail  the last lines of stdout and stderr merged, bounded
 */
public record CommandResult(List<String> argv, int exitCode, Duration duration, List<String> outputTail) {
    public CommandResult {
        argv = List.copyOf(argv);
        outputTail = List.copyOf(outputTail);
    }

    /** The argv joined with spaces, for messages. */
    public String commandLine() {
        return String.join(" ", argv);
    }

    @Override
    public String toString() {
        return "> command: " + commandLine() + "\n> exit code: " + exitCode + "\n> duration: " + duration.toMillis()
                + " ms" + (outputTail.isEmpty() ? "" : "\n> output tail:\n" + String.join("\n", outputTail));
    }
}
