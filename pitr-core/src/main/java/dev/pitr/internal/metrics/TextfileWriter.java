package dev.pitr.internal.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a node_exporter textfile atomically: a temporary file in the target's directory (so the rename never
 * crosses a file system), then a rename over the target. The temporary name does not end in {@code .prom},
 * so the collector never reads it.
 */
public final class TextfileWriter {
    private TextfileWriter() {
    }

    public static Path write(Path file, String text) {
        Path target = file.toAbsolutePath().normalize();
        Path dir = target.getParent();
        Path temp = null;
        try {
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            // A temp file is 0600; node_exporter runs as its own user, and the figures hold no secret.
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Nothing to widen on a non-POSIX file system.
            }
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The original error matters more.
                }
            }
            throw new UncheckedIOException("cannot write the metrics file " + target + ": " + e.getMessage(), e);
        }
    }
}
