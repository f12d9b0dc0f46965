package dev.pitr.error;

import dev.pitr.operation.CommandResult;

/**
 * The thread waiting for a command was interrupted. pitr ended the command's whole process tree before
 * throwing, and the thread's interrupt flag is set again, so the caller can stop as it was asked to.
 */
public class CommandInterruptedException extends PgBackRestException {
    public CommandInterruptedException(String message, CommandResult command) {
        super(ErrorCode.PITR, message, java.util.List.of(), command, null);
    }
}
