package dev.pitr.internal.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Setting;
import dev.pitr.info.BackupInfo;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RestoreInterlock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks before writing that need no server (DrillBeforeWritingIT runs them against real file systems). */
class DrillPreconditionsTest {
    @TempDir
    Path dir;

    static BackupInfo ofSize(long bytes) {
        return new BackupInfo("20261201-122528F", BackupType.FULL, Optional.empty(), List.of(), Instant.EPOCH,
                Instant.EPOCH, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), bytes, bytes, 1, 1,
                Optional.empty(), Map.of(), 1, 1, "2.45");
    }

    @Test
    void aDatabaseLargerThanTheFreeSpaceIsRefusedNamingNeededAndFreeBytes() {
        long petabyte = 1L << 50;
        RestoreInterlock i = DrillPreconditions.diskSpace(dir.resolve("not/yet/created"), Optional.of(ofSize(petabyte)), 0);
        assertFalse(i.passed());
        assertEquals(Optional.of(Setting.DRILL_DIRECTORY), i.setting());
        long needed = petabyte + petabyte / 10;
        assertTrue(i.message().startsWith("the drill needs " + DrillPreconditions.bytes(needed) + " (database size "
                + DrillPreconditions.bytes(petabyte) + " of backup set 20261201-122528F + margin "), i.message());
        assertTrue(i.message().matches(".*whose file system has [0-9.]+ [MG]iB \\(\\d+ bytes\\) free"), i.message());
    }

    @Test
    void aSmallDatabaseGetsAtLeastTheMarginFloorAndPasses() {
        RestoreInterlock i = DrillPreconditions.diskSpace(dir, Optional.of(ofSize(1000)), 0);
        assertTrue(i.passed(), i.message());
        assertTrue(i.message().contains("+ margin 64.0 MiB (67108864 bytes)"), i.message());
        assertEquals("1.5 GiB (1610612736 bytes)", DrillPreconditions.bytes(1610612736L));
    }

    @Test
    void theRestoresRefusalsNameTheDrillsSettings() {
        RestoreInterlock set = DrillPreconditions.asDrill(RestoreInterlock.fail("target-window", Setting.RESTORE_SET,
                "backup set 'x' does not exist", "pick a label"));
        assertEquals(Optional.of(Setting.DRILL_SET), set.setting());
        RestoreInterlock dest = DrillPreconditions.asDrill(RestoreInterlock.fail("empty-directory",
                Setting.RESTORE_DELTA, "not empty", "elsewhere"));
        assertEquals(Optional.of(Setting.DRILL_DIRECTORY), dest.setting());
        RestoreInterlock target = DrillPreconditions.asDrill(RestoreInterlock.fail("target-window", Setting.TARGET,
                "in the future", "give a time"));
        assertEquals(Optional.of(Setting.TARGET), target.setting());
    }
}
