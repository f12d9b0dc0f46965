package dev.pitr.internal.health;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes a health report's monitoring JSON, atomically, readable by monitoring agents. */
public final class HealthFile {
    private HealthFile() {
    }

    /** Writes {@code json} to {@code target} via a temporary file and a move, so a monitor never reads half a file. */
    public static Path write(String json, Path target) {
        Path directory = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, ".pitr-health", ".json");
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            // A temp file is 0600; monitoring agents run as other users, and the report holds no secret.
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Nothing to widen on a non-POSIX file system.
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new PitrConfigurationException(Setting.REPORT_DIRECTORY, "cannot write " + target + ": " + e.getMessage(),
                    "point it at a directory the user running pitr can write");
        }
    }
}
