package dev.pitr.internal.evidence;

import dev.pitr.governance.EvidenceDocument;
import dev.pitr.internal.os.ReportFiles;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Writes {@code pitr-evidence-<stanza>-<from>-<to>.json} and {@code .md}. Each appears whole (written next to
 * its place, then moved in), private to its owner (0600), or 0640 for the report group: it lists backup sets,
 * hosts and the actual values of drill checks.
 */
public final class EvidenceFiles {
    private EvidenceFiles() {
    }

    /** The base name, e.g. {@code pitr-evidence-nbms-2026-10-01-2026-12-31}. */
    public static String baseName(EvidenceDocument d) {
        return baseName(d.stanza(), d.from(), d.to());
    }

    /** The base name of a stanza's evidence for a period. */
    public static String baseName(String stanza, LocalDate from, LocalDate to) {
        return "pitr-evidence-" + stanza + "-" + from + "-" + to;
    }

    /** Writes both files into the directory (created when missing) and returns them, JSON first. */
    public static List<Path> write(EvidenceDocument d, Path directory, Optional<String> group) {
        Path json = directory.resolve(baseName(d) + ".json");
        Path md = directory.resolve(baseName(d) + ".md");
        List<Path> files = List.of(json, md);
        EvidenceDocument written = d.withFiles(files);
        ReportFiles.write(json, written.toJson(), group);
        ReportFiles.write(md, written.toMarkdown(), group);
        return files;
    }
}
