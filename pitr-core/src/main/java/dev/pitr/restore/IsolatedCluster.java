package dev.pitr.restore;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings an isolated restore writes into the restored {@code postgresql.auto.conf} (read last, so they
 * win over production's {@code postgresql.conf}), resolved when planning: the copy never archives, listens on
 * its own port and socket directory, and follows no primary.
 *
 * @param port            the port it listens on
 * @param socketDirectory its unix socket directory (inside the restored data directory)
 * @param listenAddresses its {@code listen_addresses} ({@code ''}: no TCP)
 * @param settings        every setting written, in order
 */
public record IsolatedCluster(int port, Path socketDirectory, String listenAddresses, Map<String, String> settings) {
    public IsolatedCluster {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /** How a person starts and reaches the copy. */
    public String howToStart(Path dataDirectory) {
        return "start it as the PostgreSQL OS user with: pg_ctl -D " + dataDirectory + " -l " + dataDirectory
                + "/pitr-restore.log start; connect with: psql -h " + socketDirectory + " -p " + port
                + (listenAddresses.isEmpty() ? "" : " (or over TCP on " + listenAddresses + ":" + port + ")");
    }
}
