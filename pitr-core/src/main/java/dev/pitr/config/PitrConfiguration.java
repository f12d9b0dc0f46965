package dev.pitr.config;

import dev.pitr.operation.Operation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated, frozen configuration of a {@link dev.pitr.PgBackRest} instance. It holds no secret: only the
 * names of the secret options that are set ({@link #secretOptions()}); the values stay inside the engine and
 * reach pgBackRest only as environment variables of its process, and its repositories carry no secrets.
 *
 * @param stanza            the stanza every command addresses
 * @param executable        the pgbackrest executable (a name looked up on PATH, or a path)
 * @param version           pgBackRest's release as reported at load time, e.g. 2.45 or 2.55.1
 * @param configFile        the pgbackrest.conf passed as {@code --config} (given, or rendered by pitr)
 * @param rendered          true when pitr rendered configFile from the typed model
 * @param repositories      the typed repositories (empty when an existing file is used)
 * @param pgPath            the stanza's pg1-path when known (the production data directory)
 * @param pgPort            the stanza's pg1-port when known
 * @param pgSocketPath      the stanza's pg1-socket-path when known
 * @param pgUser            the database user pgBackRest connects as (pg1-user), when set
 * @param runAs             the OS user commands run as; empty: the current user (never root unless allowRoot)
 * @param timeouts          per-operation timeouts
 * @param environment       extra, non-secret environment for every command
 * @param secretOptions     the secret options that are set (e.g. repo1-cipher-pass), names only
 * @param reportGroup       the OS group that may read the report, history, health and audit files pitr writes
 *                          (mode 0640); empty: they are private to their owner (0600)
 * @param allowRoot         pgBackRest may run as root on purpose ({@code --allow-root} on 2.59+)
 */
public record PitrConfiguration(String stanza, String executable, PgBackRestVersion version, Path configFile,
        boolean rendered,
        List<Repository> repositories, Optional<Path> pgPath, Optional<Integer> pgPort, Optional<Path> pgSocketPath,
        Optional<String> pgUser, Optional<String> runAs, Map<Operation, Duration> timeouts,
        Map<String, String> environment, Set<String> secretOptions, Optional<String> reportGroup, boolean allowRoot) {
    public PitrConfiguration {
        repositories = repositories.stream().map(Repository::withoutSecrets).toList();
        timeouts = Map.copyOf(timeouts);
        environment = Map.copyOf(environment);
        secretOptions = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(secretOptions));
    }

    /** A configuration whose report files are private to their owner and that never runs pgBackRest as root. */
    public PitrConfiguration(String stanza, String executable, PgBackRestVersion version, Path configFile,
            boolean rendered, List<Repository> repositories, Optional<Path> pgPath, Optional<Integer> pgPort,
            Optional<Path> pgSocketPath, Optional<String> pgUser, Optional<String> runAs, Map<Operation, Duration> timeouts,
            Map<String, String> environment, Set<String> secretOptions) {
        this(stanza, executable, version, configFile, rendered, repositories, pgPath, pgPort, pgSocketPath, pgUser, runAs,
                timeouts, environment, secretOptions, Optional.empty(), false);
    }

    public Duration timeout(Operation op) {
        return timeouts.getOrDefault(op, op.defaultTimeout());
    }
}
