package dev.pitr.internal.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.internal.os.ReportFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a health report's monitoring JSON goes: {@code pitr-health-<stanza>.json}, so two stanzas checked into
 * one report directory never overwrite each other's, and, for monitors reading the name pitr used first,
 * {@code pitr-health.json} too, unless that file belongs to another stanza (its {@code stanza} field says so).
 * Each file is written like every report file ({@code ReportFiles}): in one move, private to its owner or
 * readable by the report group.
 */
public final class HealthFiles {
    /** The file name earlier versions wrote (one stanza per directory). */
    public static final String LEGACY = "pitr-health.json";

    private HealthFiles() {
    }

    /** {@code pitr-health-<stanza>.json} (characters a file name should not carry become {@code _}). */
    public static String name(String stanza) {
        return "pitr-health-" + stanza.replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
    }

    /**
     * Writes the JSON to the stanza's file and, when it is free or this stanza's, the legacy file; each with the
     * report mode (0600, or 0640 for {@code group}). Returns the files written.
     */
    public static List<Path> write(Path directory, String stanza, String json, Optional<String> group) {
        List<Path> written = new ArrayList<>();
        written.add(ReportFiles.write(directory.resolve(name(stanza)), json, group));
        Path legacy = directory.resolve(LEGACY);
        Optional<String> owner = stanzaOf(legacy);
        if (owner.isEmpty() || owner.get().equals(stanza)) {
            written.add(ReportFiles.write(legacy, json, group));
        }
        return written;
    }

    /** The stanza a health file was written for; empty when it is missing or unreadable. */
    static Optional<String> stanzaOf(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String s = new ObjectMapper().readTree(Files.readString(file)).path("stanza").asText("");
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
