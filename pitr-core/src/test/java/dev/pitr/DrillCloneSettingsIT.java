package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.drill.DrillReport;
import dev.pitr.internal.drill.clone.KnownParameters;
import dev.pitr.internal.exec.CommonsExecRunner;
import dev.pitr.internal.pg.PostgresBinaries;
import dev.pitr.operation.BackupType;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The clone of a production configuration: a source postgresql.conf whose every command-running or
 * outside-reaching setting points at a marker-writing script (or at a file, peer or library that does
 * not exist here), and one sized for a much bigger host. Each is backed up with the source (which never
 * reloads it), and drilled: no marker appears, the clone is no standby (no standby.signal, no WAL receiver)
 * and nothing connects to the "primary", and the drill PASSES.
 */
class DrillCloneSettingsIT {
    static SandboxCluster sandbox;
    static PgBackRest pgbr;
    static Path markers;
    /** Report directories of the memory drills: outside {@link #markers}, which holds only the first test's files. */
    static Path elsewhere;
    static Path mark;
    static KnownParameters known;
    /**
     * The settings the clone is checked for that some supported PostgreSQL (15 to 17) does not know: only these
     * may be left out when the drill's server does not know them; every other one must be known.
     */
    static final List<String> VERSION_SPECIFIC = List.of("promote_trigger_file", // removed in 16
            "sync_replication_slots", "synchronized_standby_slots", // new in 17
            "basic_archive.archive_directory"); // an extension's, never in --describe-config

    /** Whether the test uses the setting: fails for a core setting the server does not know. */
    static boolean uses(String name) {
        if (VERSION_SPECIFIC.contains(name)) {
            return known.knows(name);
        }
        assertTrue(known.knows(name), name + " is a setting of every PostgreSQL from 15 to 17, unknown to the drill's");
        return true;
    }

    @BeforeAll
    static void sandbox() throws IOException {
        sandbox = SandboxCluster.builder().stanza("clone").fsync(false).archiveTimeout(Duration.ofHours(1)).start();
        pgbr = sandbox.pgBackRest();
        pgbr.stanzaCreate();
        pgbr.backup(BackupType.FULL);
        markers = Files.createTempDirectory(Path.of("/tmp"), "pitr-markers-");
        Files.setPosixFilePermissions(markers, PosixFilePermissions.fromString("rwxrwxrwx"));
        elsewhere = Files.createTempDirectory(Path.of("/tmp"), "pitr-clone-reports-");
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxrwxrwx"));
        mark = markers.resolve("mark.sh");
        Files.writeString(mark, "#!/bin/sh\ntouch \"" + markers + "/$1\"\nexit 0\n");
        Files.setPosixFilePermissions(mark, PosixFilePermissions.fromString("rwxr-xr-x"));
        known = KnownParameters.describe(PostgresBinaries.locate(Optional.empty()).postgres(), new CommonsExecRunner(),
                Optional.of(sandbox.user()));
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (sandbox != null) {
            sandbox.close();
        }
        dev.pitr.internal.os.Ownership.deleteTree(markers);
        if (elsewhere != null) {
            dev.pitr.internal.os.Ownership.deleteTree(elsewhere);
        }
    }

    @Test
    void productionCommandsPeersLibrariesAndOutsideFilesNeverRunOrAreReachedFromTheClone() throws Exception {
        try (ServerSocket primary = new ServerSocket(0)) {
            AtomicInteger connections = listen(primary);
            Map<String, String> production = new LinkedHashMap<>();
            for (String command : List.of("archive_cleanup_command", "recovery_end_command", "archive_command",
                    "restore_command", "ssl_passphrase_command")) {
                production.put(command, "'" + mark + " " + command + " %f %p %r'");
            }
            production.put("archive_mode", "always");
            production.put("archive_library", "'basic_archive'");
            production.put("basic_archive.archive_directory", "'" + markers.resolve("basic_archive") + "'");
            production.put("ssl", "on");
            production.put("ssl_cert_file", "'/nonexistent/production.crt'");
            production.put("primary_conninfo", "'host=127.0.0.1 port=" + primary.getLocalPort() + " user=replicator'");
            production.put("primary_slot_name", "'production_slot'");
            production.put("synchronous_standby_names", "'*'");
            production.put("promote_trigger_file", "'" + markers.resolve("promote_trigger_file") + "'");
            production.put("sync_replication_slots", "on");
            production.put("synchronized_standby_slots", "'production_slot'");
            production.put("local_preload_libraries", "'pitr_missing_local_library'");
            production.put("session_preload_libraries", "'pitr_missing_session_library'");
            production.put("shared_preload_libraries", "'pg_stat_statements, pg_cron'");
            production.put("external_pid_file", "'" + markers.resolve("external_pid_file") + "'");
            production.put("log_destination", "'syslog'");
            production.put("logging_collector", "on");
            production.put("log_directory", "'" + markers.resolve("log_directory") + "'");
            production.put("bonjour", "on");
            production.put("bonjour_name", "'production'");
            production.put("unix_socket_group", "'pitr_no_such_group'");
            production.put("unix_socket_permissions", "0777");
            production.put("cluster_name", "'production'");
            production.put("hba_file", "'/nonexistent/pg_hba.conf'");
            production.put("ident_file", "'/nonexistent/pg_ident.conf'");
            production.put("hot_standby", "off");
            production.put("recovery_target_name", "'pitr_no_such_restore_point'");
            production.put("recovery_min_apply_delay", "'1h'");
            production.put("data_directory", "'" + markers.resolve("data_directory") + "'");
            // Small, so replaying the WAL below makes restart points (where archive_cleanup_command runs).
            production.put("max_wal_size", "'32MB'");
            production.put("min_wal_size", "'32MB'");
            List<String> lines = new ArrayList<>();
            production.forEach((k, v) -> {
                if (uses(k)) {
                    lines.add(k + " = " + v);
                }
            });
            Files.writeString(markers.resolve("outside.conf"), "work_mem = '77MB'\n");
            lines.add("include_if_exists = '" + markers.resolve("outside.conf") + "'");
            lines.add("include_dir '" + markers.resolve("conf.d") + "'");
            lines.add("include 'inside.conf'");
            Path inside = sandbox.dataDirectory().resolve("inside.conf");
            Files.writeString(inside, "default_statistics_target = 471\ndata_directory = '" + markers.resolve("data2")
                    + "'\n");
            dev.pitr.internal.os.Ownership.chown(inside, Optional.of(sandbox.user()));

            backupWithSourceSettings(lines, BackupType.INCR);
            sandbox.execute("create table w(id int, pad text)");
            for (int i = 0; i < 4; i++) {
                sandbox.execute("insert into w select g, repeat('x', 400) from generate_series(1, 25000) g", "checkpoint");
            }
            pgbr.check(); // everything above is archived: the drill replays it

            DrillReport report;
            Map<String, String> clone = new LinkedHashMap<>();
            try (RestoreDrill drill = pgbr.restoreDrill().expectRowCount("w", 100_000).recoveryTimeout(Duration.ofMinutes(2))
                    .postRestoreCommand(List.of("sh", "-c", "timeout 20 " + PostgresBinaries.locate(Optional.empty())
                            .binDirectory().resolve("psql") + " -X -v ON_ERROR_STOP=1 -c 'create table after_promotion(i int)'"))
                    .reportDirectory(markers.resolve("reports")).start()) {
                report = drill.report();
                Properties p = new Properties();
                p.setProperty("user", drill.user());
                try (Connection c = DriverManager.getConnection(drill.jdbcUrl(), p); Statement s = c.createStatement()) {
                    for (String name : List.of("archive_mode", "archive_command", "archive_library",
                            "archive_cleanup_command", "recovery_end_command", "ssl", "ssl_passphrase_command",
                            "primary_conninfo", "primary_slot_name", "synchronous_standby_names",
                            "synchronized_standby_slots", "sync_replication_slots", "promote_trigger_file",
                            "local_preload_libraries", "session_preload_libraries", "shared_preload_libraries",
                            "external_pid_file", "log_destination", "logging_collector", "bonjour", "unix_socket_group",
                            "unix_socket_permissions", "cluster_name", "hba_file", "ident_file", "hot_standby",
                            "recovery_target_name", "recovery_min_apply_delay", "data_directory", "restore_command",
                            "work_mem", "default_statistics_target")) {
                        if (uses(name)) {
                            try (ResultSet rs = s.executeQuery("select current_setting('" + name + "')")) {
                                rs.next();
                                clone.put(name, rs.getString(1));
                            }
                        }
                    }
                    // primary_conninfo is empty, so no WAL receiver ever starts: none runs while the drill is held.
                    try (ResultSet rs = s.executeQuery("select count(*) from pg_stat_wal_receiver")) {
                        rs.next();
                        assertEquals(0, rs.getLong(1), "WAL receivers in the clone");
                    }
                }
                assertTrue(Files.isDirectory(drill.dataDirectory()), drill.dataDirectory().toString());
                assertFalse(Files.exists(drill.dataDirectory().resolve("standby.signal")),
                        "the restored data directory is no standby");
                assertEquals(drill.dataDirectory().toString(), clone.get("data_directory"));
                assertEquals(drill.scratchDirectory().resolve("postmaster.external.pid").toString(),
                        clone.get("external_pid_file"));
                assertTrue(clone.get("hba_file").startsWith(drill.scratchDirectory().toString()), clone.toString());
                assertTrue(clone.get("ident_file").startsWith(drill.scratchDirectory().toString()), clone.toString());
                assertTrue(clone.get("restore_command").contains("archive-get")
                        && clone.get("restore_command").contains("--pg1-path=" + drill.dataDirectory()), clone.toString());
            }
            try (Stream<Path> s = Files.list(markers)) {
                List<String> left = s.map(f -> f.getFileName().toString())
                        .filter(f -> !List.of("mark.sh", "outside.conf", "reports").contains(f)).toList();
                assertEquals(List.of(), left, "markers written by the clone");
            }
            assertTrue(report.passed(), () -> "failed: " + report.failure() + " " + report.failedChecks() + "; clone " + clone);
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("archive_mode", "off");
            List.of("archive_command", "archive_library", "archive_cleanup_command", "recovery_end_command",
                    "ssl_passphrase_command", "primary_conninfo", "primary_slot_name", "synchronous_standby_names",
                    "synchronized_standby_slots", "promote_trigger_file", "local_preload_libraries",
                    "session_preload_libraries", "unix_socket_group", "recovery_target_name")
                    .forEach(n -> expected.put(n, ""));
            expected.put("ssl", "off");
            expected.put("sync_replication_slots", "off");
            expected.put("shared_preload_libraries", "pg_stat_statements");
            expected.put("log_destination", "stderr");
            expected.put("logging_collector", "off");
            expected.put("bonjour", "off");
            expected.put("unix_socket_permissions", "0700");
            expected.put("cluster_name", "pitr-drill");
            expected.put("hot_standby", "on");
            expected.put("recovery_min_apply_delay", "0");
            expected.put("work_mem", "4MB"); // the include outside the clone was not read
            expected.put("default_statistics_target", "471"); // the include inside it was
            expected.forEach((name, value) -> {
                assertTrue(clone.containsKey(name) || VERSION_SPECIFIC.contains(name), name + " not read: " + clone);
                if (clone.containsKey(name)) {
                    // SHOW says "(disabled)" for archive_command while archive_mode is off
                    String actual = clone.get(name).equals("(disabled)") ? "" : clone.get(name);
                    assertEquals(value, actual, name + " in the clone");
                }
            });
            assertEquals(0, connections.get(), "connections to production's primary");
        }
    }

    @Test
    void aSourceConfiguredForAMuchBiggerHostStartsWithinThisHostsMemory() throws Exception {
        backupWithSourceSettings(List.of("shared_buffers = '64GB'", "huge_pages = on", "work_mem = '8GB'",
                "maintenance_work_mem = '16GB'", "wal_buffers = '1GB'", "min_dynamic_shared_memory = '32GB'"),
                BackupType.INCR);
        Map<String, String> clone = new LinkedHashMap<>();
        DrillReport report;
        // Replay tuning off: production's own values, capped to the budget (replay tuning would size shared_buffers
        // to this small database instead, below the cap; the drill below runs with it).
        try (RestoreDrill drill = pgbr.restoreDrill().memoryBudget("1GB").replayTuning(false)
                .recoveryTimeout(Duration.ofMinutes(2)).reportDirectory(elsewhere.resolve("reports-memory")).start()) {
            report = drill.report();
            Properties p = new Properties();
            p.setProperty("user", drill.user());
            try (Connection c = DriverManager.getConnection(drill.jdbcUrl(), p); Statement s = c.createStatement()) {
                for (String name : List.of("shared_buffers", "huge_pages", "work_mem", "maintenance_work_mem",
                        "wal_buffers", "min_dynamic_shared_memory", "max_connections")) {
                    try (ResultSet rs = s.executeQuery("select current_setting('" + name + "')")) {
                        rs.next();
                        clone.put(name, rs.getString(1));
                    }
                }
            }
        }
        assertTrue(report.passed(), () -> "failed: " + report.failure() + " " + report.failedChecks());
        assertEquals(Map.of("shared_buffers", "256MB", "huge_pages", "off", "work_mem", "32MB",
                "maintenance_work_mem", "64MB", "wal_buffers", "32MB", "min_dynamic_shared_memory", "64MB",
                "max_connections", sandbox.queryForString("show max_connections")), clone);

        // Without a budget: half of what this host has available, which is far below 64GB here.
        DrillReport byDefault = pgbr.restoreDrill().recoveryTimeout(Duration.ofMinutes(2))
                .assertSql("shared_buffers capped", "select setting::bigint * 8192 < 64::bigint * 1024 * 1024 * 1024 "
                        + "from pg_settings where name = 'shared_buffers'")
                .assertSqlEquals("huge_pages", "show huge_pages", "off")
                .reportDirectory(elsewhere.resolve("reports-memory-default")).run();
        assertTrue(byDefault.passed(), () -> "failed: " + byDefault.failure() + " " + byDefault.failedChecks());
    }

    /** Backs up with these lines appended to the source's postgresql.conf, which the source never reloads. */
    private static void backupWithSourceSettings(List<String> lines, BackupType type) throws IOException {
        Path conf = sandbox.dataDirectory().resolve("postgresql.conf");
        String original = Files.readString(conf);
        try {
            Files.writeString(conf, original + "\n# production\n" + String.join("\n", lines) + "\n");
            pgbr.backup(type);
        } finally {
            Files.writeString(conf, original);
        }
    }

    private static AtomicInteger listen(ServerSocket server) {
        AtomicInteger count = new AtomicInteger();
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    count.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "production-primary");
        t.setDaemon(true);
        t.start();
        return count;
    }
}
