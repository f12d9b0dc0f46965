package dev.pitr.internal.evidence;

import dev.pitr.audit.AuditEntry;
import dev.pitr.audit.AuditLog;
import dev.pitr.internal.audit.AuditChain;
import dev.pitr.internal.audit.AuditLines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The entries of an audit log and of its rotated files, each with its place in the chain. */
public final class AuditRecords {
    private AuditRecords() {
    }

    /** One entry and the {@code seq} of its line (empty for lines from before the chain). */
    public record Line(AuditEntry entry, Optional<Long> seq) {
    }

    /** Every readable entry, oldest first. */
    public static List<Line> read(AuditLog log) {
        List<Line> out = new ArrayList<>();
        for (Path file : log.files()) {
            byte[] content;
            try {
                content = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read audit log " + file, e);
            }
            for (byte[] line : AuditChain.lines(content)) {
                AuditLines.parse(new String(line, StandardCharsets.UTF_8)).ifPresent(entry -> out.add(new Line(entry,
                        AuditChain.read(line).map(AuditChain.Chained::seq))));
            }
        }
        return out;
    }
}
