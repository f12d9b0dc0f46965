package dev.pitr.internal.conf;

import dev.pitr.config.Repository;
import dev.pitr.config.RepositoryType;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks one repository's options for its type before anything runs, so a missing bucket or key is
 * reported with the setting's pgBackRest name ({@code repo2-s3-region}) and the fix, instead of as a
 * pgBackRest error in the middle of a backup. Rules are those of pgBackRest 2.45.
 */
public final class RepositoryValidator {
    private static final List<String> TYPED_PREFIXES = List.of("s3-", "gcs-", "azure-");
    private static final Set<String> YES_NO = Set.of("y", "n");

    private RepositoryValidator() {
    }

    /**
     * @param repository      the repository, numbered
     * @param secretAvailable tells whether a secret option (full name, e.g. {@code repo1-s3-key}) reaches
     *                        pgBackRest some other way (FluentConfiguration.secret, inherited environment)
     */
    public static void validate(Repository repository, Predicate<String> secretAvailable) {
        int n = repository.number().orElseThrow();
        String p = "repo" + n + "-";
        Map<String, String> o = repository.options();
        Predicate<String> hasSecret = name -> repository.secrets().containsKey(name) || secretAvailable.test(p + name);
        RepositoryType type = repository.type();

        repository.path().ifPresent(path -> {
            if (!path.startsWith("/")) {
                throw new PitrConfigurationException(Setting.REPOSITORY, p + "path", "'" + path + "' does not start with '/'",
                        "give an absolute path" + (objectStore(type) ? " (for object stores: the prefix inside the "
                                + "bucket, e.g. /pgbackrest)" : ""));
            }
        });
        for (String key : o.keySet()) {
            for (String prefix : TYPED_PREFIXES) {
                if (key.startsWith(prefix) && !type.option().equals(prefix.substring(0, prefix.length() - 1))) {
                    throw new PitrConfigurationException(Setting.REPOSITORY, p + key, "is only valid for " + p + "type="
                            + prefix.substring(0, prefix.length() - 1) + ", but this repository is " + type.option(),
                            "remove it or change the repository type");
                }
            }
        }
        for (String key : repository.secrets().keySet()) {
            for (String prefix : TYPED_PREFIXES) {
                if (key.startsWith(prefix) && !type.option().equals(prefix.substring(0, prefix.length() - 1))) {
                    throw new PitrConfigurationException(Setting.REPOSITORY, p + key, "is only valid for " + p + "type="
                            + prefix.substring(0, prefix.length() - 1) + ", but this repository is " + type.option(),
                            "remove it or change the repository type");
                }
            }
        }

        String cipher = o.getOrDefault("cipher-type", "none");
        if (!Set.of("none", "aes-256-cbc").contains(cipher)) {
            throw new PitrConfigurationException(Setting.REPOSITORY, p + "cipher-type", "'" + cipher + "' is not a cipher pgBackRest knows",
                    "use aes-256-cbc, or none");
        }
        if (!"none".equals(cipher) && !hasSecret.test("cipher-pass")) {
            throw new PitrConfigurationException(Setting.REPOSITORY, p + "cipher-pass", "the repository is encrypted (" + cipher
                    + ") but no cipher pass is given", "give it with Repository.cipher(Secret...) - the same pass the "
                    + "repository was created with");
        }
        if ("none".equals(cipher) && repository.secrets().containsKey("cipher-pass")) {
            throw new PitrConfigurationException(Setting.REPOSITORY, p + "cipher-type", "a cipher pass is given but the repository is not "
                    + "encrypted", "use Repository.cipher(Secret), which also sets cipher-type=aes-256-cbc");
        }

        yesNo(p, o, "storage-verify-tls");
        port(p, o, "storage-port");
        absolute(p, o, "storage-ca-file");
        absolute(p, o, "storage-ca-path");
        if (!objectStore(type)) {
            for (String storage : List.of("storage-port", "storage-verify-tls", "storage-ca-file", "storage-ca-path",
                    "storage-host", "storage-upload-chunk-size")) {
                if (o.containsKey(storage)) {
                    throw new PitrConfigurationException(Setting.REPOSITORY, p + storage, "is only valid for object stores (s3, gcs, azure)",
                            "remove it from the " + type.option() + " repository");
                }
            }
        }

        switch (type) {
            case S3 -> {
                required(p, o, "s3-bucket", "Repository.s3(endpoint, bucket, region)");
                required(p, o, "s3-endpoint", "Repository.s3(endpoint, bucket, region), e.g. s3.us-east-1.amazonaws.com");
                required(p, o, "s3-region", "Repository.s3(endpoint, bucket, region), e.g. us-east-1");
                oneOf(p, o, "s3-uri-style", Set.of("host", "path"));
                String keyType = o.getOrDefault("s3-key-type", "shared");
                oneOf(p, o, "s3-key-type", Set.of("shared", "auto", "web-id"));
                if ("shared".equals(keyType)) {
                    for (String secret : List.of("s3-key", "s3-key-secret")) {
                        if (!hasSecret.test(secret)) {
                            throw new PitrConfigurationException(Setting.REPOSITORY, p + secret, "is required for s3-key-type=shared",
                                    "give the keys with Repository.s3Credentials(Secret.fromEnv(\"AWS_ACCESS_KEY_ID\"), "
                                            + "Secret.fromEnv(\"AWS_SECRET_ACCESS_KEY\")), or set s3KeyType(\"auto\") "
                                            + "for an instance role");
                        }
                    }
                }
                if (o.containsKey("s3-endpoint") && o.get("s3-endpoint").contains("://")) {
                    throw new PitrConfigurationException(Setting.REPOSITORY, p + "s3-endpoint", "'" + o.get("s3-endpoint")
                            + "' contains a scheme", "give the host name only (pgBackRest always uses https); the "
                                    + "port goes in storagePort(...)");
                }
            }
            case GCS -> {
                required(p, o, "gcs-bucket", "Repository.gcs(bucket)");
                oneOf(p, o, "gcs-key-type", Set.of("service", "token", "auto"));
                if (!"auto".equals(o.getOrDefault("gcs-key-type", "service")) && !hasSecret.test("gcs-key")) {
                    throw new PitrConfigurationException(Setting.REPOSITORY, p + "gcs-key", "is required for gcs-key-type="
                            + o.getOrDefault("gcs-key-type", "service"), "give the service-account key file with "
                                    + "Repository.gcsKey(Secret.of(\"/etc/pgbackrest/gcs-key.json\")), or gcsKeyType(\"auto\")");
                }
            }
            case AZURE -> {
                required(p, o, "azure-container", "Repository.azure(container)");
                oneOf(p, o, "azure-key-type", Set.of("shared", "sas"));
                oneOf(p, o, "azure-uri-style", Set.of("host", "path"));
                for (String secret : List.of("azure-account", "azure-key")) {
                    if (!hasSecret.test(secret)) {
                        throw new PitrConfigurationException(Setting.REPOSITORY, p + secret, "is required for an azure repository",
                                "give them with Repository.azureCredentials(account, key)");
                    }
                }
            }
            case POSIX, CIFS -> {
                // repoN-path defaults to /var/lib/pgbackrest; nothing else is required.
            }
        }
    }

    private static boolean objectStore(RepositoryType type) {
        return type == RepositoryType.S3 || type == RepositoryType.GCS || type == RepositoryType.AZURE;
    }

    private static void required(String p, Map<String, String> o, String key, String fix) {
        String v = o.get(key);
        if (v == null || v.isBlank()) {
            throw new PitrConfigurationException(Setting.REPOSITORY, p + key, "is required for " + p + "type="
                    + key.substring(0, key.indexOf('-')), "set it with " + fix);
        }
    }

    private static void oneOf(String p, Map<String, String> o, String key, Set<String> allowed) {
        String v = o.get(key);
        if (v != null && !allowed.contains(v)) {
            throw new PitrConfigurationException(Setting.REPOSITORY, p + key, "'" + v + "' is not allowed", "use one of "
                    + allowed.stream().sorted().toList());
        }
    }

    private static void yesNo(String p, Map<String, String> o, String key) {
        oneOf(p, o, key, YES_NO);
    }

    private static void port(String p, Map<String, String> o, String key) {
        String v = o.get(key);
        if (v == null) {
            return;
        }
        try {
            int port = Integer.parseInt(v);
            if (port >= 1 && port <= 65535) {
                return;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new PitrConfigurationException(Setting.REPOSITORY, p + key, "'" + v + "' is not a TCP port", "use 1..65535");
    }

    private static void absolute(String p, Map<String, String> o, String key) {
        String v = o.get(key);
        if (v != null && !v.startsWith("/")) {
            throw new PitrConfigurationException(Setting.REPOSITORY, p + key, "'" + v + "' is not an absolute path", "give an absolute path");
        }
    }
}
