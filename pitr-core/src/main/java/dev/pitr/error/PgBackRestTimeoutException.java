package dev.pitr.error;

import dev.pitr.operation.CommandResult;
import java.time.Duration;

/** A command or wait ran past its deadline; pitr killed the process it started. */
public class PgBackRestTimeoutException extends PgBackRestException {
    private final Duration timeout;

    public PgBackRestTimeoutException(String message, Duration timeout, CommandResult command) {
        super(ErrorCode.PITR, message, java.util.List.of(), command, null);
        this.timeout = timeout;
    }

    /** The deadline that was exceeded. */
    public Duration timeout() {
        return timeout;
    }
}
