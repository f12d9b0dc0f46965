package dev.pitr.internal.restore;

import dev.pitr.internal.os.Ownership;
import dev.pitr.restore.IsolatedCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Writes an isolated restore's settings after pgBackRest restored the files: appended to
 * {@code postgresql.auto.conf} (after pgBackRest's recovery settings, read last so they win), the socket
 * directory created, and stand-ins for configuration files a Debian-style source keeps outside PGDATA, so the
 * copy starts with {@code pg_ctl -D}.
 */
final class IsolatedRestore {
    private IsolatedRestore() {
    }

    static void apply(IsolatedCluster cluster, Path dataDirectory, Optional<String> runAs) {
        Ownership.createPrivateDirectory(cluster.socketDirectory(), runAs);
        standIn(dataDirectory.resolve("postgresql.conf"), "# created by pitr: the source keeps postgresql.conf outside "
                + "PGDATA; postgresql.auto.conf holds the restore's settings\n", runAs);
        standIn(dataDirectory.resolve("pg_hba.conf"), "# created by pitr: the source keeps pg_hba.conf outside PGDATA\n"
                + "local all all peer\n", runAs);
        standIn(dataDirectory.resolve("pg_ident.conf"), "# created by pitr\n", runAs);
        StringBuilder text = new StringBuilder("\n# pitr isolated restore: safe to start beside production (no archiving, "
                + "own port and socket, no primary). Remove this block before using the copy as production.\n");
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
