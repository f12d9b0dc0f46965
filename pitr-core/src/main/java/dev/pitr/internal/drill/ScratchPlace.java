package dev.pitr.internal.drill;

import dev.pitr.internal.drill.clone.HostMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a drill's scratch directory goes: in memory (a tmpfs such as {@code /dev/shm}) when the whole drill fits
 * there with room to spare, else on disk (the drill's {@code directory}, default {@code /tmp}).
 *
 * <p>Why: a drill cluster is thrown away, yet pgBackRest's restore fsyncs every file it writes (about 1000 at
 * scale 20) and deleting the restored tree afterwards is a second pass over the disk. Measured on this project's
 * 2-vCPU machine (docs/benchmarks.md): restoring 321 MB took 1.9-2.7 s into /tmp and 0.57-0.68 s into /dev/shm,
 * deleting it 260-300 ms and 60-90 ms. Production's data is never touched either way; what changes is that the
 * restored copy lives in RAM for the drill's few minutes (and never reaches the drill host's disk).
 *
 * <p>The rule is conservative because a full tmpfs fails the drill and memory taken there is taken from the host:
 * the drill needs the restored size, plus the WAL to replay (an upper bound of what replay adds to the files),
 * plus the fetch-ahead queue, plus 64 MiB (server log, the segment being replayed); it goes to memory only when
 * that is at most a quarter of the memory this host has available now (half the {@code memoryBudget} when one
 * is set) and at most half of the tmpfs's free space. A directory the caller gave is always used as given.
 *
 * @param parent   the directory the scratch directory is created in
 * @param inMemory whether that is a memory file system (also true for a given directory that is a tmpfs)
 * @param why      the reason, for the plan, the log and the report
 */
public record ScratchPlace(Path parent, boolean inMemory, String why) {
    static final long MARGIN = 64L << 20;

    /**
     * What the choice is made from: the memory directory's file system and the clone's memory budget (the plan's
     * one reading of the host: half of what it has available, or the configured memoryBudget).
     */
    record Facts(Optional<Path> memoryDirectory, boolean memoryIsTmpfs, long memoryFree, long budget,
            boolean budgetConfigured, boolean diskIsTmpfs) {
    }

    /** The place of this drill, needing {@code needed} bytes of scratch (see {@link #needed}). */
    static ScratchPlace choose(DrillSettings settings, long needed, HostMemory.Budget budget) {
        Optional<Path> memory = settings.memoryDirectory();
        boolean tmpfs = memory.map(ScratchPlace::isMemoryFileSystem).orElse(false);
        Facts facts = new Facts(memory, tmpfs, memory.flatMap(DrillPreconditions::freeSpace).orElse(0L),
                budget.bytes(), settings.memoryBudget().isPresent(), isMemoryFileSystem(settings.directory()));
        return decide(settings.directory(), facts, needed);
    }

    /** The decision itself, from facts alone (unit-tested). */
    static ScratchPlace decide(Path disk, Facts facts, long needed) {
        if (facts.memoryDirectory().isEmpty()) {
            // A directory given, or scratchInMemory(false): the drill directory as it is.
            return new ScratchPlace(disk, facts.diskIsTmpfs(), "in the drill directory " + disk
                    + (facts.diskIsTmpfs() ? ", a memory file system" : ""));
        }
        Path memory = facts.memoryDirectory().get();
        if (!facts.memoryIsTmpfs()) {
            return new ScratchPlace(disk, facts.diskIsTmpfs(), "on disk in " + disk + ": " + memory
                    + " is not a memory file system (tmpfs)");
        }
        // Half the clone's budget: a quarter of the memory available when no memoryBudget is set.
        long byMemory = facts.budget() / 2;
        String memoryRule = facts.budgetConfigured() ? "half the memoryBudget"
                : "a quarter of the " + size(2 * facts.budget()) + " available";
        long byTmpfs = facts.memoryFree() / 2;
        long allowed = Math.min(byMemory, byTmpfs);
        String rule = byMemory <= byTmpfs ? memoryRule : "half of the " + size(facts.memoryFree()) + " free in " + memory;
        if (needed <= allowed) {
            return new ScratchPlace(memory, true, "in memory (" + memory + "): needs " + size(needed) + ", allowed "
                    + size(allowed) + " (" + rule + ")");
        }
        return new ScratchPlace(disk, facts.diskIsTmpfs(), "on disk in " + disk + ": needs " + size(needed)
                + ", more than the " + size(allowed) + " allowed in memory (" + rule + ")");
    }

    /**
     * The scratch a drill needs: the restored size, the WAL to replay (what replay may add to the files, at most),
     * the fetch-ahead queue and a margin.
     */
    static long needed(long restoreBytes, long walBytes, long queueBytes) {
        return Math.max(0, restoreBytes) + Math.max(0, walBytes) + Math.max(0, queueBytes) + MARGIN;
    }

    static String size(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    /** Whether the directory (an existing one) is on tmpfs or ramfs. */
    private static boolean isMemoryFileSystem(Path dir) {
        try {
            String type = Files.isDirectory(dir) ? Files.getFileStore(dir).type() : "";
            return type.equals("tmpfs") || type.equals("ramfs");
        } catch (IOException e) {
            return false;
        }
    }
}
