package dev.pitr.internal.drill.clone;

import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.DaemonThreads;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The value a parameter has in the clone's configuration files as they stand
 * ({@code postgres -D <data> -C <name>}: PostgreSQL's own reading, includes and units resolved, without
 * starting a server). Values come in the parameter's base unit (8 kB blocks for shared_buffers, kB for
 * work_mem). Call {@link #forget} after changing the files.
 *
 * <p>A parameter with a built-in value ({@link #BUILT_IN}) that no line of the files names ({@link ConfMentions}) has
 * that value without a process: each {@code postgres -C} costs ~30 ms of CPU, and the seven the drill reads before
 * its clone may start took 190 ms on 2 cores, one core's worth of them for values a stock configuration never sets.
 */
public final class RestoredValues {
    private static final Logger LOG = LoggerFactory.getLogger(RestoredValues.class);

    private final Path postgres;
    private final Path dataDirectory;
    private final CommandRunner runner;
    private final Optional<String> runAs;
    private final KnownParameters known;
    private final Map<String, Optional<String>> cache = new HashMap<>();
    /** What the files name, as they stand: read again after {@link #forget}. */
    private ConfMentions mentions;
    /** Values PostgreSQL computes from other settings (wal_buffers=-1 from shared_buffers, the shared memory sizes). */
    private static final List<String> DERIVED = List.of("wal_buffers", "shared_memory_size",
            "shared_memory_size_in_huge_pages");
    /**
     * PostgreSQL's built-in values, as {@code postgres -C} prints them (base units: 8 kB blocks, MB, kB), of the
     * parameters the drill reads before the clone starts; the same in every release from 14 (which brought
     * min_dynamic_shared_memory) through 18, and given only for a parameter this PostgreSQL knows.
     */
    static final Map<String, String> BUILT_IN = Map.of("shared_buffers", "16384", "wal_buffers", "-1",
            "min_dynamic_shared_memory", "0", "work_mem", "4096", "maintenance_work_mem", "65536",
            "autovacuum_work_mem", "-1", "shared_preload_libraries", "");

    public RestoredValues(Path postgres, Path dataDirectory, CommandRunner runner, Optional<String> runAs,
            KnownParameters known) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.runner = runner;
        this.runAs = runAs;
        this.known = known;
    }

    /** The value, or empty when PostgreSQL could not read the configuration (its message is logged). */
    public Optional<String> value(String name) {
        return cache.computeIfAbsent(name, n -> builtIn(n).orElseGet(() -> read(n)));
    }

    /** A numeric value in the parameter's base unit. */
    public Optional<Long> number(String name) {
        return value(name).flatMap(v -> {
            try {
                return Optional.of(Long.parseLong(v.strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Reads these values at once: one {@code postgres -C} each, all side by side (a thread each: a parallel stream
     * would run only as many as the host has cores less one, and each read mostly waits for a process start).
     */
    public void prefetch(List<String> names) {
        // What the files cannot set is known here; only the rest needs a process.
        names.stream().distinct().filter(n -> !cache.containsKey(n))
                .forEach(n -> builtIn(n).ifPresent(v -> cache.put(n, v)));
        Executor threadEach = DaemonThreads.named("pitr-show-config");
        List<CompletableFuture<Map.Entry<String, Optional<String>>>> reads = names.stream().distinct()
                .filter(n -> !cache.containsKey(n))
                .map(n -> CompletableFuture.supplyAsync(() -> Map.entry(n, read(n)), threadEach)).toList();
        reads.forEach(r -> {
            Map.Entry<String, Optional<String>> e = DaemonThreads.join(r);
            cache.put(e.getKey(), e.getValue());
        });
    }

    /**
     * After settings were appended to the files: their values, and those PostgreSQL derives from other settings
     * ({@link #DERIVED}), are read again; a value no appended line names stays as read.
     */
    void forget(java.util.Collection<String> changed) {
        changed.forEach(cache::remove);
        DERIVED.forEach(cache::remove);
        mentions = null;
    }

    /** The built-in value of a parameter the files do not name (empty: ask PostgreSQL). */
    private Optional<Optional<String>> builtIn(String name) {
        if (!BUILT_IN.containsKey(name) || !known.knows(name)) {
            return Optional.empty();
        }
        if (mentions == null) {
            mentions = ConfMentions.of(dataDirectory);
        }
        return mentions.names(name) ? Optional.empty() : Optional.of(Optional.of(BUILT_IN.get(name)));
    }

    private Optional<String> read(String name) {
        ProcessOutput out = runner.run(new CommandSpec(List.of(postgres.toString(), "-D", dataDirectory.toString(), "-C",
                name), Map.of(), Map.of(), Duration.ofSeconds(60), runAs, Path.of("/tmp"), "pitr.postgres.show-config",
                true));
        if (out.exitCode() != 0) {
            LOG.warn("postgres -C {} on the restored configuration failed: {}", name, out.result().outputTail());
            return Optional.empty();
        }
        String[] lines = out.stdout().strip().split("\n");
        return Optional.of(lines[lines.length - 1].strip());
    }
}
