package dev.pitr.internal.drill;

import dev.pitr.config.Secret;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.conf.ConfValues;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.internal.os.Ownership;
import dev.pitr.internal.os.ProcessExit;
import dev.pitr.internal.pg.Jdbc;
import dev.pitr.internal.pg.PgCtl;
import dev.pitr.internal.pg.PostgresBinaries;
import dev.pitr.internal.restore.Postmaster;
import dev.pitr.operation.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
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
 * The drill's own PostgreSQL cluster in a scratch directory: its data directory, socket directory, server
 * log and pg_hba; the settings that isolate it from production; start, stop and teardown.
 *
 * <p>The restored {@code postgresql.conf} is the source's, so everything that could reach production or
 * collide with it is overridden in {@code postgresql.auto.conf} (read last, so it wins): port, socket
 * directory, no TCP listener, archiving off, no synchronous standbys, a drill-only pg_hba, and the
 * hot-standby minimums read from the restored {@code pg_control}.
 */
public final class DrillCluster {
    private static final Logger LOG = LoggerFactory.getLogger(DrillCluster.class);
    /** pg_controldata lines whose values a hot standby needs at least. */
    private static final Map<String, String> HOT_STANDBY_MINIMUMS = Map.of(
            "max_connections setting", "max_connections",
            "max_worker_processes setting", "max_worker_processes",
            "max_wal_senders setting", "max_wal_senders",
            "max_prepared_xacts setting", "max_prepared_transactions",
            "max_locks_per_xact setting", "max_locks_per_transaction");
    private static final Pattern CONTROL_LINE = Pattern.compile("^([^:]+):\\s+(\\d+)\\s*$");

    private final Path scratch;
    private final int port;
    private final String user;
    private final Optional<String> runAs;
    private final PgCtl pgCtl;
    private final CommandRunner runner;
    private final Map<String, Secret> secrets;

    public DrillCluster(Path scratch, int port, String user, Optional<String> runAs, PostgresBinaries binaries,
            CommandRunner runner, Map<String, Secret> secrets) {
        this.scratch = scratch;
        this.port = port;
        this.user = user;
        this.runAs = runAs;
        this.runner = runner;
        this.pgCtl = new PgCtl(binaries, runner, runAs);
        this.secrets = secrets;
    }

    /** Creates the scratch directory tree (0700, owned by the run-as user). */
    public void create() {
        Ownership.createPrivateDirectory(scratch, runAs);
        Ownership.createPrivateDirectory(socketDirectory(), runAs);
        Ownership.createPrivateDirectory(dataDirectory(), runAs);
    }

    public Path scratch() {
        return scratch;
    }

    public Path dataDirectory() {
        return dataDirectory(scratch);
    }

    /** Where the drill cluster's data directory is in a scratch directory. */
    static Path dataDirectory(Path scratch) {
        return scratch.resolve("pg");
    }

    public Path socketDirectory() {
        return scratch.resolve("sock");
    }

    public Path serverLog() {
        return scratch.resolve("server.log");
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String jdbcUrl(String database) {
        return Jdbc.url(socketDirectory(), port, database);
    }

    public Connection connect(String database) throws SQLException {
        return Jdbc.connect(socketDirectory(), port, database, user);
    }

    /** Writes the isolation settings after pgBackRest restored the files. */
    public void isolate() {
        Path conf = dataDirectory().resolve("postgresql.conf");
        if (!Files.exists(conf)) {
            // Debian-style clusters keep postgresql.conf outside PGDATA; the drill needs none of it.
            Ownership.writePrivateFile(conf, "# created by the pitr restore drill (source kept it outside PGDATA)\n",
                    runAs);
        }
        Path hba = scratch.resolve("pg_hba.conf");
        Ownership.writePrivateFile(hba, "# pitr restore drill: local socket only, run-as user only\nlocal all \""
                + user + "\" trust\n", runAs);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("port", Integer.toString(port));
        settings.put("listen_addresses", "''");
        settings.put("unix_socket_directories", quote(socketDirectory().toString()));
        settings.put("hba_file", quote(hba.toString()));
        settings.put("archive_mode", "'off'");
        settings.put("archive_command", "''");
        settings.put("synchronous_standby_names", "''");
        settings.put("primary_conninfo", "''");
        settings.put("logging_collector", "off");
        settings.put("log_destination", "'stderr'");
        settings.put("ssl", "off");
        settings.put("hot_standby", "on");
        settings.putAll(hotStandbyMinimums());
        StringBuilder text = new StringBuilder("\n# pitr restore drill isolation (overrides the source's settings)\n");
        settings.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        try {
            Files.writeString(dataDirectory().resolve("postgresql.auto.conf"), text, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            Ownership.chown(dataDirectory().resolve("postgresql.auto.conf"), runAs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the drill settings into " + dataDirectory(), e);
        }
    }

    /** Starts PostgreSQL ({@code pg_ctl -w}); secrets go into the postmaster's env for restore_command. */
    public CommandResult start(Duration timeout) {
        return pgCtl.start(dataDirectory(), serverLog(), timeout, secrets);
    }

    /** True while a postmaster for the drill's data directory is alive. */
    public boolean postmasterAlive() {
        return Postmaster.livePid(dataDirectory()).isPresent();
    }

    /** Stops the server immediately (nothing of it is kept) and makes sure no process is left. */
    public void stop() {
        Optional<Long> pid = Postmaster.livePid(dataDirectory());
        if (pid.isEmpty()) {
            return;
        }
        boolean stopped;
        try {
            pgCtl.stop(dataDirectory(), "immediate", Duration.ofSeconds(30));
            stopped = true;
        } catch (RuntimeException e) {
            // e.g. "Shutdown in progress": no new child can be registered from a JVM shutdown hook
            LOG.warn("pg_ctl stop of the drill cluster failed ({}); signalling the postmaster directly", e.getMessage());
            stopped = false;
        }
        if (!stopped) {
            pid.filter(p -> p > 0).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy); // SIGTERM
        }
        pid.filter(p -> p > 0).ifPresent(p -> {
            if (!ProcessExit.await(p, Duration.ofSeconds(15))) {
                LOG.warn("drill postmaster {} did not stop; killing it", p);
                ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
            }
        });
    }

    /** Stops the server and deletes the scratch directory unless asked to keep it. */
    public void teardown(boolean keep) {
        stop();
        if (keep) {
            LOG.info("restore drill scratch directory kept for debugging: {}", scratch);
            return;
        }
        Ownership.deleteTree(scratch);
    }

    private Map<String, String> hotStandbyMinimums() {
        ProcessOutput out = runner.run(new CommandSpec(List.of(pgCtl.binaries().pgControlData().toString(),
                dataDirectory().toString()), Map.of(), Map.of(), Duration.ofSeconds(60), runAs, Path.of("/tmp"),
                "pitr.postgres.pg_controldata", true));
        Map<String, String> values = new LinkedHashMap<>();
        if (out.exitCode() != 0) {
            LOG.warn("pg_controldata failed on the restored cluster; hot-standby minimums not set: {}",
                    out.result().outputTail());
            return values;
        }
        for (String line : out.stdout().split("\n")) {
            Matcher m = CONTROL_LINE.matcher(line.strip());
            if (m.matches() && HOT_STANDBY_MINIMUMS.containsKey(m.group(1).strip())) {
                values.put(HOT_STANDBY_MINIMUMS.get(m.group(1).strip()), m.group(2));
            }
        }
        return values;
    }


    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /**
     * The role checks connect as goes into the drill's pg_hba.conf as one quoted word: refused, before anything
     * runs, when it could break out of it (a line break would add a line of its own, e.g. a trust rule).
     */
    static void requireHbaRole(String role) {
        ConfValues.plainText(Setting.DRILL_DATABASE_USER, role, "the database role");
        if (role.isBlank() || role.contains("\"")) {
            throw new PitrConfigurationException(Setting.DRILL_DATABASE_USER, "'" + role + "' cannot be written into pg_hba.conf",
                    "give a role name without double quotes");
        }
    }
}
