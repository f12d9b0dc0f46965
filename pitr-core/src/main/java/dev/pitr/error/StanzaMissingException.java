package dev.pitr.error;

import dev.pitr.operation.CommandResult;
import java.util.List;

/** The stanza does not exist in the repository or the configuration: run {@code stanzaCreate()} first. */
public class StanzaMissingException extends PgBackRestException {
    public StanzaMissingException(ErrorCode code, String message, List<String> hints, CommandResult command) {
        super(code, message, hints, command, null);
    }
}
