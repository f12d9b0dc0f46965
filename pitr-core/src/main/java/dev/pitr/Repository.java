package dev.pitr;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One pgBackRest repository ({@code repoN-*} options), immutable. Setters return a changed copy:
 * <pre>{@code Repository.posix(Path.of("/var/lib/pgbackrest")).retentionFull(4).cipher(Secret.fromEnv("PASS"))}</pre>
 * Options are written without the {@code repoN-} prefix ({@code option("s3-uri-style", "path")}); the
 * number is given by the repository's position in the configuration, or by {@link #number(int)}.
 */
public final class Repository {
    private final RepositoryType type;
    private final Optional<Integer> number;
    private final Optional<String> path;
    private final Map<String, String> options;
    private final Map<String, Secret> secrets;

    private Repository(RepositoryType type, Optional<Integer> number, Optional<String> path, Map<String, String> options,
            Map<String, Secret> secrets) {
        this.type = type;
        this.number = number;
        this.path = path;
        this.options = Map.copyOf(options);
        this.secrets = Map.copyOf(secrets);
    }

    /** A repository on a local or mounted file system. */
    public static Repository posix(Path path) {
        Objects.requireNonNull(path, "path");
        if (!path.isAbsolute()) {
            throw new PitrConfigurationException("repository.path", "'" + path + "' is not an absolute path",
                    "give the repository directory as an absolute path");
        }
        return new Repository(RepositoryType.POSIX, Optional.empty(), Optional.of(path.toString()), Map.of(), Map.of());
    }

    /**
     * A repository that lives on a dedicated repository host and is reached over TLS ({@code repoN-host*}
     * options). Its type, path and retention are configured on the repository host, not here.
     */
    public static Repository remote(RemoteHost host) {
        Repository r = of(RepositoryType.POSIX);
        for (Map.Entry<String, String> e : host.options("repositoryHost").entrySet()) {
            r = r.option(e.getKey(), e.getValue());
        }
        return r;
    }

    /** True for a repository on a repository host ({@link #remote(RemoteHost)}). */
    public boolean remote() {
        return options.containsKey("host");
    }

    /** A repository of the given type; set its options with {@link #option(String, String)}. */
    public static Repository of(RepositoryType type) {
        return new Repository(Objects.requireNonNull(type), Optional.empty(), Optional.empty(), Map.of(), Map.of());
    }

    /** Pins this repository's number (repoN); by default it is its position in the configuration. */
    public Repository number(int n) {
        if (n < 1 || n > 256) {
            throw new PitrConfigurationException("repository.number", "repo" + n + " is out of range",
                    "use 1..256");
        }
        return new Repository(type, Optional.of(n), path, options, secrets);
    }

    /** The repository path ({@code repoN-path}); for object stores the prefix inside the bucket. */
    public Repository path(String p) {
        return new Repository(type, number, Optional.of(p), options, secrets);
    }

    /** How many full backups to keep ({@code repoN-retention-full}). */
    public Repository retentionFull(int count) {
        positive("repository.retentionFull", count);
        return option("retention-full", Integer.toString(count));
    }

    /** How many differential backups to keep ({@code repoN-retention-diff}). */
    public Repository retentionDiff(int count) {
        positive("repository.retentionDiff", count);
        return option("retention-diff", Integer.toString(count));
    }

    /** Encrypts the repository with aes-256-cbc; the pass reaches pgBackRest only through the environment. */
    public Repository cipher(Secret pass) {
        return option("cipher-type", "aes-256-cbc").secret("cipher-pass", pass);
    }

    /** Any other {@code repoN-<name>} option, e.g. {@code option("s3-bucket", "backups")}. */
    public Repository option(String name, String value) {
        String key = stripPrefix(name);
        if (SecretOptions.isSecret("repo1-" + key)) {
            throw new PitrConfigurationException("repository.option(" + key + ")",
                    "'" + key + "' is a secret and would be written in plain text", "pass it with secret(\"" + key
                            + "\", Secret...) instead");
        }
        Map<String, String> copy = new LinkedHashMap<>(options);
        copy.put(key, Objects.requireNonNull(value, "value"));
        return new Repository(type, number, path, copy, secrets);
    }

    /** A secret {@code repoN-<name>} option (cipher pass, S3 key and secret...), passed as PGBACKREST_REPON_*. */
    public Repository secret(String name, Secret value) {
        Map<String, Secret> copy = new LinkedHashMap<>(secrets);
        copy.put(stripPrefix(name), Objects.requireNonNull(value, "value"));
        return new Repository(type, number, path, options, copy);
    }

    public RepositoryType type() {
        return type;
    }

    public Optional<Integer> number() {
        return number;
    }

    public Optional<String> path() {
        return path;
    }

    /** Options without the repoN- prefix, sorted by name. */
    public Map<String, String> options() {
        return new TreeMap<>(options);
    }

    /** Secret options without the repoN- prefix. */
    public Map<String, Secret> secrets() {
        return secrets;
    }

    /** The configured full-backup retention, if any. */
    public Optional<Integer> retentionFull() {
        return Optional.ofNullable(options.get("retention-full")).map(Integer::valueOf);
    }

    /** True when the repository is encrypted. */
    public boolean encrypted() {
        return options.containsKey("cipher-type") && !"none".equals(options.get("cipher-type"));
    }

    private static String stripPrefix(String name) {
        return name.replaceFirst("^repo\\d*-", "");
    }

    private static void positive(String setting, int value) {
        if (value < 1) {
            throw new PitrConfigurationException(setting, value + " is not allowed", "give 1 or more");
        }
    }

    @Override
    public String toString() {
        return "Repository[" + type.option() + number.map(n -> " repo" + n).orElse("") + path.map(p -> " " + p).orElse("")
                + " options=" + options() + " secrets=" + secrets.keySet() + "]";
    }
}
