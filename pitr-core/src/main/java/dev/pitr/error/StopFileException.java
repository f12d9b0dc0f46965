package dev.pitr.error;

import dev.pitr.operation.CommandResult;
import java.util.List;

/** pgBackRest was stopped for this stanza ({@code pgbackrest stop}); run {@code start()} to allow commands again. */
public class StopFileException extends PgBackRestException {
    public StopFileException(String message, List<String> hints, CommandResult command) {
        super(ErrorCode.STOP, message, hints, command, null);
    }
}
