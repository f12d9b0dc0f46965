package dev.pitr.error;

import dev.pitr.operation.CommandResult;
import java.util.List;
import java.util.Optional;

/**
 * The root of every failure pitr reports. Unchecked; carries pgBackRest's {@link ErrorCode} (from the exit
 * code and the {@code ERROR: [NNN]:} line), its HINT lines, and the redacted command that failed.
 * Messages never contain a secret.
 */
public class PgBackRestException extends RuntimeException {
    private final ErrorCode errorCode;
    private final List<String> hints;
    private final transient CommandResult command;

    public PgBackRestException(ErrorCode errorCode, String message) {
        this(errorCode, message, List.of(), null, null);
    }

    public PgBackRestException(ErrorCode errorCode, String message, Throwable cause) {
        this(errorCode, message, List.of(), null, cause);
    }

    public PgBackRestException(ErrorCode errorCode, String message, List<String> hints, CommandResult command,
            Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
        this.hints = List.copyOf(hints);
        this.command = command;
    }

    /** pgBackRest's error code, or {@link ErrorCode#PITR} for failures pitr found itself. */
    public ErrorCode errorCode() {
        return errorCode;
    }

    /** pgBackRest's HINT lines for this error, in order; empty when it gave none. */
    public List<String> hints() {
        return hints;
    }

    /** The command that failed (redacted argv, exit code, output tail), when a command ran. */
    public Optional<CommandResult> command() {
        return Optional.ofNullable(command);
    }
}
