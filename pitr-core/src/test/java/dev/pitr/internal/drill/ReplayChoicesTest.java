package dev.pitr.internal.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.internal.conf.ConfFile;
import dev.pitr.config.PgBackRestVersion;
import dev.pitr.config.PitrConfiguration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a drill fetches WAL ahead and which throwaway settings its clone gets, from the host and the backup. */
class ReplayChoicesTest {
    private static final long MIB = 1024L * 1024;
    private static final long SEG = 16 * MIB;
    private static final Path SCRATCH = Path.of("/tmp/pitr-drill-x");

    @Test
    void aLocalRepositoryGetsOneFetchProcessPerCoreAndAQueueForAllTheWalToReplayInTheScratchSpool() {
        WalPrefetch p = WalPrefetch.choose(ReplaySettings.defaults(), new WalPrefetch.Facts(2, 100_000 * MIB,
                450_000_000L, SEG, false), SCRATCH);
        assertTrue(p.async());
        assertEquals(2, p.processes());
        assertEquals(450_000_000L + SEG, p.queueBytes());
        assertTrue(p.why().contains("the WAL to replay"), p.why());
        assertEquals(SCRATCH.resolve("wal-spool"), p.spool());
        assertTrue(p.why().contains("1 per core"), p.why());
    }

    @Test
    void aNetworkRepositoryGetsTwoPerCoreAtMostEightAndTheQueueAtMostOneGibPerFetchRun() {
        WalPrefetch p = WalPrefetch.choose(ReplaySettings.defaults(), new WalPrefetch.Facts(16, 100_000 * MIB,
                10_000 * MIB, SEG, true), SCRATCH);
        assertEquals(8, p.processes());
        assertEquals(1024 * MIB, p.queueBytes());
        WalPrefetch unknown = WalPrefetch.choose(ReplaySettings.defaults(), new WalPrefetch.Facts(16, 100_000 * MIB,
                0, SEG, true), SCRATCH);
        assertEquals(4 * 8 * SEG, unknown.queueBytes(), "the WAL to replay unknown: four segments per process");
    }

    @Test
    void aLittleWalGetsPgBackRestsDefaultQueueAndNoQueueExceedsATenthOfTheFreeDisk() {
        WalPrefetch small = WalPrefetch.choose(ReplaySettings.defaults(), new WalPrefetch.Facts(2, 100_000 * MIB,
                20 * MIB, SEG, false), SCRATCH);
        assertEquals(128 * MIB, small.queueBytes(), "an estimate a little short costs no second fetch run");
        WalPrefetch tight = WalPrefetch.choose(ReplaySettings.defaults(), new WalPrefetch.Facts(2, 500 * MIB,
                10_000 * MIB, SEG, false), SCRATCH);
        assertEquals(50 * MIB, tight.queueBytes());
        assertTrue(tight.why().contains("a tenth of the free disk"), tight.why());
    }

    @Test
    void explicitSettingsWinAndOffMeansOneSegmentPerFetch() {
        ReplaySettings asked = new ReplaySettings(Optional.of(true), Optional.of(3), Optional.of(64 * MIB), true);
        WalPrefetch p = WalPrefetch.choose(asked, new WalPrefetch.Facts(2, 0, 0, SEG, false), SCRATCH);
        assertEquals(3, p.processes());
        assertEquals(64 * MIB, p.queueBytes());
        ReplaySettings off = new ReplaySettings(Optional.of(false), Optional.empty(), Optional.empty(), true);
        WalPrefetch none = WalPrefetch.choose(off, new WalPrefetch.Facts(2, 0, 0, SEG, false), SCRATCH);
        assertFalse(none.async());
        assertTrue(none.describe().contains("one segment per fetch"), none.describe());
    }

    @Test
    void replayTakesQueuedSegmentsStraightFromTheSpoolAndCallsArchiveGetForAnythingElse() {
        WalPrefetch p = WalPrefetch.choose(ReplaySettings.defaults(), new WalPrefetch.Facts(2, 100_000 * MIB,
                450_000_000L, SEG, false), SCRATCH);
        String command = p.recoveryOptions(configuration(), ConfFile.parse("[main]\npg1-path=/d\n"),
                SCRATCH.resolve("pg"), Optional.empty()).get("restore_command");
        String queued = "/tmp/pitr-drill-x/wal-spool/archive/main/in/%f";
        assertTrue(command.startsWith("test -f \"" + queued + "\" && mv \"" + queued + "\" \"%p\" || pgbackrest "),
                command);
        assertTrue(command.endsWith(" --archive-async --spool-path=/tmp/pitr-drill-x/wal-spool"
                + " --lock-path=/tmp/pitr-drill-x/wal-spool/lock --log-path=/tmp/pitr-drill-x/wal-spool/log"
                + " --process-max=2 --archive-get-queue-max=" + (450_000_000L + SEG) + " archive-get %f \"%p\""), command);
    }

    @Test
    void aSpoolPathTheShellWouldReadAsMoreThanAPathGetsNoShortcut() {
        for (String odd : List.of("/tmp/drills $HOME", "/tmp/drill`id`", "/tmp/drill\"x", "/tmp/50%f")) {
            WalPrefetch p = WalPrefetch.choose(ReplaySettings.defaults(), new WalPrefetch.Facts(2, 100_000 * MIB,
                    450_000_000L, SEG, false), Path.of(odd));
            assertTrue(p.queued("main").isEmpty(), odd);
            String command = p.recoveryOptions(configuration(), ConfFile.parse("[main]\npg1-path=/d\n"),
                    Path.of(odd, "pg"), Optional.empty()).get("restore_command");
            assertTrue(command.startsWith("pgbackrest "), command);
        }
    }

    private static PitrConfiguration configuration() {
        return new PitrConfiguration("main", "pgbackrest", PgBackRestVersion.MINIMUM, Path.of("/etc/pgbackrest.conf"),
                false, List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), Map.of(), Set.of());
    }

    @Test
    void objectStoresAndRepositoryHostsAreNetworkRepositoriesPosixIsNot() {
        ConfFile posix = ConfFile.parse("[global]\nrepo1-path=/r\n[main]\npg1-path=/d\n");
        ConfFile s3 = ConfFile.parse("[global]\nrepo1-path=/r\nrepo2-type=s3\nrepo2-path=/s\n[main]\npg1-path=/d\n");
        ConfFile host = ConfFile.parse("[global]\nrepo1-host=backup1\nrepo1-path=/r\n[main]\npg1-path=/d\n");
        assertFalse(WalPrefetch.networkRepository(posix, "main", Optional.empty()));
        assertTrue(WalPrefetch.networkRepository(s3, "main", Optional.empty()));
        assertFalse(WalPrefetch.networkRepository(s3, "main", Optional.of(1)));
        assertTrue(WalPrefetch.networkRepository(host, "main", Optional.empty()));
    }

    @Test
    void theCloneGetsDurabilityOffBuffersForItsDatabaseAndRareRestartpoints() {
        Map<String, String> s = ReplayTuning.settings(new ReplayTuning.Facts(300 * MIB, 450 * MIB, 50_000 * MIB,
                2048 * MIB, 15, false));
        assertEquals("off", s.get("fsync"));
        assertEquals("off", s.get("synchronous_commit"));
        assertEquals("'375MB'", s.get("shared_buffers"), "the database plus a quarter");
        assertEquals("'1024MB'", s.get("max_wal_size"), "at least 1 GB");
        assertEquals("'1h'", s.get("checkpoint_timeout"));
        assertEquals("off", s.get("autovacuum"));
        assertEquals("try", s.get("recovery_prefetch"));
    }

    @Test
    void aScratchInMemoryReadsNothingAheadEveryPageIsCachedThere() {
        Map<String, String> s = ReplayTuning.settings(new ReplayTuning.Facts(300 * MIB, 450 * MIB, 5_000 * MIB,
                2048 * MIB, 17, true));
        assertEquals("off", s.get("recovery_prefetch"));
        assertEquals("off", s.get("fsync"));
    }

    @Test
    void aSmallHostCapsTheBuffersAndOldServersGetNoRecoveryPrefetch() {
        Map<String, String> s = ReplayTuning.settings(new ReplayTuning.Facts(100_000 * MIB, 8000 * MIB, 50_000 * MIB,
                256 * MIB, 14, false));
        assertEquals("'256MB'", s.get("shared_buffers"));
        assertEquals("'5000MB'", s.get("max_wal_size"), "a tenth of the disk left");
        assertFalse(s.containsKey("recovery_prefetch"));
        Map<String, String> tiny = ReplayTuning.settings(new ReplayTuning.Facts(10 * MIB, 0, 0, 256 * MIB, 15, false));
        assertEquals("'128MB'", tiny.get("shared_buffers"), "never below PostgreSQL's default");
        Map<String, String> starved = ReplayTuning.settings(new ReplayTuning.Facts(10 * MIB, 0, 0, 64 * MIB, 15, false));
        assertFalse(starved.containsKey("shared_buffers"), "a budget under the default: the memory group's cap stands");
    }
}
