package dev.pitr.internal.drill.clone;

import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restored {@code pg_control} ({@code pg_controldata}): the source's settings a hot standby may not go
 * below, and the block sizes that give parameters in blocks their size in bytes.
 */
public final class ControlData {
    private static final Logger LOG = LoggerFactory.getLogger(ControlData.class);
    /** pg_controldata lines whose values a hot standby needs at least. */
    private static final Map<String, String> HOT_STANDBY_MINIMUMS = Map.of(
            "max_connections setting", "max_connections",
            "max_worker_processes setting", "max_worker_processes",
            "max_wal_senders setting", "max_wal_senders",
            "max_prepared_xacts setting", "max_prepared_transactions",
            "max_locks_per_xact setting", "max_locks_per_transaction");
    private static final Pattern LINE = Pattern.compile("^([^:]+):\\s+(\\d+)\\s*$");

    private final Map<String, Long> numbers;

    ControlData(Map<String, Long> numbers) {
        this.numbers = Map.copyOf(numbers);
    }

    public static ControlData read(Path pgControlData, Path dataDirectory, CommandRunner runner, Optional<String> runAs) {
        ProcessOutput out = runner.run(new CommandSpec(List.of(pgControlData.toString(), dataDirectory.toString()),
                Map.of(), Map.of(), Duration.ofSeconds(60), runAs, Path.of("/tmp"), "pitr.postgres.pg_controldata", true));
        if (out.exitCode() != 0) {
            LOG.warn("pg_controldata failed on the restored cluster; hot-standby minimums not set: {}",
                    out.result().outputTail());
            return new ControlData(Map.of());
        }
        return parse(out.stdout());
    }

    static ControlData parse(String output) {
        Map<String, Long> numbers = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                numbers.put(m.group(1).strip(), Long.parseLong(m.group(2)));
            }
        }
        return new ControlData(numbers);
    }

    /** The page size (8192 unless PostgreSQL was built otherwise): the unit of shared_buffers. */
    public long blockSize() {
        return numbers.getOrDefault("Database block size", 8192L);
    }

    /** The WAL page size: the unit of wal_buffers. */
    public long walBlockSize() {
        return numbers.getOrDefault("WAL block size", 8192L);
    }

    /** max_connections and the others at the source's values, which a hot standby refuses to go below. */
    public SettingGroup hotStandbyMinimums() {
        Map<String, String> s = new LinkedHashMap<>();
        HOT_STANDBY_MINIMUMS.forEach((line, parameter) -> {
            Long v = numbers.get(line);
            if (v != null) {
                s.put(parameter, Long.toString(v));
            }
        });
        return new SettingGroup("hot-standby minimums", "the source's values from pg_control; a hot standby "
                + "refuses to start below them", new java.util.TreeMap<>(s), true);
    }
}
