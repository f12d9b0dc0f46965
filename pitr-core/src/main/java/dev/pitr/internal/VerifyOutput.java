package dev.pitr.internal;

import dev.pitr.error.VerifyFailedException;
import dev.pitr.operation.CommandResult;
import dev.pitr.operation.VerifyResult;
import java.util.List;

/** Reads verify's output: pgBackRest exits 0 even when it reports {@code status: error}. */
public final class VerifyOutput {
    private VerifyOutput() {
    }

    public static VerifyResult interpret(CommandResult command) {
        List<String> lines = command.outputTail();
        boolean error = lines.stream().anyMatch(l -> l.contains("status: error"));
        if (error) {
            List<String> findings = lines.stream()
                    .filter(l -> l.contains("status: error") || l.matches(".*(invalid|missing|checksum|other|error)"
                            + "[^:]*: [1-9].*") || l.contains("ERROR") || l.contains("WARN"))
                    .map(String::strip).toList();
            throw new VerifyFailedException("pgbackrest verify found problems in the repository (it exited 0 anyway): "
                    + String.join("; ", findings), findings, command);
        }
        return new VerifyResult(lines, command);
    }
}
