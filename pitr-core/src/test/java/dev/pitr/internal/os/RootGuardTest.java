package dev.pitr.internal.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pgBackRest never runs as root unless asked: the owner of pg1-path, or a refusal that names the setting. */
class RootGuardTest {
    @TempDir
    Path dir;

    @Test
    void aConfiguredUserIsUsedAsIs() {
        assertEquals(Optional.of("postgres"), RootGuard.resolve(Optional.of("postgres"), false, Optional.empty(), "", true));
    }

    @Test
    void withoutRootNothingChanges() {
        assertEquals(Optional.empty(), RootGuard.resolve(Optional.empty(), false, Optional.empty(), "", false));
    }

    @Test
    void asRootTheOwnerOfTheLocalDataDirectoryIsUsed() throws IOException {
        Path pgData = Files.createDirectory(dir.resolve("pg"));
        String owner = Files.getOwner(pgData).getName();
        if (owner.equals("root")) {
            // As root (CI), hand the directory to postgres, as a real data directory is.
            Ownership.chown(pgData, Optional.of("postgres"));
            owner = "postgres";
        }
        assertEquals(Optional.of(owner), RootGuard.resolve(Optional.empty(), false, Optional.of(pgData), "", true));
    }

    @Test
    void asRootWithNothingToReadLoadIsRefusedNamingTheSettingInEveryForm() {
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> RootGuard.resolve(Optional.empty(), false, Optional.empty(), "no pg1-path is configured", true));
        assertEquals(Setting.RUN_AS, e.setting());
        for (String named : new String[] {"runAs(", "<runAsUser>", "-Dpitr.runAsUser", "allowRoot(true)", "<allowRoot>",
                "-Dpitr.allowRoot", "no pg1-path is configured"}) {
            assertTrue(e.getMessage().contains(named), named + " in " + e.getMessage());
        }
        PitrConfigurationException missing = assertThrows(PitrConfigurationException.class,
                () -> RootGuard.resolve(Optional.empty(), false, Optional.of(dir.resolve("absent")), "", true));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }

    @Test
    void aDataDirectoryOwnedByRootIsNoAnswer() {
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> RootGuard.resolve(Optional.empty(), false, Optional.of(Path.of("/")), "", true));
        assertTrue(e.getMessage().contains("owned by root"), e.getMessage());
    }

    @Test
    void rootOnlyOnPurpose() {
        assertEquals(Optional.empty(), RootGuard.resolve(Optional.empty(), true, Optional.empty(), "", true));
        assertThrows(PitrConfigurationException.class, () -> RootGuard.resolve(Optional.of("root"), false, Optional.empty(),
                "", false));
        assertEquals(Optional.of("root"), RootGuard.resolve(Optional.of("root"), true, Optional.empty(), "", false));
    }
}
