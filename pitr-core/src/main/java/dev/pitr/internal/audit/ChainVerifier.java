package dev.pitr.internal.audit;

import dev.pitr.audit.AuditVerification;
import dev.pitr.audit.AuditVerification.Break;
import dev.pitr.audit.AuditVerification.Kind;
import dev.pitr.audit.AuditVerification.Position;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks the hash chain of an audit log and its rotated predecessors, oldest first, and names the first line
 * that was changed, removed or inserted (rules in docs/security.md). Detection rests on the hashes; the
 * sequence numbers only tell a removal from an edit.
 */
public final class ChainVerifier {
    /** One file of the chain and its bytes. */
    public record LogFile(Path path, byte[] content) {
    }

    private final List<LogFile> files;
    private final Optional<String> missingPrevious;
    private String carriedHash;
    private long prevSeq = -1;
    private boolean chainStarted;
    private Position chainStart;
    private int lines;
    /** The prevHash the next file opens with: what the last line of this file must hash to. */
    private Optional<String> nextFileLink = Optional.empty();

    private ChainVerifier(List<LogFile> files, Optional<String> missingPrevious) {
        this.files = files;
        this.missingPrevious = missingPrevious;
    }

    /** Verifies the files (oldest first); {@code missingPrevious} is the rotated file the oldest one links to, when gone. */
    public static AuditVerification verify(List<LogFile> files, Optional<String> missingPrevious) {
        return new ChainVerifier(files, missingPrevious).run();
    }

    private AuditVerification run() {
        Optional<Break> found = Optional.empty();
        String head = null;
        for (int f = 0; f < files.size() && found.isEmpty(); f++) {
            Lines l = new Lines(files.get(f));
            nextFileLink = f + 1 < files.size() ? firstLink(files.get(f + 1)) : Optional.empty();
            lines += l.size();
            found = f == 0 ? Optional.empty() : boundary(files.get(f - 1), l);
            if (found.isEmpty()) {
                found = walk(l, f == 0);
            }
            if (l.size() > 0) {
                carriedHash = l.hash(l.size() - 1);
                head = carriedHash;
            }
        }
        return new AuditVerification(files.stream().map(LogFile::path).toList(), lines, Optional.ofNullable(chainStart),
                found, Optional.ofNullable(head), Math.max(prevSeq, 0), missingPrevious);
    }

    private static Optional<String> firstLink(LogFile file) {
        for (byte[] line : AuditChain.lines(file.content())) {
            Optional<AuditChain.Chained> c = AuditChain.read(line);
            if (c.isPresent()) {
                return Optional.of(c.get().prevHash());
            }
        }
        return Optional.empty();
    }

    /** The lines of one file, with their chain members and hashes computed once. */
    private static final class Lines {
        final Path path;
        final List<byte[]> bytes;
        final List<Optional<AuditChain.Chained>> chained = new ArrayList<>();
        final String[] hashes;

        Lines(LogFile file) {
            path = file.path();
            bytes = AuditChain.lines(file.content());
            bytes.forEach(b -> chained.add(AuditChain.read(b)));
            hashes = new String[bytes.size()];
        }

        int size() {
            return bytes.size();
        }

        String hash(int i) {
            if (hashes[i] == null) {
                hashes[i] = AuditChain.sha256(bytes.get(i));
            }
            return hashes[i];
        }

        int firstChained() {
            for (int i = 0; i < size(); i++) {
                if (chained.get(i).isPresent()) {
                    return i;
                }
            }
            return -1;
        }

        Optional<Break> at(int index, Kind kind, String why) {
            return Optional.of(new Break(path, index + 1, kind, "line " + (index + 1) + " of " + path + " was "
                    + kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + why));
        }
    }

    private Optional<Break> walk(Lines l, boolean oldest) {
        for (int i = 0; i < l.size(); i++) {
            Optional<AuditChain.Chained> c = l.chained.get(i);
            if (c.isEmpty()) {
                if (!chainStarted) {
                    continue; // written before the chain: read as before, not protected
                }
                return stray(l, i, "it carries no hash although the chain started earlier");
            }
            AuditChain.Chained line = c.get();
            String expected;
            if (i > 0) {
                expected = l.hash(i - 1);
            } else if (!oldest) {
                expected = carriedHash;
            } else if (line.prevFile().isPresent()) {
                expected = line.prevHash(); // the rotated file it links to is gone: start from its record
            } else {
                expected = AuditChain.GENESIS;
            }
            if (oldest && !chainStarted && i > 0 && (line.prevHash().equals(AuditChain.GENESIS)
                    || line.prevFile().isPresent())) {
                return l.at(0, Kind.INSERTED, "line " + (i + 1) + " opens the log (it links to "
                        + (line.prevFile().isPresent() ? "the rotated file " + line.prevFile().get() : "nothing before it")
                        + "), so the " + i + " line(s) above it were added later");
            }
            if (!line.sealed()) {
                return stray(l, i, "its bytes no longer match its own lineHash");
            }
            if (!line.prevHash().equals(expected)) {
                return broken(l, i, line);
            }
            if (prevSeq >= 0 && line.seq() != prevSeq + 1) {
                return l.at(i, Kind.CHANGED, "its seq " + line.seq() + " does not follow " + prevSeq
                        + " although its hashes were recomputed");
            }
            if (!chainStarted) {
                chainStarted = true;
                chainStart = new Position(l.path, i + 1);
            }
            prevSeq = line.seq();
        }
        return Optional.empty();
    }

    /** A line that does not seal: an edit of it, or a line put in (the next line then links over it). */
    private Optional<Break> stray(Lines l, int i, String why) {
        String before = i > 0 ? l.hash(i - 1) : carriedHash != null ? carriedHash : AuditChain.GENESIS;
        Optional<String> next = i + 1 < l.size() ? l.chained.get(i + 1).map(AuditChain.Chained::prevHash)
                : nextFileLink;
        boolean nextLinksOver = next.map(before::equals).orElse(false);
        return nextLinksOver ? l.at(i, Kind.INSERTED, why + ", and line " + (i + 2) + " links to the line before it")
                : l.at(i, Kind.CHANGED, why);
    }

    /** A sealed line whose prevHash is not the hash of the line before it. */
    private Optional<Break> broken(Lines l, int i, AuditChain.Chained line) {
        if (i == 0) {
            long missing = line.seq() - 1;
            return l.at(0, Kind.REMOVED, "it links to a line that is not there, so the line(s) before it were removed"
                    + (missing > 0 ? " (seq 1.." + missing + " missing)" : ""));
        }
        if (i >= 2 && line.prevHash().equals(l.hash(i - 2))) {
            return l.at(i - 1, Kind.INSERTED, "line " + (i + 1) + " links to line " + (i - 1) + ", over it");
        }
        if (prevSeq >= 0 && line.seq() > prevSeq + 1) {
            long gone = line.seq() - prevSeq - 1;
            return l.at(i, Kind.REMOVED, gone + " line(s) before it are gone (seq " + (prevSeq + 1)
                    + (gone > 1 ? ".." + (line.seq() - 1) : "") + " missing)");
        }
        if (prevSeq >= 0 && line.seq() <= prevSeq) {
            return l.at(i, Kind.INSERTED, "its seq " + line.seq() + " repeats or precedes " + prevSeq
                    + " (copied or moved here)");
        }
        return l.at(i - 1, Kind.CHANGED, "line " + (i + 1) + " carries the hash line " + i + " had when it was written");
    }

    /** The first line of a file that follows a rotation must link to the whole rotated file and its last line. */
    private Optional<Break> boundary(LogFile previous, Lines l) {
        Lines p = new Lines(previous);
        int k = l.firstChained();
        if (k < 0) {
            return l.at(0, Kind.CHANGED, "no line carries the link to the rotated file " + previous.path().getFileName());
        }
        if (k > 0) {
            return l.at(0, Kind.INSERTED, "line " + (k + 1) + " opens the file after the rotation, so the line(s)"
                    + " above it were added later");
        }
        AuditChain.Chained first = l.chained.get(0).get();
        String fileHash = AuditChain.sha256(previous.content());
        if (first.prevFileHash().map(fileHash::equals).orElse(false) && first.prevHash().equals(carriedHash)) {
            return Optional.empty();
        }
        int n = p.size();
        if (first.prevHash().equals(carriedHash)) {
            return p.at(n - 1, Kind.CHANGED, "the rotated file's bytes differ from the hash recorded when it was rotated");
        }
        for (int j = n - 2; j >= 0; j--) {
            if (p.hash(j).equals(first.prevHash())) {
                return p.at(j + 1, Kind.INSERTED, "the rotation recorded line " + (j + 1) + " as the last, so lines "
                        + (j + 2) + ".." + n + " were added after it");
            }
        }
        if (first.seq() > prevSeq + 1) {
            return Optional.of(new Break(previous.path(), n + 1, Kind.REMOVED, "line " + (n + 1) + " of "
                    + previous.path() + " was removed: " + (first.seq() - prevSeq - 1) + " line(s) at the end of the "
                    + "rotated file are gone (the next file continues at seq " + first.seq() + ")"));
        }
        return p.at(n - 1, Kind.CHANGED, "it is not the line the rotation recorded as the last");
    }
}
