package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pitr.Repository;
import dev.pitr.Secret;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An encrypted repository whose cipher pass exists only in settings.xml, encrypted the way Maven users do
 * it: the goals decrypt and use it (check and backup succeed), and it never reaches the build log.
 */
class EncryptedRepositoryIT {
    private static final String CIPHER_PASS = "it-cipher-" + Long.toHexString(System.nanoTime());
    static SandboxCluster sandbox;
    static Path repository;

    @BeforeAll
    static void start() {
        // pgBackRest (as the sandbox user) creates this directory itself; /tmp lets every user reach it.
        repository = Path.of("/tmp/pitr-plugin-it-encrypted-" + System.nanoTime());
        sandbox = SandboxCluster.builder().stanza("encrypted").fsync(false)
                .repository(Repository.posix(repository).retentionFull(2).cipher(Secret.of(CIPHER_PASS))).start();
        sandbox.pgBackRest().stanzaCreate();
    }

    @AfterAll
    static void stop() throws IOException {
        if (sandbox != null) {
            sandbox.close();
        }
        if (repository != null && Files.exists(repository)) {
            try (Stream<Path> files = Files.walk(repository)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theCipherPassFromSettingsXmlIsDecryptedUsedAndNeverPrinted() throws IOException {
        MavenBuild build = MavenBuild.project("basic", "encrypted", Map.of("stanza", sandbox.stanza(), "configFile",
                sandbox.configFile().toString(), "runAsUser", sandbox.user()));
        Path security = build.directory().resolve("settings-security.xml");
        String master = MavenBuild.encrypt("--encrypt-master-password", "it-master-" + System.nanoTime(), null);
        Files.writeString(security, "<settingsSecurity><master>" + master + "</master></settingsSecurity>");
        String encrypted = MavenBuild.encrypt("--encrypt-password", CIPHER_PASS, security);
        build.settings(SettingsXml.withServer("pitr", encrypted));

        MavenBuild.Result r = build.run("-Dsettings.security=" + security, "pitr:check", "pitr:backup@full", "pitr:info");
        r.assertSuccess();
        r.assertLogContains("pitr:check passed for stanza 'encrypted'");
        r.assertLogContains("F (full) completed");
        r.assertLogContains("cipher aes-256-cbc");
        r.assertLogLacks(CIPHER_PASS);
        assertEquals(1, sandbox.pgBackRest().stanzaInfo().backups().size());

        // Without the server the same build cannot read the repository: the pass really came from settings.xml.
        build.settings(SettingsXml.pluginGroupOnly());
        MavenBuild.Result without = build.run("pitr:info");
        without.assertError();
        without.assertLogContains("pgBackRest cannot read the encrypted repository");
        without.assertLogContains("<serverId> (-Dpitr.serverId)");
        without.assertLogLacks(CIPHER_PASS);
    }
}
