package dev.pitr.internal.restore;

import dev.pitr.internal.drill.clone.NeutralisedSettings;
import dev.pitr.internal.drill.clone.RestoredConfFiles;
import dev.pitr.internal.os.Ownership;
import dev.pitr.restore.IsolatedCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an isolated restore's settings after pgBackRest restored the files: appended to
 * {@code postgresql.auto.conf} (after pgBackRest's recovery settings, read last so they win), the socket
 * directory created, and stand-ins for configuration files a Debian-style source keeps outside PGDATA, so the
 * copy starts with {@code pg_ctl -D}.
 */
final class IsolatedRestore {
    private static final Logger LOG = LoggerFactory.getLogger(IsolatedRestore.class);
    /**
     * The neutralised settings every supported PostgreSQL major knows (an unknown name stops the server; a drill
     * asks its server which it knows, a restore has no server to ask). ssl stays: a copy given TCP may want it.
     */
    private static final Set<String> EVERY_MAJOR_KNOWS = Set.of("archive_mode", "archive_command",
            "archive_cleanup_command", "recovery_end_command", "ssl_passphrase_command", "primary_conninfo",
            "primary_slot_name", "synchronous_standby_names", "local_preload_libraries", "session_preload_libraries",
            "log_destination", "logging_collector", "bonjour", "bonjour_name");

    private IsolatedRestore() {
    }

    static void apply(IsolatedCluster cluster, Path dataDirectory, Optional<String> runAs) {
        Ownership.createPrivateDirectory(cluster.socketDirectory(), runAs);
        standIn(dataDirectory.resolve("postgresql.conf"), "# created by pitr: the source keeps postgresql.conf outside "
                + "PGDATA; postgresql.auto.conf holds the restore's settings\n", runAs);
        standIn(dataDirectory.resolve("pg_hba.conf"), "# created by pitr: the source keeps pg_hba.conf outside PGDATA\n"
                + "local all all peer\n", runAs);
        standIn(dataDirectory.resolve("pg_ident.conf"), "# created by pitr\n", runAs);
        // As in a drill's clone: data_directory, config_file and includes reaching outside would start production's
        // own files; production's commands (archive, restore_command's cleanup, ssl passphrase, ...) must not run.
        RestoredConfFiles.disableOutsideReferences(dataDirectory, runAs)
                .forEach(line -> LOG.info("isolated restore: disabled {}", line));
        StringBuilder text = new StringBuilder("\n# pitr isolated restore: safe to start beside production (no archiving, "
                + "own port and socket, no primary, production's commands off). Remove this block before using the copy "
                + "as production.\n");
        NeutralisedSettings.commands().settings().forEach((k, v) -> {
            if (EVERY_MAJOR_KNOWS.contains(k) && !cluster.settings().containsKey(k)) {
                text.append(k).append(" = ").append(v).append('\n');
            }
        });
        cluster.settings().forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        Path auto = dataDirectory.resolve("postgresql.auto.conf");
        try {
            Files.writeString(auto, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Ownership.chown(auto, runAs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the isolation settings into " + auto, e);
        }
    }

    private static void standIn(Path file, String content, Optional<String> runAs) {
        if (!Files.exists(file)) {
            Ownership.writePrivateFile(file, content, runAs);
        }
    }
}
