package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Repository;
import dev.pitr.config.RepositoryType;
import dev.pitr.config.Secret;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.operation.CommandResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed repositories of every 2.45 type: rendering into pgbackrest.conf, and validation before anything runs. */
class RepositoryConfigurationTest {
    @TempDir
    Path tmp;
    final List<List<String>> ran = new ArrayList<>();
    final CommandRunner versionOnly = spec -> {
        ran.add(spec.argv());
        return new ProcessOutput(new CommandResult(spec.argv(), 0, Duration.ZERO, List.of("pgBackRest 2.45")),
                "pgBackRest 2.45\n", false);
    };

    private PgBackRest load(Repository... repos) {
        FluentConfiguration c = PgBackRest.configure().allowRoot(true).stanza("main").pgPath(Path.of("/var/lib/postgresql/main"))
                .renderConfigTo(tmp.resolve("pgbackrest.conf")).commandRunner(versionOnly);
        for (Repository r : repos) {
            c.repository(r);
        }
        return c.load();
    }

    private String rendered() throws IOException {
        return Files.readString(tmp.resolve("pgbackrest.conf"));
    }

    private static Repository s3() {
        return Repository.s3("s3.eu-central-1.amazonaws.com", "backups", "eu-central-1").path("/pgbackrest")
                .s3Credentials(Secret.of("AKIAEXAMPLE"), Secret.of("very-secret-key"));
    }

    @Test
    void s3RepositoryRendersEveryTypedOptionAndNoSecret() throws IOException {
        PgBackRest pgbr = load(s3().s3UriStyle("path").storagePort(9000).verifyTls(true)
                .caFile(Path.of("/etc/ssl/certs/ca.pem")).s3KmsKeyId("arn:aws:kms:eu-central-1:1:key/x")
                .uploadChunkSize(16 * 1024 * 1024).cipher(Secret.of("cipher-pass-value")).retentionFull(4));
        String conf = rendered();
        for (String line : List.of("repo1-type=s3", "repo1-path=/pgbackrest", "repo1-s3-endpoint=s3.eu-central-1.amazonaws.com",
                "repo1-s3-bucket=backups", "repo1-s3-region=eu-central-1", "repo1-s3-uri-style=path",
                "repo1-storage-port=9000", "repo1-storage-verify-tls=y", "repo1-storage-ca-file=/etc/ssl/certs/ca.pem",
                "repo1-s3-kms-key-id=arn:aws:kms:eu-central-1:1:key/x", "repo1-storage-upload-chunk-size=16777216",
                "repo1-cipher-type=aes-256-cbc", "repo1-retention-full=4")) {
            assertTrue(conf.lines().anyMatch(line::equals), line + " in\n" + conf);
        }
        for (String secret : List.of("AKIAEXAMPLE", "very-secret-key", "cipher-pass-value")) {
            assertFalse(conf.contains(secret), "secret rendered: " + secret);
        }
        assertEquals(Map.of("PGBACKREST_REPO1_CIPHER_PASS", Secret.of("cipher-pass-value"),
                "PGBACKREST_REPO1_S3_KEY", Secret.of("AKIAEXAMPLE"),
                "PGBACKREST_REPO1_S3_KEY_SECRET", Secret.of("very-secret-key")),
                pgbr.invoker().secretEnvironment());
    }

    @Test
    void gcsAzureAndCifsRender() throws IOException {
        load(Repository.gcs("gcs-bucket").path("/pg").gcsKey(Secret.of("/etc/pgbackrest/gcs.json")),
                Repository.azure("container").path("/pg").azureCredentials(Secret.of("account"), Secret.of("a2V5"))
                        .azureKeyType("sas"),
                Repository.cifs(Path.of("/mnt/backup")).retentionFull(2),
                Repository.gcs("auto-bucket").gcsKeyType("auto").endpoint("storage.example.test"));
        String conf = rendered();
        for (String line : List.of("repo1-type=gcs", "repo1-gcs-bucket=gcs-bucket", "repo2-type=azure",
                "repo2-azure-container=container", "repo2-azure-key-type=sas", "repo3-type=cifs", "repo3-path=/mnt/backup",
                "repo3-retention-full=2", "repo4-gcs-key-type=auto", "repo4-gcs-endpoint=storage.example.test")) {
            assertTrue(conf.lines().anyMatch(line::equals), line + " in\n" + conf);
        }
        assertFalse(conf.contains("gcs.json") || conf.contains("a2V5") || conf.contains("account\n"));
    }

    @Test
    void ioTimeoutIsRenderedInSecondsIntoGlobal() throws IOException {
        PgBackRest.configure().allowRoot(true).stanza("main").renderConfigTo(tmp.resolve("pgbackrest.conf")).commandRunner(versionOnly)
                .repository(s3()).ioTimeout(Duration.ofMillis(1500)).dbTimeout(Duration.ofMinutes(5)).load();
        String conf = rendered();
        assertTrue(conf.contains("\nio-timeout=1.5\n"), conf);
        assertTrue(conf.contains("\ndb-timeout=300\n"), conf);
    }

    @Test
    void ioTimeoutWithAnExistingFileTravelsInTheEnvironment() throws IOException {
        Path file = Files.writeString(tmp.resolve("existing.conf"), "[global]\nrepo1-path=/r\n[main]\npg1-path=/p\n");
        PgBackRest pgbr = PgBackRest.configure().allowRoot(true).stanza("main").configFile(file).commandRunner(versionOnly)
                .ioTimeout(Duration.ofSeconds(5)).load();
        assertEquals("5", pgbr.configuration().environment().get("PGBACKREST_IO_TIMEOUT"));
    }

    @Test
    void dbTimeoutMustStayBelowProtocolTimeout() {
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class, () -> PgBackRest.configure().allowRoot(true)
                .stanza("main").repository(s3()).commandRunner(versionOnly).dbTimeout(Duration.ofHours(1)).load());
        assertEquals(Setting.DB_TIMEOUT, e.setting());
        assertTrue(ran.isEmpty(), "nothing ran");
    }

    @Test
    void s3WithoutRegionNamesTheSettingAndTheFix() {
        Repository noRegion = Repository.of(RepositoryType.S3).option("s3-endpoint", "e").option("s3-bucket", "b")
                .s3Credentials(Secret.of("k1"), Secret.of("k2"));
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class, () -> load(noRegion));
        assertEquals("repo1-s3-region", e.option().orElseThrow());
        assertTrue(e.getMessage().contains("fix:"), e.getMessage());
        assertTrue(ran.isEmpty(), "validation runs before pgbackrest version");
    }

    @Test
    void s3WithoutKeysIsRefusedUnlessTheKeyTypeIsAuto() {
        Repository noKeys = Repository.s3("e", "b", "r");
        assertEquals("repo1-s3-key", assertThrows(PitrConfigurationException.class, () -> load(noKeys)).option().orElseThrow());
        load(noKeys.s3KeyType("auto"));
    }

    @Test
    void s3KeysGivenAsGlobalSecretsAlsoCount() {
        PgBackRest.configure().allowRoot(true).stanza("main").renderConfigTo(tmp.resolve("pgbackrest.conf")).commandRunner(versionOnly)
                .repository(Repository.s3("e", "b", "r")).secret("repo1-s3-key", Secret.of("k1"))
                .secret("repo1-s3-key-secret", Secret.of("k2")).load();
    }

    @Test
    void anEndpointWithASchemeIsRefused() {
        Repository r = Repository.s3("https://s3.example.test", "b", "r").s3Credentials(Secret.of("k1"), Secret.of("k2"));
        assertEquals("repo1-s3-endpoint", assertThrows(PitrConfigurationException.class, () -> load(r)).option().orElseThrow());
    }

    @Test
    void encryptionWithoutAPassIsRefused() {
        Repository r = Repository.posix(Path.of("/var/lib/pgbackrest")).option("cipher-type", "aes-256-cbc");
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class, () -> load(r));
        assertEquals("repo1-cipher-pass", e.option().orElseThrow());
    }

    @Test
    void optionsOfAnotherTypeAreRefused() {
        Repository r = Repository.posix(Path.of("/var/lib/pgbackrest")).option("s3-bucket", "b");
        assertEquals("repo1-s3-bucket", assertThrows(PitrConfigurationException.class, () -> load(r)).option().orElseThrow());
        Repository port = Repository.posix(Path.of("/var/lib/pgbackrest")).option("storage-port", "443");
        assertEquals("repo1-storage-port", assertThrows(PitrConfigurationException.class, () -> load(port)).option().orElseThrow());
    }

    @Test
    void gcsAndAzureRequireTheirCredentials() {
        assertEquals("repo1-gcs-key", assertThrows(PitrConfigurationException.class,
                () -> load(Repository.gcs("b"))).option().orElseThrow());
        assertEquals("repo1-azure-account", assertThrows(PitrConfigurationException.class,
                () -> load(Repository.azure("c"))).option().orElseThrow());
        assertEquals("repo2-azure-uri-style", assertThrows(PitrConfigurationException.class,
                () -> load(Repository.posix(Path.of("/r")), Repository.azure("c").option("azure-uri-style", "weird")
                        .azureCredentials(Secret.of("a"), Secret.of("k")))).option().orElseThrow());
    }

    @Test
    void aRelativeObjectStorePathIsRefused() {
        Repository r = s3().path("pgbackrest");
        assertEquals("repo1-path", assertThrows(PitrConfigurationException.class, () -> load(r)).option().orElseThrow());
    }

    @Test
    void secretsNeverAppearInToString() {
        Repository r = s3().cipher(Secret.of("cipher-pass-value"));
        assertFalse(r.toString().contains("very-secret-key") || r.toString().contains("cipher-pass-value"), r.toString());
        assertThrows(PitrConfigurationException.class, () -> s3().option("s3-key-secret", "plain"));
    }
}
