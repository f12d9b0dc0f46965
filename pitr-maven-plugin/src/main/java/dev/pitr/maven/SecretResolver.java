package dev.pitr.maven;

import dev.pitr.config.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

/**
 * Collects the secret pgBackRest options (cipher pass, object-store keys) from settings.xml
 * {@code <server>} entries (Maven's encrypted passwords are decrypted) and from the environment. Values
 * are wrapped in {@link Secret} at once and never appear in a message.
 */
final class SecretResolver {
    static final String DEFAULT_SERVER_ID = "pitr";

    private final Settings settings;
    private final SettingsDecrypter decrypter;

    SecretResolver(Settings settings, SettingsDecrypter decrypter) {
        this.settings = settings;
        this.decrypter = decrypter;
    }

    /**
     * Refuses a secret written in the POM or on the command line, where it would end up in version control
     * or the process list.
     */
    static void refusePlainText(PropertyResolver props, String cipherPassField, int repo, String serverId) {
        if ((cipherPassField != null && !cipherPassField.isEmpty()) || props.isSetAsProperty(Param.CIPHER_PASS)) {
            throw new PluginConfigurationException(Param.CIPHER_PASS.describe() + ": a repository cipher pass must not "
                    + "be written in plain text in the POM or on the command line. Fix: remove it and put it in "
                    + "~/.m2/settings.xml as <server><id>" + serverId + "</id><password>...</password></server> "
                    + "(encrypt it with mvn --encrypt-password) or export PGBACKREST_REPO" + repo + "_CIPHER_PASS");
        }
    }

    /**
     * The secrets to hand pgBackRest, keyed by option name ({@code repo1-cipher-pass}). settings.xml wins
     * over the environment: it is the explicit choice.
     *
     * @param serverId         the server whose password is the cipher pass of {@code repo}
     * @param serverIdExplicit true when the user named the server (then it must exist)
     * @param secretServers    more options, each taken from a server's password (option -> server id)
     */
    Map<String, Secret> resolve(PropertyResolver props, String serverId, boolean serverIdExplicit, int repo,
            Map<String, String> secretServers) {
        Map<String, Secret> out = new LinkedHashMap<>();
        // Which variables are secrets is pitr-core's knowledge (Secret.secureOptionOf), not repeated here.
        props.environment().forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                Secret.secureOptionOf(name).ifPresent(option -> out.put(option, Secret.of(value)));
            }
        });
        Optional<Secret> cipherPass = password(serverId, Param.SERVER_ID, serverIdExplicit);
        cipherPass.ifPresent(s -> out.put("repo" + repo + "-cipher-pass", s));
        secretServers.forEach((option, id) -> {
            if (!Secret.isSecureOption(option)) {
                throw new PluginConfigurationException(Param.SECRET_SERVERS, "'" + option + "' is not a secret "
                        + "pgBackRest option", "use secure option names such as repo1-s3-key-secret or repo2-cipher-pass "
                                + "as element names; other options belong in pgbackrest.conf");
            }
            out.put(option, password(id, Param.SECRET_SERVERS, true).orElseThrow());
        });
        return out;
    }

    private Optional<Secret> password(String serverId, Param param, boolean mustExist) {
        Server server = settings == null ? null : settings.getServer(serverId);
        if (server == null) {
            if (mustExist) {
                throw new PluginConfigurationException(param, "settings.xml has no <server> with <id>" + serverId
                        + "</id>", "add <servers><server><id>" + serverId + "</id><password>...</password></server>"
                                + "</servers> to ~/.m2/settings.xml (or the file given with mvn -s)");
            }
            return Optional.empty();
        }
        Server decrypted = server;
        if (decrypter != null) {
            SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            for (SettingsProblem problem : result.getProblems()) {
                if (problem.getSeverity().ordinal() <= SettingsProblem.Severity.ERROR.ordinal()) {
                    // The problem's own message names the server and the settings-security file, not the value.
                    throw new PluginConfigurationException(param, "cannot decrypt the password of settings.xml "
                            + "server '" + serverId + "': " + problem.getMessage(), "check ~/.m2/settings-security.xml "
                                    + "and re-encrypt the password with mvn --encrypt-password");
                }
            }
            if (result.getServer() != null) {
                decrypted = result.getServer();
            }
        }
        String password = decrypted.getPassword();
        if (password == null || password.isEmpty()) {
            throw new PluginConfigurationException(param, "settings.xml server '" + serverId + "' has no <password>",
                    "put the secret in its <password> element");
        }
        return Optional.of(Secret.of(password));
    }
}
