package dev.pitr.internal.restore;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.restore.IsolatedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An isolated copy must not start production's own files or run production's commands: what postgresql.auto.conf
 * cannot override is disabled in the restored postgresql.conf, and the commands are switched off.
 */
class IsolatedRestoreTest {
    @TempDir
    Path dir;

    @Test
    void productionsDataDirectoryOutsideIncludesAndCommandsAreOffInTheCopy() throws Exception {
        Path data = Files.createDirectory(dir.resolve("pg"));
        Files.writeString(data.resolve("postgresql.conf"), "data_directory = '/var/lib/postgresql/15/main'\n"
                + "include '/etc/postgresql/15/main/extra.conf'\n"
                + "archive_cleanup_command = 'pg_archivecleanup /mnt/archive %r'\n"
                + "shared_buffers = '1GB'\n");
        IsolatedCluster cluster = new IsolatedCluster(5999, dir.resolve("sock"), "", Map.of("port", "5999",
                "archive_mode", "'off'", "archive_command", "''"));

        IsolatedRestore.apply(cluster, data, Optional.empty());

        String conf = Files.readString(data.resolve("postgresql.conf"));
        assertFalse(conf.lines().anyMatch(l -> l.startsWith("data_directory")), conf);
        assertFalse(conf.lines().anyMatch(l -> l.startsWith("include ")), conf);
        assertTrue(conf.contains("shared_buffers = '1GB'"), conf);
        String auto = Files.readString(data.resolve("postgresql.auto.conf"));
        assertTrue(auto.contains("archive_cleanup_command = ''"), auto);
        assertTrue(auto.contains("primary_conninfo = ''"), auto);
        assertTrue(auto.contains("archive_mode = 'off'"), auto);
        assertFalse(auto.contains("promote_trigger_file"), "a name PostgreSQL 16+ does not know: " + auto);
        assertTrue(Files.isDirectory(dir.resolve("sock")));
    }
}
