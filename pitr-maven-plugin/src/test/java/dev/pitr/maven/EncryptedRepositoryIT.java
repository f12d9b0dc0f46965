package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Repository;
import dev.pitr.config.Secret;
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
 * it: the goals decrypt and use it (backup, drill and check succeed), and it never reaches the build log or
 * the audit log. The sandbox follows the runbook (encrypted, retention-full 4), so after a full backup and a
 * drill in the same build, pitr:check shows every rule PASS.
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
                .repository(Repository.posix(repository).retentionFull(4).cipher(Secret.of(CIPHER_PASS))).start();
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

        Path audit = build.directory().resolve("audit/pitr-audit.jsonl");
        // No type given: auto, by the policy, which promotes the first backup to full.
        String policy = "full SUN 01:00, incr MON-SAT 01:00 (UTC)";
        MavenBuild.Result r = build.run("-Dsettings.security=" + security, "-Dpitr.auditLog=audit/pitr-audit.jsonl",
                "-Dpitr.policy=" + policy, "pitr:backup", "pitr:restore-drill", "pitr:check", "pitr:info");
        r.assertSuccess();
        r.assertLogContains("(auto: by the policy " + policy + ")");
        r.assertLogContains("auto backup of stanza 'encrypted': full (");
        r.assertLogContains("F (full) completed");
        r.assertLogContains("Restore drill of stanza 'encrypted' PASSED");
        r.assertLogContains("PASS: 18 PASS, 0 WARN, 0 FAIL (stanza encrypted");
        r.assertLogMatches("backup-timeline\\s+PASS ");
        r.assertLogMatches("restore-drill\\s+PASS ");
        r.assertLogMatches("repository-encryption\\s+PASS ");
        r.assertLogContains("pitr:check passed for stanza 'encrypted'");
        r.assertLogContains("cipher aes-256-cbc");
        r.assertLogLacks(CIPHER_PASS);
        assertEquals(1, sandbox.pgBackRest().stanzaInfo().backups().size());
        String health = Files.readString(build.directory().resolve("target/pitr-reports/pitr-health.json"));
        assertTrue(health.contains("\"status\" : \"PASS\""), health);
        // <auditLog> (relative to the project) took one line per operation of every goal, and no secret.
        String lines = Files.readString(audit);
        for (String operation : new String[] {"\"backup\"", "\"restore-drill\"", "\"check\"", "\"info\""}) {
            assertTrue(lines.contains("\"operation\":" + operation), operation + " missing in " + lines);
        }
        assertFalse(lines.contains(CIPHER_PASS));

        // Without the server the same build cannot read the repository: the pass really came from settings.xml.
        build.settings(SettingsXml.pluginGroupOnly());
        MavenBuild.Result without = build.run("pitr:check");
        without.assertError();
        without.assertLogContains("pgBackRest cannot read the encrypted repository");
        without.assertLogContains("<serverId> (-Dpitr.serverId)");
        without.assertLogLacks(CIPHER_PASS);
    }
}
