package dev.pitr.internal.evidence;

import dev.pitr.governance.EvidenceDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Writes {@code pitr-evidence-<stanza>-<from>-<to>.json} and {@code .md}. Each appears whole (written next to
 * its place, then moved in), and is readable by its owner and group only: it lists backup sets, hosts and
 * the actual values of drill checks.
 */
public final class EvidenceFiles {
    private EvidenceFiles() {
    }

    /** The base name, e.g. {@code pitr-evidence-nbms-2026-10-01-2026-12-31}. */
    public static String baseName(EvidenceDocument d) {
        return "pitr-evidence-" + d.stanza() + "-" + d.from() + "-" + d.to();
    }

    /** Writes both files into the directory (created when missing) and returns them, JSON first. */
    public static List<Path> write(EvidenceDocument d, Path directory) {
        Path json = directory.resolve(baseName(d) + ".json");
        Path md = directory.resolve(baseName(d) + ".md");
        try {
            Files.createDirectories(directory);
            List<Path> files = List.of(json, md);
            EvidenceDocument written = d.withFiles(files);
            replace(json, written.toJson());
            replace(md, written.toMarkdown());
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evidence document to " + directory, e);
        }
    }

    private static void replace(Path target, String content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r-----"));
            } catch (UnsupportedOperationException notPosix) {
                // nothing to set
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
