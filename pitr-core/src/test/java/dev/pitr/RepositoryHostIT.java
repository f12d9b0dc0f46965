package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.RemoteHost;
import dev.pitr.config.Setting;
import dev.pitr.config.TlsServer;
import dev.pitr.drill.DrillReport;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.error.RemoteHostException;
import dev.pitr.error.RemoteHostProblem;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.operation.ExpireResult;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.restore.RestoreResult;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A dedicated repository host over TLS, on one machine ({@link RepositoryHostTopology}): the "database
 * host" is a sandbox cluster run by postgres with its own pgbackrest server; the "repository host" is OS
 * user pitrrepo with the repository and a second pgbackrest server; both on 127.0.0.1, mutual TLS with
 * throwaway certificates. Operations in this topology, then each failure mode.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RepositoryHostIT {
    static final String STANZA = "main";
    static final String DB_USER = RepositoryHostTopology.DB_USER;
    static final String DB_CN = RepositoryHostTopology.DB_CN;
    static final String RH_CN = RepositoryHostTopology.RH_CN;

    static RepositoryHostTopology topology;
    static SystemUser repoUser;
    static Path base;
    static Path dbTls;
    static Path rh;
    static TestPki pki;
    static int rhPort;
    static SandboxCluster db;
    static PgBackRest dbSide;
    static PgBackRest repoSide;
    static PgBackRestServer rhServer;
    static PgBackRestServer dbServer;

    static String targetTime;
    static String fullLabel;
    static long rowsAtTarget;
    static long rowsAtEnd;

    @BeforeAll
    static void topology() {
        topology = RepositoryHostTopology.start(STANZA);
        repoUser = topology.repoUser;
        base = topology.base;
        dbTls = topology.dbTls;
        rh = topology.rh;
        pki = topology.pki;
        rhPort = topology.rhPort;
        db = topology.db();
        dbSide = topology.dbSide();
        repoSide = topology.repoSide();
        rhServer = topology.rhServer();
        dbServer = topology.dbServer();
    }

    @AfterAll
    static void teardown() {
        if (topology != null) {
            topology.close();
        }
    }

    static RemoteHost repoHostSeenFromDb(String clientCert) {
        return topology.repoHostSeenFromDb(clientCert);
    }

    static FluentConfiguration repoHostConfig(UnaryOperator<RemoteHost> change, Duration ioTimeout) {
        return topology.repoHostConfig(change, ioTimeout);
    }

    static PgBackRest dbVariant(String name, RemoteHost repoHost) {
        return topology.dbVariant(name, repoHost);
    }

    static TlsServer rhServerSettings(int port) {
        return topology.rhServerSettings(port);
    }

    @Test
    @Order(1)
    void stanzaCreateAndCheckRunOnTheRepositoryHostAndCheckPassesOnTheDatabaseHostToo() {
        assertTrue(rhServer.isRunning() && dbServer.isRunning());
        assertTrue(rhServer.ping());
        repoSide.stanzaCreate();
        assertEquals(0, repoSide.check().command().exitCode());
        assertEquals(0, dbSide.check().command().exitCode());
    }

    @Test
    @Order(2)
    void fullAndIncrBackupsRunOnTheRepositoryHostAndPullFromTheDatabaseHost() throws Exception {
        BackupResult full = repoSide.backup(BackupType.FULL);
        fullLabel = full.label();
        assertTrue(full.label().endsWith("F"), full.label());
        db.execute("create table t(id int primary key, note text)",
                "insert into t select g, 'before' from generate_series(1, 1000) g");
        rowsAtTarget = Long.parseLong(db.queryForString("select count(*) from t"));
        Thread.sleep(1200);
        targetTime = db.queryForString("select to_char(clock_timestamp() at time zone 'UTC', "
                + "'YYYY-MM-DD HH24:MI:SS.US') || '+00'");
        Thread.sleep(1200);
        db.execute("insert into t select g, 'after' from generate_series(1001, 1500) g");
        rowsAtEnd = Long.parseLong(db.queryForString("select count(*) from t"));
        BackupResult incr = repoSide.backup(BackupType.INCR);
        assertEquals(BackupType.INCR, incr.type());

        // Everything in the repository was written by the repository host's user: WAL came through its server.
        try (Stream<Path> files = Files.walk(rh.resolve("repo"))) {
            List<Path> foreign = files.filter(p -> !owner(p).equals(repoUser.name())).toList();
            assertEquals(List.of(), foreign);
        }
        assertTrue(Files.size(rh.resolve("work/log/" + STANZA + "-backup.log")) > 0, "backup log on the repository host");
    }

    @Test
    @Order(3)
    void infoOnBothSidesShowsTheSameBackups() {
        StanzaInfo fromRepo = repoSide.stanzaInfo();
        StanzaInfo fromDb = dbSide.stanzaInfo();
        assertTrue(fromRepo.status().ok(), fromRepo.status().toString());
        assertTrue(fromDb.status().ok(), fromDb.status().toString());
        List<String> labels = fromRepo.backups().stream().map(BackupInfo::label).toList();
        assertEquals(2, labels.size());
        assertEquals(labels, fromDb.backups().stream().map(BackupInfo::label).toList());
        assertEquals(fromRepo.latestArchivedWal(), fromDb.latestArchivedWal());
    }

    @Test
    @Order(4)
    void restoreOnTheDatabaseHostPullsFromTheRepositoryHost() {
        Path target = dbTls.resolve("restore-work/pg");
        RestoreResult restored = dbSide.restore().pgPath(target).target(RecoveryTarget.parse("time", targetTime))
                .archiveModeOff().run();
        assertEquals(fullLabel, restored.backupSet(), "the full backup is the newest that ended before the target");
        assertTrue(Files.isRegularFile(target.resolve("PG_VERSION")));
        assertTrue(owner(target.resolve("PG_VERSION")).equals(DB_USER));
    }

    @Test
    @Order(5)
    void aDrillOnTheDatabaseHostToATimeBetweenTwoBatchesPasses() {
        DrillReport report = dbSide.restoreDrill()
                .target(RecoveryTarget.parse("time", targetTime))
                .directory(dbTls.resolve("restore-work"))
                .expectRowCount("public.t", rowsAtTarget)
                .recoveryTimeout(Duration.ofSeconds(90))
                .reportDirectory(base.resolve("drill-report"))
                .run();
        assertTrue(report.passed(), report.toString());
        assertEquals(fullLabel, report.backupSet());
        assertTrue(rowsAtEnd > rowsAtTarget);
    }

    @Test
    @Order(6)
    void expireRunsOnTheRepositoryHost() {
        ExpireResult result = repoSide.expire().run();
        assertEquals(0, result.command().exitCode());
        assertEquals(List.of(), result.expiredBackups());
    }

    @Test
    @Order(10)
    void aClientCertificateFromAnotherCaIsRejectedByTheRepositoryHost() {
        RemoteHostException e = assertRemoteFailure(dbVariant("rogue", repoHostSeenFromDb("rogue-client")));
        assertEquals(RemoteHostProblem.CLIENT_CERTIFICATE_REJECTED, e.problem());
        assertTrue(e.getMessage().contains("unknown ca"), e.getMessage());
        assertTrue(e.getMessage().contains("CN=" + DB_CN), e.getMessage());
    }

    @Test
    @Order(11)
    void aCaMismatchOnTheClientSideIsNamed() {
        RemoteHost trustsRogueCa = repoHostSeenFromDb("db-client").caFile(dbTls.resolve("rogue-ca.crt"));
        RemoteHostException e = assertRemoteFailure(dbVariant("ca-mismatch", trustsRogueCa));
        assertEquals(RemoteHostProblem.SERVER_CERTIFICATE_UNTRUSTED, e.problem());
        assertEquals(ErrorCode.CRYPTO, e.errorCode());
        assertTrue(e.getMessage().contains("caFile"), e.getMessage());
    }

    @Test
    @Order(12)
    void aClientCertificateNotAuthorizedForTheStanzaIsNamedWithItsCn() {
        PgBackRest otherApp = dbVariant("other-app", repoHostSeenFromDb("other-client"));
        RemoteHostException e = assertRemoteFailure(otherApp);
        assertEquals(RemoteHostProblem.NOT_AUTHORIZED, e.problem());
        assertEquals(ErrorCode.ACCESS, e.errorCode());
        assertTrue(e.getMessage().contains("tls-server-auth=pitr-other-app=" + STANZA), e.getMessage());
        // info exits 0 on transport errors: the refusal is in the repository's status (code 99)
        StanzaInfo info = otherApp.stanzaInfo();
        assertEquals(99, info.status().code());
        String repoMessage = info.repos().get(0).status().message();
        assertTrue(repoMessage.contains("access denied"), repoMessage);
    }

    @Test
    @Order(13)
    void anExpiredClientCertificateIsRefusedBeforeAnythingRuns() {
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> dbVariant("expired", repoHostSeenFromDb("expired-client")));
        assertEquals("repo1-host-cert-file", e.option().orElseThrow());
        assertTrue(e.getMessage().contains(dbTls.resolve("expired-client.crt") + " (CN=" + DB_CN + ") expired on 2024-01-02"),
                e.getMessage());
        assertFalse(Files.exists(dbTls.resolve("variants/expired.conf")), "nothing was written");
    }

    @Test
    @Order(14)
    void aKeyFileOthersCanReadOrAnotherUserOwnsIsRefusedBeforeAnythingRuns() throws IOException {
        Path loose = TestPki.install(pki.key("db-client"), dbTls.resolve("loose.key"), DB_USER, "rw-r--r--");
        RemoteHost looseKey = repoHostSeenFromDb("db-client").clientCertificate(dbTls.resolve("db-client.crt"), loose);
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class, () -> dbVariant("loose", looseKey));
        assertEquals("repo1-host-key-file", e.option().orElseThrow());
        assertTrue(e.getMessage().contains(loose + " has mode 0644"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 0600 " + loose), e.getMessage());

        Path foreign = TestPki.install(pki.key("db-client"), dbTls.resolve("foreign.key"), repoUser.name(), "rw-------");
        RemoteHost foreignKey = repoHostSeenFromDb("db-client").clientCertificate(dbTls.resolve("db-client.crt"), foreign);
        e = assertThrows(PitrConfigurationException.class, () -> dbVariant("foreign", foreignKey));
        assertTrue(e.getMessage().contains("owned by 'pitrrepo', but pgBackRest runs as 'postgres'"), e.getMessage());
        assertTrue(e.getMessage().contains("chown postgres " + foreign), e.getMessage());
    }

    @Test
    @Order(15)
    void aRepositoryHostServerThatIsDownFailsWithinTheIoTimeout() throws IOException {
        int nobody = freePort();
        PgBackRest pgbr = dbVariant("down", repoHostSeenFromDb("db-client").port(nobody));
        long t0 = System.nanoTime();
        RemoteHostException e = assertThrows(RemoteHostException.class, pgbr::check);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertEquals(RemoteHostProblem.UNREACHABLE, e.problem());
        assertEquals(ErrorCode.HOST_CONNECT, e.errorCode());
        assertTrue(e.getMessage().contains("127.0.0.1:" + nobody), e.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "io-timeout 1 s bounds it: " + took);
    }

    @Test
    @Order(16)
    void aDatabaseHostServerThatIsDownFailsTheRepositoryHostWithinTheIoTimeout() throws IOException {
        int nobody = freePort();
        PgBackRest pgbr = repoHostConfig(h -> h.port(nobody), Duration.ofSeconds(1))
                .renderConfigTo(rh.resolve("db-down.conf")).load();
        long t0 = System.nanoTime();
        RemoteHostException e = assertThrows(RemoteHostException.class, pgbr::check);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertEquals(RemoteHostProblem.UNREACHABLE, e.problem());
        assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "io-timeout 1 s bounds it: " + took);
    }

    @Test
    @Order(17)
    void aBackupStartedOnTheDatabaseHostSaysWhereToRunItBefore255AndRunsFrom255() {
        if (!dbSide.version().atLeast(2, 55)) {
            RemoteHostException e = assertThrows(RemoteHostException.class, () -> dbSide.backup(BackupType.INCR));
            assertEquals(RemoteHostProblem.WRONG_HOST, e.problem());
            assertEquals(ErrorCode.HOST_INVALID, e.errorCode());
            return;
        }
        // pgBackRest 2.55 lets backup operate on a remote repository: the set lands on the repository host.
        BackupResult r = dbSide.backup(BackupType.INCR);
        assertTrue(repoSide.stanzaInfo().backup(r.label()).isPresent(), r.label());
    }

    @Test
    @Order(18)
    void aServerWithAnExpiredCertificateOrABusyPortDoesNotStart() throws IOException {
        TestPki.install(pki.crt("expired-client"), rh.resolve("tls/expired.crt"), repoUser.name(), "rw-r--r--");
        TestPki.install(pki.key("expired-client"), rh.resolve("tls/expired.key"), repoUser.name(), "rw-------");
        FluentConfiguration expired = repoHostConfig(UnaryOperator.identity(), Duration.ofSeconds(1))
                .tlsServer(rhServerSettings(freePort()).certificate(rh.resolve("tls/expired.crt"), rh.resolve("tls/expired.key")))
                .renderConfigTo(rh.resolve("expired.conf"));
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class, expired::load);
        assertEquals("tls-server-cert-file", e.option().orElseThrow());
        assertTrue(e.getMessage().contains("expired on 2024-01-02"), e.getMessage());

        PgBackRest busy = repoHostConfig(UnaryOperator.identity(), Duration.ofSeconds(1))
                .tlsServer(rhServerSettings(rhPort)).renderConfigTo(rh.resolve("busy.conf")).load();
        e = assertThrows(PitrConfigurationException.class, () -> PgBackRestServer.start(busy));
        assertEquals(Setting.TLS_SERVER, e.setting());
        assertTrue(rhServer.isRunning());
    }

    @Test
    @Order(19)
    void certificatesThatExpireWhileInUseAreNamedOnBothSides() throws Exception {
        // Valid when pitr checks them at load() and server start, expired a few seconds later: the case
        // only the far side can see.
        Instant notAfter = Instant.now().plusSeconds(4);
        pki.serverUntil("short-server", "ca", "repo-host", notAfter);
        pki.clientUntil("short-client", "ca", DB_CN, notAfter);
        TestPki.install(pki.crt("short-server"), rh.resolve("tls/short-server.crt"), repoUser.name(), "rw-r--r--");
        TestPki.install(pki.key("short-server"), rh.resolve("tls/short-server.key"), repoUser.name(), "rw-------");
        TestPki.install(pki.crt("short-client"), dbTls.resolve("short-client.crt"), DB_USER, "rw-r--r--");
        TestPki.install(pki.key("short-client"), dbTls.resolve("short-client.key"), DB_USER, "rw-------");
        int port = freePort();
        PgBackRest shortServerSide = repoHostConfig(UnaryOperator.identity(), Duration.ofSeconds(1))
                .tlsServer(rhServerSettings(port).certificate(rh.resolve("tls/short-server.crt"),
                        rh.resolve("tls/short-server.key")))
                .renderConfigTo(rh.resolve("short.conf")).load();
        try (PgBackRestServer shortServer = PgBackRestServer.start(shortServerSide)) {
            PgBackRest toShortServer = dbVariant("to-short-server", repoHostSeenFromDb("db-client").port(port));
            PgBackRest withShortClient = dbVariant("short-client", repoHostSeenFromDb("short-client"));
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), notAfter).toMillis()) + 1500);

            RemoteHostException e = assertRemoteFailure(toShortServer);
            assertEquals(RemoteHostProblem.SERVER_CERTIFICATE_EXPIRED, e.problem());
            assertTrue(e.getMessage().contains("certificate has expired"), e.getMessage());
            e = assertRemoteFailure(withShortClient);
            assertEquals(RemoteHostProblem.CLIENT_CERTIFICATE_EXPIRED, e.problem());
            assertTrue(e.getMessage().contains("CN=" + DB_CN), e.getMessage());
        }
    }

    static RemoteHostException assertRemoteFailure(PgBackRest pgbr) {
        long t0 = System.nanoTime();
        RemoteHostException e = assertThrows(RemoteHostException.class, pgbr::check);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "certificate problems fail fast: " + took);
        return e;
    }

    static String owner(Path p) {
        try {
            return Files.getOwner(p).getName();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static int freePort() {
        return RepositoryHostTopology.freePort();
    }
}
