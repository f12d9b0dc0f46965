package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.RemoteHost;
import dev.pitr.config.Repository;
import dev.pitr.config.Setting;
import dev.pitr.config.TlsServer;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.operation.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rendering and validation of both sides of a repository-host setup; nothing but openssl (fixtures) runs. */
class RepositoryHostConfigTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    /** Answers `pgbackrest version` only: these tests render and validate, they never run pgBackRest. */
    static final CommandRunner VERSION_ONLY = spec -> new dev.pitr.internal.exec.ProcessOutput(
            new CommandResult(spec.argv(), 0, Duration.ZERO, java.util.List.of()), "pgBackRest 2.45\n", false);

    @BeforeAll
    static void certificates() {
        pki = new TestPki(dir);
        pki.ca("ca", "test-ca");
        pki.server("server", "ca", "host");
        pki.client("client", "ca", "pitr-db-host");
    }

    static RemoteHost repoHost() {
        return RemoteHost.tls("backup.example.com").port(8433)
                .clientCertificate(pki.crt("client"), pki.key("client"))
                .caFile(pki.crt("ca"))
                .remoteConfigFile(Path.of("/etc/pgbackrest/pgbackrest.conf"));
    }

    static TlsServer server() {
        return TlsServer.listen("0.0.0.0", 8432).certificate(pki.crt("server"), pki.key("server")).caFile(pki.crt("ca"))
                .authorize("pitr-repo-host", "main").authorize("pitr-other", "a", "b");
    }

    FluentConfiguration base(String name) {
        return PgBackRest.configure().allowRoot(true).stanza("main").commandRunner(VERSION_ONLY).renderConfigTo(dir.resolve(name));
    }

    @Test
    void theDatabaseHostRendersRepo1HostOptionsAndTheTlsServerWithOneAuthLinePerCertificate() throws IOException {
        PgBackRest pgbr = base("db.conf").repositoryHost(repoHost()).tlsServer(server())
                .pgPath(Path.of("/var/lib/postgresql/main")).ioTimeout(Duration.ofMillis(1500)).load();
        String text = Files.readString(pgbr.configuration().configFile());
        assertEquals("""
                # Rendered by pitr. Secrets are not stored here: pitr passes them as PGBACKREST_* variables.
                [global]
                repo1-host=backup.example.com
                repo1-host-ca-file=%1$s/ca.crt
                repo1-host-cert-file=%1$s/client.crt
                repo1-host-config=/etc/pgbackrest/pgbackrest.conf
                repo1-host-key-file=%1$s/client.key
                repo1-host-port=8433
                repo1-host-type=tls
                io-timeout=1.5
                tls-server-address=0.0.0.0
                tls-server-port=8432
                tls-server-cert-file=%1$s/server.crt
                tls-server-key-file=%1$s/server.key
                tls-server-ca-file=%1$s/ca.crt
                tls-server-auth=pitr-other=a,b
                tls-server-auth=pitr-repo-host=main

                [main]
                pg1-path=/var/lib/postgresql/main
                """.formatted(dir), text);
        assertTrue(pgbr.configuration().repositories().get(0).remote());
    }

    @Test
    void theRepositoryHostRendersPg1HostOptionsInTheStanzaSection() throws IOException {
        PgBackRest pgbr = base("rh.conf").repository(Repository.posix(Path.of("/var/lib/pgbackrest")).retentionFull(2))
                .pgHost(repoHost()).pgPath(Path.of("/var/lib/postgresql/main")).pgPort(5433)
                .dbTimeout(Duration.ofMillis(67500)).protocolTimeout(Duration.ofSeconds(90)).load();
        String text = Files.readString(pgbr.configuration().configFile());
        assertTrue(text.contains("protocol-timeout=90\n") && text.contains("db-timeout=67.5\n"), text);
        assertTrue(text.contains("""
                [global]
                repo1-type=posix
                repo1-path=/var/lib/pgbackrest
                repo1-retention-full=2
                """), text);
        assertTrue(text.endsWith("""
                [main]
                pg1-host=backup.example.com
                pg1-host-type=tls
                pg1-host-port=8433
                pg1-host-ca-file=%1$s/ca.crt
                pg1-host-cert-file=%1$s/client.crt
                pg1-host-key-file=%1$s/client.key
                pg1-host-config=/etc/pgbackrest/pgbackrest.conf
                pg1-path=/var/lib/postgresql/main
                pg1-port=5433
                """.formatted(dir)), text);
    }

    @Test
    void aRemoteWithoutItsConfigFileIsRefusedBecauseTheRemoteWouldLoadTheDefaultFile() {
        RemoteHost noConfig = RemoteHost.tls("h").clientCertificate(pki.crt("client"), pki.key("client"));
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class, () -> Repository.remote(noConfig));
        assertEquals(Setting.REPOSITORY_HOST, e.setting());
        e = assertThrows(PitrConfigurationException.class, () -> base("x.conf").repository(Repository.posix(Path.of("/r"))).pgHost(noConfig).pgPath(Path.of("/d")).load());
        assertEquals(Setting.PG_HOST, e.setting());
    }

    @Test
    void aRemoteWithoutAClientCertificateIsRefused() {
        RemoteHost noCert = RemoteHost.tls("h").remoteConfigFile(Path.of("/etc/pgbackrest/pgbackrest.conf"));
        assertEquals(Setting.REPOSITORY_HOST,
                assertThrows(PitrConfigurationException.class, () -> Repository.remote(noCert)).setting());
    }

    @Test
    void pgHostNeedsThePgPathOnThatHostAndCannotBeCombinedWithRepositoryHost() {
        assertEquals(Setting.PG_PATH, assertThrows(PitrConfigurationException.class,
                () -> base("y.conf").repository(Repository.posix(Path.of("/r"))).pgHost(repoHost()).load()).setting());
        assertEquals(Setting.REPOSITORY_HOST, assertThrows(PitrConfigurationException.class,
                () -> base("z.conf").repositoryHost(repoHost()).pgHost(repoHost()).pgPath(Path.of("/d")).load()).setting());
    }

    @Test
    void aTlsServerNeedsCertificateCaAndAtLeastOneAuthorizedClient() {
        TlsServer bare = TlsServer.listen("127.0.0.1", 8432);
        assertEquals(Setting.TLS_SERVER, assertThrows(PitrConfigurationException.class,
                () -> base("s1.conf").repositoryHost(repoHost()).tlsServer(bare).load()).setting());
        TlsServer noAuth = bare.certificate(pki.crt("server"), pki.key("server")).caFile(pki.crt("ca"));
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> base("s2.conf").repositoryHost(repoHost()).tlsServer(noAuth).load());
        assertEquals(Setting.TLS_SERVER, e.setting());
        assertThrows(PitrConfigurationException.class, () -> noAuth.authorize("pitr-*", "main"));
        assertThrows(PitrConfigurationException.class, () -> noAuth.authorize("cn", "bad stanza"));
        assertEquals("*", noAuth.authorizeAllStanzas("cn").authorizations().get("cn").get(0));
    }

    @Test
    void aKeyFileGroupOrOthersCanReadIsRefusedWithTheChmodFixBeforeAnythingRuns() throws IOException {
        Path loose = copyKey("loose.key", "rw-r-----");
        CountingRunner runner = new CountingRunner();
        RemoteHost host = repoHost().clientCertificate(pki.crt("client"), loose);
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> PgBackRest.configure().allowRoot(true).stanza("main").commandRunner(runner).renderConfigTo(dir.resolve("k.conf"))
                        .repositoryHost(host).load());
        assertEquals("repo1-host-key-file", e.option().orElseThrow());
        assertTrue(e.getMessage().contains(loose + " has mode 0640"), e.getMessage());
        assertTrue(e.getMessage().contains("chmod 0600 " + loose), e.getMessage());
        assertEquals(0, runner.calls, "no command ran");
        assertFalse(Files.exists(dir.resolve("k.conf")));
    }

    @Test
    void aRootOwnedKeyMustBeGroupReadableForAnotherRunAsUserAndAtMost0640() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")));
        Path privateToRoot = copyKey("root600.key", "rw-------");
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> dev.pitr.internal.tls.TlsPreflight.checkKeyFile("repo1-host-key-file", privateToRoot, "postgres"));
        assertTrue(e.getMessage().contains("cannot read it"), e.getMessage());
        dev.pitr.internal.tls.TlsPreflight.checkKeyFile("repo1-host-key-file", copyKey("root640.key", "rw-r-----"),
                "postgres");
        Path worldReadable = copyKey("root644.key", "rw-r--r--");
        assertThrows(PitrConfigurationException.class,
                () -> dev.pitr.internal.tls.TlsPreflight.checkKeyFile("repo1-host-key-file", worldReadable, "postgres"));
    }

    @Test
    void aMissingKeyOrSomethingThatIsNotACertificateIsNamed() throws IOException {
        RemoteHost missing = repoHost().clientCertificate(pki.crt("client"), dir.resolve("nope.key"));
        assertTrue(assertThrows(PitrConfigurationException.class,
                () -> base("m.conf").repositoryHost(missing).load()).getMessage().contains("does not exist"));
        Path notPem = Files.writeString(dir.resolve("not.crt"), "hello");
        RemoteHost bad = repoHost().caFile(notPem);
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> base("n.conf").repositoryHost(bad).load());
        assertEquals("repo1-host-ca-file", e.option().orElseThrow());
        assertTrue(e.getMessage().contains("is not a PEM X.509 certificate"), e.getMessage());
    }

    @Test
    void theLocalCaseIsUnchanged() throws IOException {
        PgBackRest pgbr = base("local.conf").repository(Repository.posix(Path.of("/var/lib/pgbackrest")))
                .pgPath(Path.of("/d")).load();
        String text = Files.readString(pgbr.configuration().configFile());
        assertTrue(text.contains("repo1-type=posix\nrepo1-path=/var/lib/pgbackrest\n"), text);
        assertFalse(text.contains("host"), text);
    }

    @Test
    void theSystemdUnitRunsTheServerAsTheRunAsUserWithTheSameConfig() {
        PgBackRest pgbr = base("unit.conf").repositoryHost(repoHost()).tlsServer(server()).load();
        String unit = PgBackRestServer.systemdUnit(pgbr);
        assertTrue(unit.contains("User=" + System.getProperty("user.name") + "\n"), unit);
        assertTrue(unit.matches("(?s).*\nExecStart=/\\S*pgbackrest --config=" + dir.resolve("unit.conf") + " server\n.*"), unit);
        assertTrue(unit.contains("ExecReload=/bin/kill -HUP $MAINPID\n"), unit);
        assertTrue(unit.contains("Restart=on-failure\n"), unit);
        assertTrue(unit.contains("WantedBy=multi-user.target\n"), unit);
    }

    static Path copyKey(String name, String mode) throws IOException {
        Path p = dir.resolve(name);
        Files.copy(pki.key("client"), p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
        return p;
    }

    static final class CountingRunner implements CommandRunner {
        int calls;

        @Override
        public dev.pitr.internal.exec.ProcessOutput run(dev.pitr.internal.exec.CommandSpec spec) {
            calls++;
            return VERSION_ONLY.run(spec);
        }
    }
}
