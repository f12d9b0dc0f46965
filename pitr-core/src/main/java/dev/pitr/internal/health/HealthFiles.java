package dev.pitr.internal.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a health report's monitoring JSON goes: {@code pitr-health-<stanza>.json}, so two stanzas checked into
 * one report directory never overwrite each other's, and, for monitors reading the name pitr used first,
 * {@code pitr-health.json} too, unless that file belongs to another stanza (its {@code stanza} field says so).
 * Each file is written next to a temporary one and moved in place, so a monitor never reads half a file.
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

    /** Writes the JSON to the stanza's file and, when it is free or this stanza's, the legacy file; returns both. */
    public static List<Path> write(Path directory, String stanza, String json) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            written.add(atomically(directory.resolve(name(stanza)), json));
            Path legacy = directory.resolve(LEGACY);
            Optional<String> owner = stanzaOf(legacy);
            if (owner.isEmpty() || owner.get().equals(stanza)) {
                written.add(atomically(legacy, json));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the health report into " + directory, e);
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

    private static Path atomically(Path target, String json) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), ".pitr-health", ".json");
        try {
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            // A temp file is 0600; monitoring agents run as other users, and the report holds no secret.
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Nothing to widen on a non-POSIX file system.
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
