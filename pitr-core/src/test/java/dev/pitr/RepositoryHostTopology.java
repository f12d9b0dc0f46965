package dev.pitr;

import dev.pitr.config.RemoteHost;
import dev.pitr.config.Repository;
import dev.pitr.config.TlsServer;
import dev.pitr.internal.os.Ownership;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A dedicated repository host on one machine, for tests (also pitr-maven-plugin's, through pitr-core's
 * test-jar): the "database host" is a sandbox cluster run by postgres with its own pgbackrest server; the
 * "repository host" is OS user pitrrepo (created if missing, removed again if created here) with the
 * repository and a second pgbackrest server; both on 127.0.0.1, mutual TLS with a throwaway PKI.
 *
 * <p>Besides the certificates the two hosts use, the PKI has failure material in the database host's TLS
 * directory: {@code rogue-client} (right CN, foreign CA, with {@code rogue-ca.crt}), {@code other-client}
 * (right CA, CN {@code pitr-other-app}, authorized only for stanza {@code other}) and
 * {@code expired-client} (right CA and CN, expired in 2024).
 */
public final class RepositoryHostTopology implements AutoCloseable {
    public static final String DB_USER = "postgres";
    public static final String DB_CN = "pitr-db-host";
    public static final String RH_CN = "pitr-repo-host";
    public static final String OTHER_CN = "pitr-other-app";

    public final String stanza;
    public final SystemUser repoUser;
    public final Path base;
    /** The database host's TLS and scratch directory (owned by postgres): certificates, variants/, restore-work/. */
    public final Path dbTls;
    /** The repository host's tree (owned by pitrrepo): tls/, repo/, work/, pgbackrest.conf. */
    public final Path rh;
    public final TestPki pki;
    public final int rhPort;
    public final int dbPort;
    private SandboxCluster db;
    private PgBackRest dbSide;
    private PgBackRest repoSide;
    private PgBackRestServer rhServer;
    private PgBackRestServer dbServer;

    private RepositoryHostTopology(String stanza) throws IOException {
        this.stanza = stanza;
        this.repoUser = SystemUser.ensure("pitrrepo");
        this.base = Files.createTempDirectory(Path.of("/tmp"), "pitr-rh-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x")); // each user reaches its subtree
        Path pkiDir = Files.createDirectory(base.resolve("pki"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        this.dbTls = Ownership.createPrivateDirectory(base.resolve("db"), Optional.of(DB_USER));
        this.rh = Ownership.createPrivateDirectory(base.resolve("rh"), Optional.of(repoUser.name()));
        this.pki = new TestPki(pkiDir);
        this.rhPort = freePort();
        this.dbPort = freePort();
    }

    /** Builds the whole topology and waits until both servers answer. */
    public static RepositoryHostTopology start(String stanza) {
        RepositoryHostTopology t = null;
        try {
            t = new RepositoryHostTopology(stanza);
            t.build();
            return t;
        } catch (IOException | RuntimeException e) {
            if (t != null) {
                t.close();
            }
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private void build() {
        for (String sub : List.of("tls", "repo", "work/log", "work/lock", "work/spool")) {
            Ownership.createPrivateDirectory(rh.resolve(sub), Optional.of(repoUser.name()));
        }
        Ownership.chown(rh.resolve("work"), Optional.of(repoUser.name()));
        for (String sub : List.of("variants", "restore-work")) {
            Ownership.createPrivateDirectory(dbTls.resolve(sub), Optional.of(DB_USER));
        }
        pki.ca("ca", "pitr-test-ca");
        pki.server("rh-server", "ca", "repo-host");
        pki.server("db-server", "ca", "db-host");
        pki.client("rh-client", "ca", RH_CN);
        pki.client("db-client", "ca", DB_CN);
        pki.ca("rogue-ca", "pitr-rogue-ca");
        pki.client("rogue-client", "rogue-ca", DB_CN);
        pki.client("other-client", "ca", OTHER_CN);
        pki.expiredClient("expired-client", "ca", DB_CN);
        for (String f : List.of("ca", "rogue-ca")) {
            TestPki.install(pki.crt(f), dbTls.resolve(f + ".crt"), DB_USER, "rw-r--r--");
        }
        for (String f : List.of("db-server", "db-client", "rogue-client", "other-client", "expired-client")) {
            TestPki.install(pki.crt(f), dbTls.resolve(f + ".crt"), DB_USER, "rw-r--r--");
            TestPki.install(pki.key(f), dbTls.resolve(f + ".key"), DB_USER, "rw-------");
        }
        TestPki.install(pki.crt("ca"), rh.resolve("tls/ca.crt"), repoUser.name(), "rw-r--r--");
        for (String f : List.of("rh-server", "rh-client")) {
            TestPki.install(pki.crt(f), rh.resolve("tls/" + f + ".crt"), repoUser.name(), "rw-r--r--");
            TestPki.install(pki.key(f), rh.resolve("tls/" + f + ".key"), repoUser.name(), "rw-------");
        }
        // Database host: the sandbox cluster, its repository on the repository host, and its own TLS server.
        db = SandboxCluster.builder().stanza(stanza).fsync(false)
                .repository(Repository.remote(repoHostSeenFromDb("db-client")))
                .configure(c -> c.ioTimeout(Duration.ofSeconds(5)).tlsServer(TlsServer.listen("127.0.0.1", dbPort)
                        .certificate(dbTls.resolve("db-server.crt"), dbTls.resolve("db-server.key"))
                        .caFile(dbTls.resolve("ca.crt"))
                        .authorize(RH_CN, stanza)))
                .start();
        dbSide = db.pgBackRest();
        repoSide = repoHostConfig(UnaryOperator.identity(), Duration.ofSeconds(5))
                .tlsServer(rhServerSettings(rhPort))
                .renderConfigTo(rh.resolve("pgbackrest.conf"))
                .load();
        rhServer = PgBackRestServer.start(repoSide);
        dbServer = PgBackRestServer.start(dbSide);
    }

    public SandboxCluster db() {
        return db;
    }

    /** pitr configured for the database host (the sandbox's rendered file). */
    public PgBackRest dbSide() {
        return dbSide;
    }

    /** pitr configured for the repository host (runs as pitrrepo). */
    public PgBackRest repoSide() {
        return repoSide;
    }

    public PgBackRestServer rhServer() {
        return rhServer;
    }

    public PgBackRestServer dbServer() {
        return dbServer;
    }

    /** The repository host as the database host sees it, presenting the given client certificate. */
    public RemoteHost repoHostSeenFromDb(String clientCert) {
        return RemoteHost.tls("127.0.0.1").port(rhPort)
                .clientCertificate(dbTls.resolve(clientCert + ".crt"), dbTls.resolve(clientCert + ".key"))
                .caFile(dbTls.resolve("ca.crt"))
                .remoteConfigFile(rh.resolve("pgbackrest.conf"));
    }

    /** The repository host's configuration, with the database host as {@code change} makes it. */
    public FluentConfiguration repoHostConfig(UnaryOperator<RemoteHost> change, Duration ioTimeout) {
        RemoteHost pgHost = RemoteHost.tls("127.0.0.1").port(dbPort)
                .clientCertificate(rh.resolve("tls/rh-client.crt"), rh.resolve("tls/rh-client.key"))
                .caFile(rh.resolve("tls/ca.crt"))
                .remoteConfigFile(db.configFile());
        return PgBackRest.configure().stanza(stanza).runAs(repoUser.name())
                .repository(Repository.posix(rh.resolve("repo")).retentionFull(2))
                .pgHost(change.apply(pgHost))
                .pgPath(db.dataDirectory()).pgPort(db.port()).pgSocketPath(db.socketDirectory())
                .workDirectory(rh.resolve("work"))
                .globalOption("compress-type", "zst")
                .globalOption("start-fast", "y")
                .ioTimeout(ioTimeout)
                .dbTimeout(Duration.ofSeconds(45))
                .protocolTimeout(Duration.ofSeconds(60));
    }

    /** The repository host's TLS server on {@code port}: the database host's CN for the stanza, OTHER_CN for "other". */
    public TlsServer rhServerSettings(int port) {
        return TlsServer.listen("127.0.0.1", port)
                .certificate(rh.resolve("tls/rh-server.crt"), rh.resolve("tls/rh-server.key"))
                .caFile(rh.resolve("tls/ca.crt"))
                .authorize(DB_CN, stanza)
                .authorize(OTHER_CN, "other");
    }

    /** Another database-host configuration (same cluster), e.g. with a different certificate; io-timeout 1 s. */
    public PgBackRest dbVariant(String name, RemoteHost repoHost) {
        return PgBackRest.configure().stanza(stanza).runAs(DB_USER)
                .repositoryHost(repoHost)
                .pgPath(db.dataDirectory()).pgPort(db.port()).pgSocketPath(db.socketDirectory())
                .workDirectory(db.directory().resolve("pgbackrest"))
                .ioTimeout(Duration.ofSeconds(1))
                .renderConfigTo(dbTls.resolve("variants/" + name + ".conf"))
                .load();
    }

    /** PostgreSQL first (immediate: a fast stop would wait for archive-push), then both servers, files, user. */
    @Override
    public void close() {
        quietly(db);
        quietly(dbServer);
        quietly(rhServer);
        try {
            Ownership.deleteTree(base);
        } catch (RuntimeException e) {
            System.err.println("teardown: " + e);
        }
        quietly(repoUser);
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void quietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("teardown: " + e);
        }
    }
}
