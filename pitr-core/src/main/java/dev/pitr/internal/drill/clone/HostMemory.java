package dev.pitr.internal.drill.clone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Memory for this host: the restored postgresql.conf is production's ({@code shared_buffers=64GB},
 * {@code huge_pages=on}) and a CI runner cannot start it. The clone's memory settings are capped to a
 * budget: the drill's {@code memoryBudget}, else half the memory this host has available now
 * ({@code MemAvailable}, or what the cgroup limit leaves when that is lower). shared_buffers gets at most a
 * quarter of it; the per-operation memories a sixteenth or a thirty-second; huge pages are off, so the
 * clone never takes huge pages a production server on the same host reserved. A value below its cap is
 * production's and is kept. max_connections and the other hot-standby minimums are never lowered.
 */
public final class HostMemory {
    private static final Logger LOG = LoggerFactory.getLogger(HostMemory.class);
    private static final long KB = 1024;
    private static final long MB = 1024 * KB;

    /** How much memory the clone may use, and where that figure came from (for the log and the report). */
    public record Budget(long bytes, String origin) {
        public static Budget of(Optional<Long> configured) {
            if (configured.isPresent()) {
                return new Budget(configured.get(), "restoreDrill.memoryBudget");
            }
            long available = available();
            return new Budget(available / 2, "half of the " + size(available) + " this host has available");
        }
    }

    /** The values the group is sized from (read side by side, and early: see {@code DrillCluster.isolate}). */
    public static final List<String> READS = List.of("shared_buffers", "wal_buffers", "min_dynamic_shared_memory",
            "work_mem", "maintenance_work_mem", "autovacuum_work_mem");

    private HostMemory() {
    }

    /**
     * The group, built from the clone's values as the groups before it left them. {@code sizedByReplay}: what the
     * replay group after it sets, sized by the plan within the same budget (a quarter of it for shared_buffers, as
     * here): neither read nor capped here, so a drill with replay settings starts without reading production's value
     * (a {@code postgres -C} of ~50 ms before the clone may start).
     */
    public static SettingGroup group(Budget budget, RestoredValues values, ControlData control,
            java.util.Set<String> sizedByReplay) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("huge_pages", "off");
        long b = budget.bytes();
        values.prefetch(reads(sizedByReplay));
        for (Cap c : List.of(new Cap("shared_buffers", control.blockSize(), b / 4),
                new Cap("wal_buffers", control.walBlockSize(), b / 32), new Cap("min_dynamic_shared_memory", MB, b / 16),
                new Cap("work_mem", KB, b / 32), new Cap("maintenance_work_mem", KB, b / 16),
                new Cap("autovacuum_work_mem", KB, b / 16))) {
            if (!sizedByReplay.contains(c.name())) {
                cap(s, values, c.name(), c.unit(), c.most());
            }
        }
        return new SettingGroup("memory for this host", "budget " + size(b) + ", " + budget.origin(), s, false);
    }

    /** A parameter's most, in bytes, and the bytes of its base unit. */
    private record Cap(String name, long unit, long most) {
    }

    /** The values {@link #group} reads, less what the replay group sets. */
    public static List<String> reads(java.util.Set<String> sizedByReplay) {
        return READS.stream().filter(n -> !sizedByReplay.contains(n)).toList();
    }

    /**
     * Logs the shared memory a clone that had to be made smaller will ask for (PostgreSQL 15+ computes it
     * without starting a server).
     */
    public static void logSharedMemory(SettingGroup memory, Budget budget, RestoredValues values) {
        if (memory.settings().size() > 1) {
            values.number("shared_memory_size").ifPresent(mb -> LOG.info("the drill clone needs {} of shared memory "
                    + "(memory budget {})", size(mb * MB), size(budget.bytes())));
        }
    }

    private static void cap(Map<String, String> s, RestoredValues values, String name, long unit, long cap) {
        Optional<Long> current = values.number(name);
        if (current.isPresent() && (current.get() < 0 || current.get() * unit <= cap)) {
            return; // automatic (-1), or production's value fits this host
        }
        s.put(name, "'" + size(Math.max(cap, 128 * KB)) + "'");
    }

    /** A size as PostgreSQL writes it: whole MB, or kB below one MB. */
    static String size(long bytes) {
        if (bytes >= MB) {
            return bytes / MB + "MB";
        }
        return Math.max(1, bytes / KB) + "kB";
    }

    /** The memory this host can give now: MemAvailable, or the cgroup's limit minus its usage if lower. */
    public static long available() {
        long mem = meminfo("MemAvailable").orElse(Runtime.getRuntime().maxMemory() * 4);
        OptionalLong cgroup = cgroupRoom();
        return cgroup.isPresent() ? Math.min(mem, cgroup.getAsLong()) : mem;
    }

    private static Optional<Long> meminfo(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(key + ":")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * KB);
                }
            }
        } catch (IOException | NumberFormatException e) {
            LOG.debug("cannot read /proc/meminfo: {}", e.getMessage());
        }
        return Optional.empty();
    }

    /** cgroup v2 (this process's group and its parents), else v1: limit minus usage. */
    private static OptionalLong cgroupRoom() {
        OptionalLong best = OptionalLong.empty();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("0::")) {
                    for (Path dir = Path.of("/sys/fs/cgroup" + line.substring(3)).normalize();
                            dir != null && dir.startsWith("/sys/fs/cgroup"); dir = dir.getParent()) {
                        best = lower(best, room(dir.resolve("memory.max"), dir.resolve("memory.current")));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot read the cgroup memory limit: {}", e.getMessage());
        }
        Path v1 = Path.of("/sys/fs/cgroup/memory");
        return lower(best, room(v1.resolve("memory.limit_in_bytes"), v1.resolve("memory.usage_in_bytes")));
    }

    private static OptionalLong room(Path limitFile, Path usageFile) {
        try {
            String limit = Files.readString(limitFile, StandardCharsets.US_ASCII).strip();
            if (limit.equals("max") || limit.length() > 18) {
                return OptionalLong.empty(); // no limit (v1 writes a huge number)
            }
            long usage = Files.isRegularFile(usageFile)
                    ? Long.parseLong(Files.readString(usageFile, StandardCharsets.US_ASCII).strip()) : 0;
            return OptionalLong.of(Math.max(0, Long.parseLong(limit) - usage));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static OptionalLong lower(OptionalLong a, OptionalLong b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : OptionalLong.of(Math.min(a.getAsLong(), b.getAsLong()));
    }
}
