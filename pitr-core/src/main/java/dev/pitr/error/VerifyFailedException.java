package dev.pitr.error;

import dev.pitr.operation.CommandResult;
import java.util.List;

/** {@code pgbackrest verify} found invalid files or WAL gaps in the repository, although it exited 0. */
public class VerifyFailedException extends PgBackRestException {
    private final List<String> findings;

    public VerifyFailedException(String message, List<String> findings, CommandResult command) {
        super(ErrorCode.PITR, message, List.of(), command, null);
        this.findings = List.copyOf(findings);
    }

    /** The lines of verify's output that report problems. */
    public List<String> findings() {
        return findings;
    }
}
