package dev.pitr.error;

import dev.pitr.operation.CommandResult;
import java.util.List;

/** Another pgBackRest process holds the stanza's lock (e.g. a backup is running): retry later. */
public class LockHeldException extends PgBackRestException {
    public LockHeldException(String message, List<String> hints, CommandResult command) {
        super(ErrorCode.LOCK_ACQUIRE, message, hints, command, null);
    }
}
