package dev.pitr.internal.conf;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * pgBackRest's secure options: they cannot go on a command line (pgBackRest refuses with [031]) and pitr
 * never writes them into a file; they travel as {@code PGBACKREST_*} environment variables.
 */
public final class SecretOptions {
    private static final Set<String> SECURE = Set.of("cipher-pass", "s3-key", "s3-key-secret", "s3-token",
            "gcs-key", "azure-account", "azure-key", "s3-sse-customer-key", "sftp-private-key-passphrase");
    private static final Pattern REPO = Pattern.compile("^repo\\d*-(.*)$");

    private SecretOptions() {
    }

    public static boolean isSecret(String option) {
        var m = REPO.matcher(option);
        return m.matches() && SECURE.contains(m.group(1)) || "tls-server-key-pass".equals(option);
    }

    /** {@code repo1-cipher-pass} -> {@code PGBACKREST_REPO1_CIPHER_PASS}. */
    public static String environmentName(String option) {
        return "PGBACKREST_" + option.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
