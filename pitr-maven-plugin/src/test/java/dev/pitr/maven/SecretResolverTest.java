package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.pitr.config.Secret;
import java.util.List;
import java.util.Map;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsProblem;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.junit.jupiter.api.Test;

class SecretResolverTest {
    private final MojoFixture f = new MojoFixture();
    private final Settings settings = new Settings();
    private final SettingsDecrypter decrypter = mock(SettingsDecrypter.class);

    private void server(String id, String password) {
        Server s = new Server();
        s.setId(id);
        s.setPassword(password);
        settings.addServer(s);
    }

    private void decryptsTo(String plain, List<SettingsProblem> problems) {
        when(decrypter.decrypt(any(SettingsDecryptionRequest.class))).thenAnswer(inv -> {
            SettingsDecryptionRequest req = inv.getArgument(0);
            Server copy = req.getServers().get(0).clone();
            copy.setPassword(plain);
            SettingsDecryptionResult result = mock(SettingsDecryptionResult.class);
            when(result.getServer()).thenReturn(copy);
            when(result.getProblems()).thenReturn(problems);
            return result;
        });
    }

    @Test
    void theDefaultServersEncryptedPasswordIsDecryptedIntoTheRepositoryCipherPass() {
        server("pitr", "{COQLCE6DU6GtcS5P=}");
        decryptsTo("s3cr3t-pass", List.of());
        Map<String, Secret> secrets = new SecretResolver(settings, decrypter).resolve(f.resolver(), "pitr", false, 2, Map.of());
        assertEquals(Map.of("repo2-cipher-pass", Secret.of("s3cr3t-pass")), secrets);
    }

    @Test
    void noServerAndNoEnvironmentMeansNoSecretUnlessTheServerWasNamed() {
        assertTrue(new SecretResolver(settings, decrypter).resolve(f.resolver(), "pitr", false, 1, Map.of()).isEmpty());
        PluginConfigurationException e = assertThrows(PluginConfigurationException.class,
                () -> new SecretResolver(settings, decrypter).resolve(f.resolver(), "prod-repo", true, 1, Map.of()));
        assertTrue(e.getMessage().startsWith("<serverId> (-Dpitr.serverId): settings.xml has no <server> with <id>prod-repo"),
                e.getMessage());
    }

    @Test
    void aDecryptionProblemIsAConfigurationErrorWithoutTheValue() {
        server("pitr", "{broken}");
        decryptsTo(null, List.of(new DefaultSettingsProblem("Failed to decrypt password for server pitr", SettingsProblem.Severity.ERROR,
                "server: pitr", -1, -1, null)));
        PluginConfigurationException e = assertThrows(PluginConfigurationException.class,
                () -> new SecretResolver(settings, decrypter).resolve(f.resolver(), "pitr", false, 1, Map.of()));
        assertTrue(e.getMessage().contains("cannot decrypt the password of settings.xml server 'pitr'"), e.getMessage());
        assertFalse(e.getMessage().contains("{broken}"));
    }

    @Test
    void secureEnvironmentVariablesAreTakenAndSettingsXmlWinsOverThem() {
        f.env.put("PGBACKREST_REPO1_CIPHER_PASS", "from-env");
        f.env.put("PGBACKREST_REPO2_S3_KEY_SECRET", "key-secret");
        f.env.put("PGBACKREST_REPO1_PATH", "/not/a/secret");
        Map<String, Secret> fromEnv = new SecretResolver(settings, null).resolve(f.resolver(), "pitr", false, 1, Map.of());
        assertEquals(Map.of("repo1-cipher-pass", Secret.of("from-env"), "repo2-s3-key-secret", Secret.of("key-secret")), fromEnv);
        server("pitr", "from-settings");
        Map<String, Secret> both = new SecretResolver(settings, null).resolve(f.resolver(), "pitr", false, 1, Map.of());
        assertEquals(Secret.of("from-settings"), both.get("repo1-cipher-pass"));
    }

    @Test
    void secretServersMapMoreOptionsToServerPasswords() {
        server("s3-keys", "the-key-secret");
        Map<String, Secret> secrets = new SecretResolver(settings, null).resolve(f.resolver(), "pitr", false, 1,
                Map.of("repo1-s3-key-secret", "s3-keys"));
        assertEquals(Map.of("repo1-s3-key-secret", Secret.of("the-key-secret")), secrets);
    }

    @Test
    void aCipherPassInThePomOrOnTheCommandLineIsRefusedWithWhereToPutIt() {
        PluginConfigurationException pom = assertThrows(PluginConfigurationException.class,
                () -> SecretResolver.refusePlainText(f.resolver(), "plain-pass", 1, "pitr"));
        assertTrue(pom.getMessage().contains("<cipherPass> (-Dpitr.cipherPass)"), pom.getMessage());
        assertTrue(pom.getMessage().contains("settings.xml"), pom.getMessage());
        assertTrue(pom.getMessage().contains("PGBACKREST_REPO1_CIPHER_PASS"), pom.getMessage());
        assertFalse(pom.getMessage().contains("plain-pass"));
        f.user.setProperty("pitr.cipherPass", "cli-pass");
        PluginConfigurationException cli = assertThrows(PluginConfigurationException.class,
                () -> SecretResolver.refusePlainText(f.resolver(), null, 1, "pitr"));
        assertFalse(cli.getMessage().contains("cli-pass"));
    }
}
