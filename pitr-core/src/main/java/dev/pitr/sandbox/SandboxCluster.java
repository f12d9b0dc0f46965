package dev.pitr.sandbox;

import dev.pitr.FluentConfiguration;
import dev.pitr.PgBackRest;
import dev.pitr.config.Repository;
import dev.pitr.config.Secret;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.internal.CommandLine;
import dev.pitr.internal.conf.RepositoryNumbers;
import dev.pitr.internal.exec.CommonsExecRunner;
import dev.pitr.internal.os.Ownership;
import dev.pitr.internal.os.ProcessExit;
import dev.pitr.internal.os.RunAs;
import dev.pitr.internal.pg.Jdbc;
import dev.pitr.internal.pg.PgCtl;
import dev.pitr.internal.pg.PostgresBinaries;
import dev.pitr.internal.restore.Postmaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A throwaway PostgreSQL cluster wired to pgBackRest, for tests, the demo, and trying pitr without
 * touching a real database. {@link #start()} creates a private directory, runs initdb, configures WAL
 * archiving into a posix repository of its own (or the repositories you give), starts the server on a
 * private unix socket ({@code listen_addresses=''}) and loads a {@link PgBackRest} for it.
 * {@link #close()} stops the server and deletes everything, also when the JVM exits.
 *
 * <p>As root the server and pgBackRest run as {@code postgres} (PostgreSQL refuses to run as root);
 * otherwise as the current user.
 */
public final class SandboxCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SandboxCluster.class);

    private final Builder spec;
    private final Path directory;
    private final int port;
    private final PgCtl pgCtl;
    private final PgBackRest pgBackRest;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private SandboxCluster(Builder spec) {
        this.spec = spec;
        Optional<String> user = Optional.of(spec.runAs);
        this.pgCtl = new PgCtl(PostgresBinaries.locate(Optional.ofNullable(spec.pgBinDirectory)),
                new CommonsExecRunner(false, spec.secrets()), user);
        this.directory = createDirectory(spec.baseDirectory, user);
        this.shutdownHook = new Thread(this::destroyQuietly, "pitr-sandbox-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            this.port = spec.port != null ? spec.port : freePort();
            for (String sub : List.of("sock", "pgbackrest", "pgbackrest/log", "pgbackrest/lock", "pgbackrest/spool", "repo")) {
                Ownership.createPrivateDirectory(directory.resolve(sub), user);
            }
            this.pgBackRest = loadPgBackRest();
            pgCtl.initdb(dataDirectory(), spec.dataChecksums);
            appendServerSettings();
            startServer();
        } catch (RuntimeException e) {
            destroyQuietly();
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The sandbox's own directory; everything it made lives below it. */
    public Path directory() {
        return directory;
    }

    /** PGDATA of the sandbox cluster. */
    public Path dataDirectory() {
        return directory.resolve("pg");
    }

    /** Directory of the server's unix socket. */
    public Path socketDirectory() {
        return directory.resolve("sock");
    }

    /** The port (it names the socket file; no TCP listener is opened). */
    public int port() {
        return port;
    }

    /** The default posix repository's directory (unused when you configured your own repositories). */
    public Path repositoryPath() {
        return directory.resolve("repo");
    }

    /** The server log file. */
    public Path serverLog() {
        return directory.resolve("server.log");
    }

    /** The OS user the server and pgBackRest run as; also the database superuser. */
    public String user() {
        return spec.runAs;
    }

    public String stanza() {
        return spec.stanza;
    }

    /** A JDBC URL of database {@code postgres} (over the unix socket; needs junixsocket, which pitr-core brings). */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    public String jdbcUrl(String database) {
        return Jdbc.url(socketDirectory(), port, database);
    }

    /** A new connection to {@code postgres} as the superuser. */
    public Connection connect() throws SQLException {
        return Jdbc.connect(socketDirectory(), port, "postgres", spec.runAs);
    }

    /** Runs SQL statements (DDL/DML) in one autocommit connection. */
    public void execute(String... statements) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new PgBackRestException(ErrorCode.PITR, "SQL on the sandbox failed: " + e.getMessage(), e);
        }
    }

    /** Runs a query and returns the first column of the first row as text. */
    public String queryForString(String sql) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new PgBackRestException(ErrorCode.PITR, "SQL on the sandbox failed: " + e.getMessage(), e);
        }
    }

    /** The pgBackRest instance configured for this sandbox's stanza. */
    public PgBackRest pgBackRest() {
        return pgBackRest;
    }

    /** The rendered pgbackrest.conf. */
    public Path configFile() {
        return pgBackRest.configuration().configFile();
    }

    /** Stops the server (fast shutdown); the files stay. */
    public void stop() {
        pgCtl.stop(dataDirectory(), "fast", Duration.ofSeconds(60));
    }

    /** Starts the server again after {@link #stop()}. */
    public void startServer() {
        // The archive_command needs every repository's secrets (cipher passes, object-store keys), as pgBackRest's
        // own variables.
        pgCtl.startOrFail(dataDirectory(), serverLog(), Duration.ofSeconds(60), spec.secretEnvironment());
    }

    public boolean isRunning() {
        return pgCtl.isRunning(dataDirectory());
    }

    /** Stops the server and deletes the sandbox directory. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        destroyQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run; nothing left to do.
        }
    }

    private synchronized void destroyQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        Optional<Long> pid = Postmaster.livePid(dataDirectory()).filter(p -> p > 0);
        try {
            if (Files.exists(dataDirectory().resolve("postmaster.pid"))) {
                pgCtl.stop(dataDirectory(), "immediate", Duration.ofSeconds(30));
            }
        } catch (RuntimeException e) {
            LOG.warn("could not stop sandbox server in {}: {}", directory, e.getMessage());
        }
        // Never delete the directory under a live server: make sure the postmaster is gone first.
        pid.ifPresent(p -> {
            if (!ProcessExit.await(p, Duration.ofSeconds(10))) {
                LOG.warn("sandbox postmaster {} still running after pg_ctl stop; killing it", p);
                ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly);
                ProcessExit.await(p, Duration.ofSeconds(10));
            }
        });
        try {
            Ownership.deleteTree(directory);
        } catch (RuntimeException e) {
            LOG.warn("could not delete sandbox directory {}: {}", directory, e.getMessage());
        }
    }

    private PgBackRest loadPgBackRest() {
        FluentConfiguration c = PgBackRest.configure()
                .stanza(spec.stanza)
                .pgPath(dataDirectory())
                .pgPort(port)
                .pgSocketPath(socketDirectory())
                .workDirectory(directory.resolve("pgbackrest"))
                .globalOption("start-fast", "y")
                .globalOption("compress-type", "zst")
                .globalOption("archive-timeout", "60")
                .renderConfigTo(directory.resolve("pgbackrest.conf"))
                .runAs(spec.runAs);
        repositories().forEach(c::repository);
        if (spec.executable != null) {
            c.executable(spec.executable);
        }
        spec.customizers.forEach(k -> k.accept(c));
        return c.load();
    }

    /** The repositories this sandbox configures: the given ones, or one posix repository (encrypted with cipher). */
    private List<Repository> repositories() {
        if (!spec.repositories.isEmpty()) {
            return spec.repositories;
        }
        Repository repo = Repository.posix(repositoryPath()).retentionFull(spec.retentionFull);
        return List.of(spec.cipher != null ? repo.cipher(spec.cipher) : repo);
    }

    private void appendServerSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", "''");
        settings.put("port", Integer.toString(port));
        settings.put("unix_socket_directories", quote(socketDirectory().toString()));
        settings.put("wal_level", "replica");
        settings.put("archive_mode", "on");
        settings.put("archive_command", quote(spec.archiveCommand != null ? spec.archiveCommand : archiveCommand()));
        settings.put("archive_timeout", Long.toString(spec.archiveTimeout.toSeconds()));
        settings.put("max_wal_senders", "10");
        settings.put("fsync", spec.fsync ? "on" : "off");
        spec.serverSettings.forEach((k, v) -> settings.put(k, v));
        StringBuilder text = new StringBuilder("\n# pitr sandbox\n");
        settings.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        try {
            Files.writeString(dataDirectory().resolve("postgresql.conf"), text, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure the sandbox server", e);
        }
    }

    /** The archive_command pgBackRest documents: archive-push of %p for this stanza and config file. */
    public String archiveCommand() {
        return CommandLine.archivePush(pgBackRest.configuration().executable(), configFile(), spec.stanza);
    }

    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static Path createDirectory(Path base, Optional<String> user) {
        try {
            Files.createDirectories(base);
            Path dir = Files.createTempDirectory(base, "pitr-sandbox-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Ownership.chown(dir, user);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a sandbox directory under " + base, e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }

    /** Settings for a sandbox; {@link #start()} creates it. */
    public static final class Builder {
        private String stanza = "sandbox";
        private String runAs = RunAs.defaultServerUser();
        // /tmp rather than java.io.tmpdir: the run-as user (postgres) must be able to traverse every parent.
        private Path baseDirectory = Path.of("/tmp");
        private Path pgBinDirectory;
        private String executable;
        private Integer port;
        private boolean dataChecksums = true;
        private boolean fsync = true;
        private Duration archiveTimeout = Duration.ofSeconds(60);
        private String archiveCommand;
        private Secret cipher;
        private int retentionFull = 4;
        private final List<Repository> repositories = new ArrayList<>();
        private final Map<String, String> serverSettings = new LinkedHashMap<>();
        private final List<Consumer<FluentConfiguration>> customizers = new ArrayList<>();

        private Builder() {
        }

        /** Stanza name (default {@code sandbox}). */
        public Builder stanza(String name) {
            this.stanza = name;
            return this;
        }

        /** OS user for the server and pgBackRest (default: postgres as root, else yourself). */
        public Builder runAs(String user) {
            this.runAs = user;
            return this;
        }

        /** Where the sandbox directory is created (default /tmp). The run-as user must reach it. */
        public Builder baseDirectory(Path dir) {
            this.baseDirectory = dir;
            return this;
        }

        /** PostgreSQL's bin directory (default: found automatically). */
        public Builder pgBinDirectory(Path dir) {
            this.pgBinDirectory = dir;
            return this;
        }

        /** The pgbackrest executable (default: from PATH). */
        public Builder executable(String nameOrPath) {
            this.executable = nameOrPath;
            return this;
        }

        /** The port that names the socket (default: a free one). */
        public Builder port(int p) {
            this.port = p;
            return this;
        }

        /** initdb --data-checksums (default on). */
        public Builder dataChecksums(boolean on) {
            this.dataChecksums = on;
            return this;
        }

        /** fsync of the sandbox server (default on; off makes throwaway clusters faster). */
        public Builder fsync(boolean on) {
            this.fsync = on;
            return this;
        }

        /** archive_timeout of the server (default 60 s). */
        public Builder archiveTimeout(Duration d) {
            this.archiveTimeout = d;
            return this;
        }

        /** Replaces the archive_command (e.g. to test a broken one). */
        public Builder archiveCommand(String command) {
            this.archiveCommand = command;
            return this;
        }

        /** Full backups the default repository keeps (default 4, the runbook's minimum). */
        public Builder retentionFull(int count) {
            this.retentionFull = count;
            return this;
        }

        /** Every secret the sandbox is given: kept out of the environment of its other children. */
        List<Secret> secrets() {
            return List.copyOf(secretEnvironment().values());
        }

        /**
         * The repositories' secrets as pgBackRest's variables ({@code PGBACKREST_REPO2_S3_KEY}...), numbered as
         * the configuration numbers them: a repository's own number, else its position.
         */
        Map<String, Secret> secretEnvironment() {
            Map<String, Secret> env = new java.util.TreeMap<>();
            if (repositories.isEmpty()) {
                if (cipher != null) {
                    env.put(Secret.environmentVariable("repo1-cipher-pass"), cipher);
                }
                return env;
            }
            RepositoryNumbers.secrets(RepositoryNumbers.number(repositories)).forEach((option, secret) ->
                    env.put(Secret.environmentVariable(option), secret));
            return env;
        }

        /** Encrypts the default repository (aes-256-cbc) with this pass. */
        public Builder cipher(Secret pass) {
            this.cipher = pass;
            return this;
        }

        /** Uses these repositories instead of the default posix one (repo1 in the sandbox directory). */
        public Builder repository(Repository repository) {
            repositories.add(repository);
            return this;
        }

        /** An extra postgresql.conf setting (value written as given; quote strings yourself). */
        public Builder serverSetting(String name, String value) {
            serverSettings.put(name, value);
            return this;
        }

        /** Changes the pgBackRest configuration before it is loaded (global options, secrets, timeouts). */
        public Builder configure(Consumer<FluentConfiguration> customizer) {
            customizers.add(customizer);
            return this;
        }

        /** Creates and starts the sandbox. */
        public SandboxCluster start() {
            return new SandboxCluster(this);
        }
    }
}
