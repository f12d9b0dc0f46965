package dev.pitr.internal.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.error.PitrConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user-switch tools are found beyond a cron PATH, and a missing one is named instead of pgBackRest. */
class SystemToolsTest {
    @TempDir
    Path dir;

    @Test
    void aToolMissingFromPathIsFoundInTheSystemDirectories() throws Exception {
        Path sbin = Files.createDirectories(dir.resolve("sbin"));
        Path runuser = Files.createFile(sbin.resolve("runuser"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        assertEquals(Optional.of(runuser), SystemTools.find("runuser", "/usr/bin:/bin", List.of(sbin)));
        assertEquals(Optional.empty(), SystemTools.find("runuser", "/nonexistent", List.of(dir)));
    }

    @Test
    void aMissingUserSwitchToolIsNamedWithItsFix() {
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> RunAs.tool("runuser", "postgres", Optional.empty()));
        assertEquals(dev.pitr.config.Setting.RUN_AS, e.setting());
        assertTrue(e.getMessage().contains("needs runuser"), e.getMessage());
        assertTrue(e.getMessage().contains("util-linux"), e.getMessage());
        assertFalse(e.getMessage().contains("install pgBackRest"), e.getMessage());
    }
}
