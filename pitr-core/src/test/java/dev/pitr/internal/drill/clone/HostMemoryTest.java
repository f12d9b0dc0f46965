package dev.pitr.internal.drill.clone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.operation.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory group caps production's values at the clone's budget; what the replay group sets (sized by the plan
 * within the same budget) is neither read nor capped there, so it costs no {@code postgres -C} before the start.
 */
class HostMemoryTest {
    private static final long GIB = 1024L * 1024 * 1024;

    @TempDir
    Path data;

    private final List<String> asked = new CopyOnWriteArrayList<>();

    /** Production's values, far above a 1 GiB budget: 8 GiB of shared_buffers, 1 GiB of work_mem. */
    private final Map<String, String> production = Map.of("shared_buffers", "1048576", "wal_buffers", "-1",
            "min_dynamic_shared_memory", "0", "work_mem", "1048576", "maintenance_work_mem", "2097152",
            "autovacuum_work_mem", "-1");

    private final CommandRunner postgres = spec -> {
        String name = spec.argv().get(spec.argv().size() - 1);
        asked.add(name);
        return new ProcessOutput(new CommandResult(spec.argv(), 0, Duration.ZERO, List.of()), production.get(name) + "\n",
                false);
    };

    @Test
    void productionsValuesAboveTheBudgetAreCapped() throws IOException {
        SettingGroup group = HostMemory.group(budget(), values(), control(), Set.of());
        assertEquals("'256MB'", group.settings().get("shared_buffers"));
        assertEquals("'32MB'", group.settings().get("work_mem"));
        assertEquals("'64MB'", group.settings().get("maintenance_work_mem"));
        assertFalse(group.settings().containsKey("wal_buffers"), "automatic (-1) stays automatic");
        assertTrue(asked.contains("shared_buffers"));
    }

    @Test
    void whatTheReplayGroupSetsIsNeitherReadNorCapped() throws IOException {
        SettingGroup group = HostMemory.group(budget(), values(), control(), Set.of("shared_buffers"));
        assertFalse(group.settings().containsKey("shared_buffers"), group.toString());
        assertFalse(asked.contains("shared_buffers"), asked.toString());
        assertEquals("'32MB'", group.settings().get("work_mem"));
        assertEquals(List.of("wal_buffers", "min_dynamic_shared_memory", "work_mem", "maintenance_work_mem",
                "autovacuum_work_mem"), HostMemory.reads(Set.of("shared_buffers")));
    }

    private HostMemory.Budget budget() {
        return new HostMemory.Budget(GIB, "restoreDrill.memoryBudget");
    }

    /** Every value named in the files, so every one is read from the (fake) server. */
    private RestoredValues values() throws IOException {
        StringBuilder conf = new StringBuilder();
        production.keySet().forEach(name -> conf.append(name).append(" = 1\n"));
        Files.writeString(data.resolve("postgresql.conf"), conf);
        return new RestoredValues(Path.of("/usr/lib/postgresql/bin/postgres"), data, postgres, Optional.empty(),
                KnownParameters.parse(resource("describe-config-pg17.tsv")));
    }

    private static ControlData control() {
        return ControlData.parse("Database block size:                  8192\nWAL block size:                       8192\n");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = HostMemoryTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
