package dev.pitr.config;

import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.conf.SecretOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A secret value (repository cipher pass, object-store keys). It never prints itself: {@link #toString()}
 * is {@code ******}, and pitr hands it to pgBackRest only through a {@code PGBACKREST_*} environment
 * variable of the child process, never on a command line or in a log line.
 */
public final class Secret {
    private static final String MASK = "******";
    private final String value;
    private final String origin;
    private final String sourceVariable;

    private Secret(String value, String origin, String sourceVariable) {
        if (value == null || value.isEmpty()) {
            throw new PitrConfigurationException(Setting.SECRET, "a secret from " + origin + " is empty",
                    "give it a non-empty value");
        }
        this.value = value;
        this.origin = origin;
        this.sourceVariable = sourceVariable;
    }

    /** A secret given directly (e.g. read by the caller from a vault). */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value"), "a literal value", null);
    }

    /** A secret read now from an environment variable of this JVM. */
    public static Secret fromEnv(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isEmpty()) {
            throw new PitrConfigurationException(Setting.SECRET, "environment variable " + variable + " is not set",
                    "export " + variable + " before starting, or pass the secret another way");
        }
        return new Secret(value, "environment variable " + variable, variable);
    }

    /** A secret read now from the first line of a file (trailing newline removed). */
    public static Secret fromFile(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return new Secret(text, "file " + file, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }

    /**
     * True for pgBackRest's secure options ({@code repo1-cipher-pass}, {@code repo2-s3-key-secret}, ...), which
     * pitr accepts only as a {@link Secret} and passes only as {@code PGBACKREST_*} environment variables.
     */
    public static boolean isSecureOption(String option) {
        return option != null && SecretOptions.isSecret(option);
    }

    /** The environment variable pgBackRest reads an option from: {@code repo1-cipher-pass} -> {@code PGBACKREST_REPO1_CIPHER_PASS}. */
    public static String environmentVariable(String option) {
        return SecretOptions.environmentName(Objects.requireNonNull(option, "option"));
    }

    /**
     * The option a {@code PGBACKREST_*} environment variable sets, when it is a secure option:
     * {@code PGBACKREST_REPO1_CIPHER_PASS} -> {@code repo1-cipher-pass}; empty for anything else.
     */
    public static java.util.Optional<String> secureOptionOf(String environmentVariable) {
        if (environmentVariable == null || !environmentVariable.startsWith("PGBACKREST_")) {
            return java.util.Optional.empty();
        }
        String option = environmentVariable.substring("PGBACKREST_".length()).toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-');
        return isSecureOption(option) ? java.util.Optional.of(option) : java.util.Optional.empty();
    }

    /**
     * The raw value. Only for handing it to the child process's environment; never log or print it.
     */
    public String reveal() {
        return value;
    }

    /** Where the secret came from, safe to print (e.g. "environment variable X"). */
    public String origin() {
        return origin;
    }

    /**
     * The variable of this JVM's environment the secret was read from ({@link #fromEnv(String)}). Children
     * inherit this JVM's environment, so pitr removes that variable from every child's: the secret reaches a
     * child only under the name the child needs ({@code PGBACKREST_REPO1_CIPHER_PASS} for pgBackRest).
     */
    public java.util.Optional<String> sourceVariable() {
        return java.util.Optional.ofNullable(sourceVariable);
    }

    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
