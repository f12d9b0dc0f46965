package dev.pitr.audit;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link AuditLog#verify()} found: whether the hash chain of the log (and of the rotated files it links
 * back to) is unbroken, and if not, the first line that was changed, removed or inserted.
 *
 * @param files           the files verified, oldest first (rotated files, then the log itself)
 * @param lines           how many lines they hold together
 * @param chainStart      the first line that carries a hash; lines before it (written by a pitr without the
 *                        chain) are read as before but not protected; empty when no line carries one yet
 * @param firstBreak      the first line where the chain breaks; empty when it is intact
 * @param head            the hash of the newest line ({@code sha256:...}); keep it elsewhere (an evidence
 *                        document records it) to notice later that lines were cut off the end, which a
 *                        chain alone cannot show
 * @param headSeq         the sequence number of the newest line, 0 when none carries one
 * @param missingPrevious the rotated file the oldest verified file links to, when it is no longer there
 *                        (deleted by retention); verification then starts from the link it recorded
 */
public record AuditVerification(List<Path> files, int lines, Optional<Position> chainStart, Optional<Break> firstBreak,
        Optional<String> head, long headSeq, Optional<String> missingPrevious) {
    public AuditVerification {
        files = List.copyOf(files);
    }

    /** A line of one file, numbered from 1. */
    public record Position(Path file, int line) {
        @Override
        public String toString() {
            return "line " + line + " of " + file;
        }
    }

    /** How the chain broke at a line. */
    public enum Kind {
        /** The line's bytes differ from what was written. */
        CHANGED,
        /** One or more lines that stood before this line are gone. */
        REMOVED,
        /** The line was not written by the chain in this place (added, copied or moved). */
        INSERTED
    }

    /**
     * The first break.
     *
     * @param file    the file
     * @param line    the line, numbered from 1 (for {@code REMOVED}, the line that now stands where the removed ones were)
     * @param kind    changed, removed or inserted
     * @param message a sentence naming the line as {@code line N}, with what pitr compared
     */
    public record Break(Path file, int line, Kind kind, String message) {
    }

    /** True when no line was changed, removed or inserted. */
    public boolean intact() {
        return firstBreak.isEmpty();
    }

    /** One sentence for logs and reports. */
    public String describe() {
        if (firstBreak.isPresent()) {
            return "audit log chain BROKEN: " + firstBreak.get().message();
        }
        String from = chainStart.map(p -> p.line() == 1 && p.file().equals(files.get(0))
                ? "every line carries a hash" : "the chain starts at " + p + " (earlier lines predate it and are "
                        + "read as before, unprotected)").orElse("no line carries a hash yet (written before the chain)");
        return "audit log chain intact: " + lines + " line(s) in " + files.size() + " file(s); " + from
                + missingPrevious.map(m -> "; the rotated file " + m + " it links to is gone").orElse("")
                + head.map(h -> "; head " + h + " (seq " + headSeq + ")").orElse("");
    }
}
