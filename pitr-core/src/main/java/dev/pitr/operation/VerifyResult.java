package dev.pitr.operation;

import dev.pitr.error.VerifyFailedException;
import java.util.List;

/**
 * A passed {@code pgbackrest verify}. (pgBackRest exits 0 even when verify finds errors; pitr reads its
 * output and throws {@link VerifyFailedException} instead of returning.)
 *
 * @param lines   verify's result lines
 * @param command the command that ran
 */
public record VerifyResult(List<String> lines, CommandResult command) {
    public VerifyResult {
        lines = List.copyOf(lines);
    }
}
