package dev.pitr.error;

import dev.pitr.operation.CommandResult;
import java.util.List;

/**
 * A pgBackRest command failed because of the connection to the other host of a dedicated-repository-host
 * setup: certificates, authorization, reachability. The message says which problem, what pgBackRest
 * reported, and how to fix it; {@link #errorCode()} is pgBackRest's own code.
 */
public class RemoteHostException extends PgBackRestException {
    private final RemoteHostProblem problem;

    public RemoteHostException(ErrorCode errorCode, RemoteHostProblem problem, String message, List<String> hints,
            CommandResult command) {
        super(errorCode, message, hints, command, null);
        this.problem = problem;
    }

    /** What went wrong, as a stable value to branch on. */
    public RemoteHostProblem problem() {
        return problem;
    }
}
