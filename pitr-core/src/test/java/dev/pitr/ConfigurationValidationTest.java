package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Repository;
import dev.pitr.config.Secret;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad settings are refused at load(), before any command runs, naming the setting and the fix. */
class ConfigurationValidationTest {
    @TempDir
    Path dir;

    private PitrConfigurationException refused(FluentConfiguration c) {
        FakeRunner runner = new FakeRunner();
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class, () -> c.commandRunner(runner).load());
        assertTrue(runner.specs.isEmpty(), "nothing may run before validation passes");
        return e;
    }

    @Test
    void stanzaIsRequiredAndMustBeAValidName() {
        assertEquals(Setting.STANZA, refused(PgBackRest.configure().allowRoot(true).repository(Repository.posix(dir))).setting());
        assertTrue(refused(PgBackRest.configure().allowRoot(true).stanza("a b").repository(Repository.posix(dir))).getMessage()
                .contains("not a valid stanza name"));
    }

    @Test
    void aConfigFileOrARepositoryIsRequiredButNotBoth() throws Exception {
        assertTrue(refused(PgBackRest.configure().allowRoot(true).stanza("x")).getMessage().contains("neither"));
        Path conf = Files.writeString(dir.resolve("c.conf"), "[x]\n");
        assertTrue(refused(PgBackRest.configure().allowRoot(true).stanza("x").configFile(conf).repository(Repository.posix(dir)))
                .getMessage().contains("not both"));
    }

    @Test
    void aRelativeOrMissingConfigFileIsRefused() {
        assertTrue(refused(PgBackRest.configure().allowRoot(true).stanza("x").configFile(Path.of("pgbackrest.conf"))).getMessage()
                .contains("not absolute"));
        assertTrue(refused(PgBackRest.configure().allowRoot(true).stanza("x").configFile(dir.resolve("missing.conf"))).getMessage()
                .contains("does not exist"));
    }

    @Test
    void secretsCannotBeWrittenAsPlainOptions() {
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> Repository.posix(dir).option("cipher-pass", "plain"));
        assertTrue(e.getMessage().contains("secret("), e.getMessage());
        assertThrows(PitrConfigurationException.class, () -> PgBackRest.configure().allowRoot(true).globalOption("repo1-s3-key-secret", "x"));
        assertThrows(PitrConfigurationException.class,
                () -> PgBackRest.configure().allowRoot(true).environment("PGBACKREST_REPO1_CIPHER_PASS", "x"));
        assertEquals("repo1-path", refused(PgBackRest.configure().allowRoot(true).stanza("x").repository(Repository.posix(dir))
                .secret("repo1-path", Secret.of("x"))).option().orElseThrow());
    }

    @Test
    void timeoutsMustBePositiveAndRunAsMustExist() {
        assertEquals(Setting.TIMEOUT, refused(PgBackRest.configure().allowRoot(true).stanza("x").repository(Repository.posix(dir))
                .timeout(Duration.ZERO)).setting());
        assertEquals(Setting.RUN_AS, refused(PgBackRest.configure().allowRoot(true).stanza("x").repository(Repository.posix(dir))
                .runAs("no-such-user-pitr")).setting());
    }

    @Test
    void theRenderedFileIsPrivateAndHoldsNoSecret() throws Exception {
        Path target = dir.resolve("rendered.conf");
        PgBackRest pgbr = PgBackRest.configure().allowRoot(true).stanza("demo")
                .repository(Repository.posix(dir.resolve("repo")).retentionFull(4).cipher(Secret.of("very-secret-pass")))
                .pgPath(Path.of("/var/lib/postgresql/main")).pgPort(5433).globalOption("compress-type", "zst")
                .renderConfigTo(target).commandRunner(new FakeRunner()).load();
        String text = Files.readString(target);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertTrue(text.contains("repo1-path=" + dir.resolve("repo")), text);
        assertTrue(text.contains("repo1-retention-full=4"), text);
        assertTrue(text.contains("repo1-cipher-type=aes-256-cbc"), text);
        assertTrue(text.contains("[demo]\npg1-path=/var/lib/postgresql/main\npg1-port=5433"), text);
        assertFalse(text.contains("very-secret-pass"));
        assertTrue(pgbr.invoker().secretEnvironment().containsKey("PGBACKREST_REPO1_CIPHER_PASS"));
        // The configuration a caller can read names the secret but holds no value, not even in its repositories.
        assertEquals(java.util.Set.of("repo1-cipher-pass"), pgbr.configuration().secretOptions());
        assertTrue(pgbr.configuration().repositories().stream().allMatch(r -> r.secrets().isEmpty()));
        assertFalse(pgbr.configuration().toString().contains("very-secret-pass"));
    }
}
