package dev.pitr.internal.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Secret;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The public view of pgBackRest's secure options that the Maven plugin (and other callers) rely on. */
class SecretOptionNamesTest {
    @Test
    void secureRepositoryOptionsAreRecognisedOnAnyRepository() {
        assertTrue(Secret.isSecureOption("repo1-cipher-pass"));
        assertTrue(Secret.isSecureOption("repo2-s3-key-secret"));
        assertTrue(Secret.isSecureOption("repo3-azure-key"));
        assertFalse(Secret.isSecureOption("repo1-path"));
        assertFalse(Secret.isSecureOption("repo1-retention-full"));
        assertFalse(Secret.isSecureOption(null));
    }

    @Test
    void optionsMapToTheirEnvironmentVariablesAndBack() {
        assertEquals("PGBACKREST_REPO1_CIPHER_PASS", Secret.environmentVariable("repo1-cipher-pass"));
        assertEquals(Optional.of("repo2-s3-key-secret"), Secret.secureOptionOf("PGBACKREST_REPO2_S3_KEY_SECRET"));
        assertEquals(Optional.empty(), Secret.secureOptionOf("PGBACKREST_REPO1_PATH"), "not a secret");
        assertEquals(Optional.empty(), Secret.secureOptionOf("REPO1_CIPHER_PASS"), "not a pgBackRest variable");
    }
}
