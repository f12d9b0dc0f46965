package dev.pitr.internal.health;

import dev.pitr.internal.conf.ConfReader;
import dev.pitr.internal.conf.SecretOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A pgbackrest.conf that holds a secure option (a cipher pass, an object-store key) while its group or
 * every local user may read it: the repository is encrypted, but the key to it is not protected.
 *
 * @param file    the configuration file
 * @param mode    its permissions, e.g. {@code rw-r--r--}
 * @param options the secure options it holds (names only)
 */
public record SecretFileExposure(Path file, String mode, List<String> options) {
    /** The exposure of {@code file}, if any; nothing when it holds no secret, is private, or cannot be read. */
    public static Optional<SecretFileExposure> of(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (!perms.contains(PosixFilePermission.GROUP_READ) && !perms.contains(PosixFilePermission.OTHERS_READ)) {
                return Optional.empty();
            }
            List<String> secrets = ConfReader.parse(Files.readString(file, StandardCharsets.UTF_8)).stream()
                    .map(ConfReader.Entry::key).filter(SecretOptions::isSecret).distinct().toList();
            return secrets.isEmpty() ? Optional.empty()
                    : Optional.of(new SecretFileExposure(file, PosixFilePermissions.toString(perms), secrets));
        } catch (IOException | UnsupportedOperationException | java.io.UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Who may read it besides its owner: "its group", "every local user" or both. */
    String readers() {
        boolean group = mode.charAt(3) == 'r';
        boolean others = mode.charAt(6) == 'r';
        return group && others ? "its group and every local user" : others ? "every local user" : "its group";
    }
}
