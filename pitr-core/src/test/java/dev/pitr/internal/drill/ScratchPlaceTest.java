package dev.pitr.internal.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScratchPlaceTest {
    private static final long GIB = 1L << 30;
    private static final Path DISK = Path.of("/tmp");
    private static final Path SHM = Path.of("/dev/shm");

    private static ScratchPlace.Facts host(long available, long shmFree, Optional<Long> budget) {
        // The plan's budget: the configured memoryBudget, else half the memory available.
        return new ScratchPlace.Facts(Optional.of(SHM), true, shmFree, budget.orElse(available / 2), budget.isPresent(),
                false);
    }

    @Test
    void aDrillThatFitsInAQuarterOfTheAvailableMemoryGoesToMemory() {
        ScratchPlace p = ScratchPlace.decide(DISK, host(16 * GIB, 8 * GIB, Optional.empty()), 4 * GIB);
        assertEquals(SHM, p.parent());
        assertTrue(p.inMemory());
        assertEquals("in memory (/dev/shm): needs 4.0 GiB, allowed 4.0 GiB (a quarter of the 16.0 GiB available)", p.why());
    }

    @Test
    void oneByteMoreThanAQuarterGoesToDiskAndSaysWhy() {
        ScratchPlace p = ScratchPlace.decide(DISK, host(16 * GIB, 8 * GIB, Optional.empty()), 4 * GIB + 1);
        assertEquals(DISK, p.parent());
        assertFalse(p.inMemory());
        assertTrue(p.why().startsWith("on disk in /tmp: needs 4.0 GiB, more than the 4.0 GiB allowed in memory"), p.why());
    }

    @Test
    void theTmpfsFreeSpaceCapsItToo() {
        // A container's 64 MiB /dev/shm: half of it is all a drill may take, whatever the host's memory.
        ScratchPlace p = ScratchPlace.decide(DISK, host(16 * GIB, 64L << 20, Optional.empty()), ScratchPlace.MARGIN);
        assertEquals(DISK, p.parent());
        assertTrue(p.why().contains("half of the 0.1 GiB free in /dev/shm"), p.why());
    }

    @Test
    void aMemoryBudgetLimitsTheScratchToHalfOfIt() {
        ScratchPlace in = ScratchPlace.decide(DISK, host(64 * GIB, 32 * GIB, Optional.of(2 * GIB)), GIB);
        assertTrue(in.inMemory(), in.why());
        assertTrue(in.why().contains("half the memoryBudget"), in.why());
        assertFalse(ScratchPlace.decide(DISK, host(64 * GIB, 32 * GIB, Optional.of(2 * GIB)), GIB + 1).inMemory());
    }

    @Test
    void aGivenDirectoryOrScratchInMemoryOffKeepsTheDisk() {
        ScratchPlace given = ScratchPlace.decide(Path.of("/var/lib/drills"), new ScratchPlace.Facts(Optional.empty(),
                false, 0, 32 * GIB, false, false), 1);
        assertEquals(Path.of("/var/lib/drills"), given.parent());
        assertFalse(given.inMemory());
        assertEquals("in the drill directory /var/lib/drills", given.why());
    }

    @Test
    void aGivenDirectoryOnTmpfsIsReportedAsMemory() {
        // Debian 13 mounts /tmp as a tmpfs: the report says where the restore really went.
        ScratchPlace p = ScratchPlace.decide(DISK, new ScratchPlace.Facts(Optional.empty(), false, 0, 0,
                false, true), 1);
        assertTrue(p.inMemory());
        assertEquals("in the drill directory /tmp, a memory file system", p.why());
    }

    @Test
    void aMemoryDirectoryThatIsNoTmpfsIsNeverUsed() {
        ScratchPlace p = ScratchPlace.decide(DISK, new ScratchPlace.Facts(Optional.of(SHM), false, 8 * GIB, 8 * GIB,
                false, false), 1);
        assertEquals(DISK, p.parent());
        assertEquals("on disk in /tmp: /dev/shm is not a memory file system (tmpfs)", p.why());
    }

    @Test
    void theNeedCountsTheRestoreTheWalTheQueueAndAMargin() {
        assertEquals(300 + 200 + 100 + ScratchPlace.MARGIN, ScratchPlace.needed(300, 200, 100));
        assertEquals(ScratchPlace.MARGIN, ScratchPlace.needed(-1, 0, -5));
    }

    @Test
    void theEstimateCalibratesWithDrillsOfTheSameMediumOnceThereIsOne() {
        dev.pitr.internal.rto.PastDrill disk = past(false);
        dev.pitr.internal.rto.PastDrill memory = past(true);
        assertEquals(List.of(disk), ReplayPlanner.sameMedium(List.of(disk), true), "no memory drill yet: all of them");
        assertEquals(List.of(memory), ReplayPlanner.sameMedium(List.of(disk, memory), true));
        assertEquals(List.of(disk), ReplayPlanner.sameMedium(List.of(disk, memory), false));
    }

    private static dev.pitr.internal.rto.PastDrill past(boolean inMemory) {
        return new dev.pitr.internal.rto.PastDrill(true, java.time.Instant.parse("2026-12-01T10:00:00Z"), "F", "latest",
                100, java.time.Duration.ofSeconds(1), 100, java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(3), Optional.empty(), inMemory);
    }
}
