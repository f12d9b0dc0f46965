package dev.pitr.config;

import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.conf.SecretOptions;
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
            throw new PitrConfigurationException(Setting.REPOSITORY, "path '" + path + "' is not an absolute path",
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
        for (Map.Entry<String, String> e : host.options(Setting.REPOSITORY_HOST).entrySet()) {
            r = r.option(e.getKey(), e.getValue());
        }
        return r;
    }

    /** True for a repository on a repository host ({@link #remote(RemoteHost)}). */
    public boolean remote() {
        return options.containsKey("host");
    }

    /**
     * An S3 or S3-compatible object store ({@code repoN-type=s3}). Give the keys with
     * {@link #s3Credentials(Secret, Secret)}; the prefix inside the bucket with {@link #path(String)}.
     *
     * @param endpoint host name of the S3 service, e.g. {@code s3.eu-central-1.amazonaws.com}
     * @param bucket   the bucket ({@code repoN-s3-bucket}), which must exist
     * @param region   the region ({@code repoN-s3-region}), e.g. {@code us-east-1}
     */
    public static Repository s3(String endpoint, String bucket, String region) {
        return of(RepositoryType.S3).option("s3-endpoint", endpoint).option("s3-bucket", bucket).option("s3-region", region);
    }

    /** A Google Cloud Storage bucket ({@code repoN-type=gcs}); give the key file with {@link #gcsKey(Secret)}. */
    public static Repository gcs(String bucket) {
        return of(RepositoryType.GCS).option("gcs-bucket", bucket);
    }

    /**
     * An Azure Blob Storage container ({@code repoN-type=azure}); give the account and key with
     * {@link #azureCredentials(Secret, Secret)}.
     */
    public static Repository azure(String container) {
        return of(RepositoryType.AZURE).option("azure-container", container);
    }

    /** A repository on a CIFS/SMB mount ({@code repoN-type=cifs}: posix without links and fsync of directories). */
    public static Repository cifs(Path path) {
        Objects.requireNonNull(path, "path");
        return of(RepositoryType.CIFS).path(path.toString());
    }

    /** A repository of the given type; set its options with {@link #option(String, String)}. */
    public static Repository of(RepositoryType type) {
        return new Repository(Objects.requireNonNull(type), Optional.empty(), Optional.empty(), Map.of(), Map.of());
    }

    /** Pins this repository's number (repoN); by default it is its position in the configuration. */
    public Repository number(int n) {
        if (n < 1 || n > 256) {
            throw new PitrConfigurationException(Setting.REPOSITORY, "repo" + n + " is out of range",
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
        positive("retention-full", count);
        return option("retention-full", Integer.toString(count));
    }

    /** How many differential backups to keep ({@code repoN-retention-diff}). */
    public Repository retentionDiff(int count) {
        positive("retention-diff", count);
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
            throw new PitrConfigurationException(Setting.REPOSITORY, key,
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

    /** S3 access key id and secret access key ({@code repoN-s3-key}, {@code repoN-s3-key-secret}), as secrets. */
    public Repository s3Credentials(Secret key, Secret keySecret) {
        return secret("s3-key", key).secret("s3-key-secret", keySecret);
    }

    /** A temporary session token ({@code repoN-s3-token}) that goes with temporary credentials. */
    public Repository s3Token(Secret token) {
        return secret("s3-token", token);
    }

    /**
     * Where the credentials come from ({@code repoN-s3-key-type}): {@code shared} (keys given, the default),
     * {@code auto} (EC2 instance role) or {@code web-id} (Kubernetes service account).
     */
    public Repository s3KeyType(String keyType) {
        return option("s3-key-type", keyType);
    }

    /** {@code host} (bucket.endpoint, the default) or {@code path} (endpoint/bucket) style URIs ({@code repoN-s3-uri-style}). */
    public Repository s3UriStyle(String style) {
        return option("s3-uri-style", style);
    }

    /** Server-side encryption with this KMS key ({@code repoN-s3-kms-key-id}); independent of {@link #cipher(Secret)}. */
    public Repository s3KmsKeyId(String keyId) {
        return option("s3-kms-key-id", keyId);
    }

    /** A GCS service-account key file or token ({@code repoN-gcs-key}), a secret. */
    public Repository gcsKey(Secret keyFileOrToken) {
        return secret("gcs-key", keyFileOrToken);
    }

    /** {@code service} (key file, the default), {@code token} or {@code auto} ({@code repoN-gcs-key-type}). */
    public Repository gcsKeyType(String keyType) {
        return option("gcs-key-type", keyType);
    }

    /** Azure storage account and its shared key or SAS token ({@code repoN-azure-account}, {@code repoN-azure-key}). */
    public Repository azureCredentials(Secret account, Secret key) {
        return secret("azure-account", account).secret("azure-key", key);
    }

    /** {@code shared} (the default) or {@code sas} ({@code repoN-azure-key-type}). */
    public Repository azureKeyType(String keyType) {
        return option("azure-key-type", keyType);
    }

    /** An endpoint other than the service's default (S3/GCS/Azure: {@code repoN-<type>-endpoint}). */
    public Repository endpoint(String host) {
        return switch (type) {
            case S3, GCS, AZURE -> option(type.option() + "-endpoint", host);
            default -> throw new PitrConfigurationException(Setting.REPOSITORY, "a " + type.option()
                    + " repository has no endpoint", "only s3, gcs and azure repositories take an endpoint");
        };
    }

    /** The object store's TCP port ({@code repoN-storage-port}, default 443). */
    public Repository storagePort(int port) {
        if (port < 1 || port > 65535) {
            throw new PitrConfigurationException(Setting.REPOSITORY, "storage-port", port + " is not a TCP port", "use 1..65535");
        }
        return option("storage-port", Integer.toString(port));
    }

    /** Verify the object store's TLS certificate ({@code repoN-storage-verify-tls}, default yes). Off only for tests. */
    public Repository verifyTls(boolean verify) {
        return option("storage-verify-tls", verify ? "y" : "n");
    }

    /** A CA certificate file to verify the object store with ({@code repoN-storage-ca-file}). */
    public Repository caFile(Path file) {
        return option("storage-ca-file", file.toString());
    }

    /** A directory of CA certificates ({@code repoN-storage-ca-path}). */
    public Repository caPath(Path directory) {
        return option("storage-ca-path", directory.toString());
    }

    /** Size of each part of a multipart upload ({@code repoN-storage-upload-chunk-size}; bytes). */
    public Repository uploadChunkSize(long bytes) {
        if (bytes < 64 * 1024) {
            throw new PitrConfigurationException(Setting.REPOSITORY, "storage-upload-chunk-size", bytes + " bytes is too small",
                    "give at least 65536 bytes (S3 needs 5 MiB parts, the default)");
        }
        return option("storage-upload-chunk-size", Long.toString(bytes));
    }

    /** How many archived WAL/backups to keep apart from full-backup retention ({@code repoN-retention-archive}). */
    public Repository retentionArchive(int count) {
        positive("retention-archive", count);
        return option("retention-archive", Integer.toString(count));
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

    /** This repository without its secret values, as a loaded configuration shows it. */
    Repository withoutSecrets() {
        return secrets.isEmpty() ? this : new Repository(type, number, path, options, Map.of());
    }

    /** The configured full-backup retention, if any. */
    public Optional<Integer> retentionFull() {
        return Optional.ofNullable(options.get("retention-full")).map(Integer::valueOf);
    }

    /** The configured differential-backup retention, if any. */
    public Optional<Integer> retentionDiff() {
        return Optional.ofNullable(options.get("retention-diff")).map(Integer::valueOf);
    }

    /** One option's value (name without the repoN- prefix), if set. Secrets are not options. */
    public Optional<String> optionValue(String name) {
        return Optional.ofNullable(options.get(stripPrefix(name)));
    }

    /** True when the repository is encrypted. */
    public boolean encrypted() {
        return options.containsKey("cipher-type") && !"none".equals(options.get("cipher-type"));
    }

    private static String stripPrefix(String name) {
        return name.replaceFirst("^repo\\d*-", "");
    }

    private static void positive(String option, int value) {
        if (value < 1) {
            throw new PitrConfigurationException(Setting.REPOSITORY, option, value + " is not allowed", "give 1 or more");
        }
    }

    /** Equal type, number, path, options and secrets. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Repository r && r.type == type && r.number.equals(number) && r.path.equals(path)
                && r.options.equals(options) && r.secrets.equals(secrets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, number, path, options, secrets);
    }

    @Override
    public String toString() {
        return "Repository[" + type.option() + number.map(n -> " repo" + n).orElse("") + path.map(p -> " " + p).orElse("")
                + " options=" + options() + " secrets=" + secrets.keySet() + "]";
    }
}
