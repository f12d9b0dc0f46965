package dev.pitr;

import dev.pitr.audit.AuditLog;
import dev.pitr.config.PgBackRestVersion;
import dev.pitr.config.PitrConfiguration;
import dev.pitr.config.RemoteHost;
import dev.pitr.config.Repository;
import dev.pitr.config.Secret;
import dev.pitr.config.Setting;
import dev.pitr.config.TlsServer;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.conf.ConfFile;
import dev.pitr.internal.conf.ConfRenderer;
import dev.pitr.internal.conf.ConfValues;
import dev.pitr.internal.conf.PgBackRestTimeouts;
import dev.pitr.internal.conf.RepositoryNumbers;
import dev.pitr.internal.conf.RepositoryValidator;
import dev.pitr.internal.conf.SecretOptions;
import dev.pitr.internal.conf.TimeOptions;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommonsExecRunner;
import dev.pitr.internal.os.Ownership;
import dev.pitr.internal.os.RootGuard;
import dev.pitr.internal.os.ReportFiles;
import dev.pitr.internal.os.RunAs;
import dev.pitr.internal.os.TemporaryDirectories;
import dev.pitr.internal.tls.TlsPreflight;
import dev.pitr.operation.Operation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The mutable builder behind {@link PgBackRest#configure()}. Setters are named after the setting and
 * return {@code this}; {@link #load()} validates everything, checks the pgBackRest version, renders the
 * configuration file when the typed model is used, and freezes the result.
 *
 * <p>Either point at an existing {@code pgbackrest.conf} with {@link #configFile(Path)}, or describe the
 * repositories and the stanza with {@link #repository(Repository)}, {@link #pgPath(Path)} and friends and
 * pitr renders the file (mode 0600) for you.
 */
public final class FluentConfiguration {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FluentConfiguration.class);
    private static final Pattern STANZA = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    private String stanza;
    private String executable = "pgbackrest";
    private Path configFile;
    private Path renderTo;
    private final List<Repository> repositories = new ArrayList<>();
    private final Map<String, String> globalOptions = new LinkedHashMap<>();
    private final Map<String, String> stanzaOptions = new LinkedHashMap<>();
    private Path pgPath;
    private Integer pgPort;
    private Path pgSocketPath;
    private String pgUser;
    private String runAs;
    private boolean allowRoot;
    private Duration defaultTimeout;
    private final Map<Operation, Duration> timeouts = new EnumMap<>(Operation.class);
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Map<String, Secret> secrets = new LinkedHashMap<>();
    private boolean inheritPgBackRestEnvironment;
    private final Map<String, Duration> pgBackRestTimeouts = new LinkedHashMap<>();
    private CommandRunner runner;
    private RemoteHost pgHost;
    private TlsServer tlsServer;
    private Path auditLog;
    private long auditLogRotateAt;
    private String reportGroup;

    FluentConfiguration() {
    }

    /** The stanza every command addresses (required). */
    public FluentConfiguration stanza(String name) {
        this.stanza = name;
        return this;
    }

    /** The pgbackrest executable: a path, or a name looked up on PATH. Default {@code pgbackrest}. */
    public FluentConfiguration executable(String nameOrPath) {
        this.executable = nameOrPath;
        return this;
    }

    /** The pgbackrest executable as a path. */
    public FluentConfiguration executable(Path path) {
        return executable(path.toString());
    }

    /** Use an existing pgbackrest.conf (absolute path); pgBackRest reads it as the run-as user. */
    public FluentConfiguration configFile(Path file) {
        this.configFile = file;
        return this;
    }

    /** Where to write the rendered pgbackrest.conf (typed model only). Default: a new private temp directory. */
    public FluentConfiguration renderConfigTo(Path file) {
        this.renderTo = file;
        return this;
    }

    /** Adds a repository (repo1, repo2... in the order added, unless the repository pins its number). */
    public FluentConfiguration repository(Repository repository) {
        repositories.add(Objects.requireNonNull(repository));
        return this;
    }

    /** A {@code [global]} option of the rendered file, e.g. {@code globalOption("compress-type", "zst")}. */
    public FluentConfiguration globalOption(String name, String value) {
        refuseSecret(Setting.GLOBAL_OPTION, name);
        globalOptions.put(name, value);
        return this;
    }

    /** An option of the rendered file's stanza section. */
    public FluentConfiguration stanzaOption(String name, String value) {
        refuseSecret(Setting.STANZA_OPTION, name);
        stanzaOptions.put(name, value);
        return this;
    }

    /**
     * Database host side of a dedicated repository host: the repository lives on {@code host}, reached over
     * TLS ({@code repo1-host*}). Same as {@code repository(Repository.remote(host))}. See docs/repository-host.md.
     */
    public FluentConfiguration repositoryHost(RemoteHost host) {
        return repository(Repository.remote(host));
    }

    /**
     * Repository host side: PostgreSQL runs on {@code host}, reached over TLS ({@code pg1-host*}); backups
     * run here and pull from it. {@link #pgPath(Path)}, {@link #pgPort(int)} and {@link #pgSocketPath(Path)}
     * describe the cluster as seen on that host.
     */
    public FluentConfiguration pgHost(RemoteHost host) {
        this.pgHost = Objects.requireNonNull(host);
        return this;
    }

    /**
     * The {@code tls-server-*} options of this host, for the {@code pgbackrest server} the other host
     * connects to; run it with {@link PgBackRestServer}.
     */
    public FluentConfiguration tlsServer(TlsServer server) {
        this.tlsServer = Objects.requireNonNull(server);
        return this;
    }

    /** The production data directory ({@code pg1-path}). */
    public FluentConfiguration pgPath(Path path) {
        this.pgPath = path;
        return this;
    }

    /** The PostgreSQL port ({@code pg1-port}). */
    public FluentConfiguration pgPort(int port) {
        this.pgPort = port;
        return this;
    }

    /** The PostgreSQL unix socket directory ({@code pg1-socket-path}). */
    public FluentConfiguration pgSocketPath(Path path) {
        this.pgSocketPath = path;
        return this;
    }

    /** The database user pgBackRest connects as ({@code pg1-user}). */
    public FluentConfiguration pgUser(String user) {
        this.pgUser = user;
        return this;
    }

    /** Directories for pgBackRest's logs, locks and spool ({@code log-path}, {@code lock-path}, {@code spool-path}). */
    public FluentConfiguration workDirectory(Path dir) {
        globalOptions.put("log-path", dir.resolve("log").toString());
        globalOptions.put("lock-path", dir.resolve("lock").toString());
        globalOptions.put("spool-path", dir.resolve("spool").toString());
        return this;
    }

    /**
     * Run pgBackRest as this OS user ({@code runuser -u} when pitr runs as root, {@code sudo -n -E -u}
     * otherwise); production hosts use {@code postgres}. Unset: the current user, except as root, where it is the
     * owner of the local {@code pg1-path} (load() refuses when there is none). pgBackRest never runs as root
     * unless {@link #allowRoot(boolean)} says so.
     */
    public FluentConfiguration runAs(String user) {
        this.runAs = user;
        return this;
    }

    /**
     * Lets pgBackRest run as root on purpose ({@code --allow-root} on pgBackRest 2.59+, which otherwise refuses
     * every command but restore as root). Off by default: as root without {@link #runAs(String)}, pgBackRest runs
     * as the owner of the local {@code pg1-path}, and load() refuses when there is none to read.
     */
    public FluentConfiguration allowRoot(boolean allow) {
        this.allowRoot = allow;
        return this;
    }

    /** One timeout for every operation that has no specific one. */
    public FluentConfiguration timeout(Duration timeout) {
        this.defaultTimeout = timeout;
        return this;
    }

    /** The timeout of one operation. */
    public FluentConfiguration timeout(Operation operation, Duration timeout) {
        timeouts.put(operation, timeout);
        return this;
    }

    /**
     * pgBackRest's network I/O timeout ({@code io-timeout}, default 60 s): how long one read or write to the
     * object store or repository host may stall. pgBackRest retries, so a dead S3 endpoint fails after about
     * four times this value (240 s by default); keep it short where a fast failure matters. Rendered into
     * {@code [global]}, or passed as {@code PGBACKREST_IO_TIMEOUT} with an existing configFile (it then
     * does not reach archive-push run by PostgreSQL).
     */
    public FluentConfiguration ioTimeout(Duration timeout) {
        pgBackRestTimeouts.put("io-timeout", timeout);
        return this;
    }

    /** How long pgBackRest waits for a database query ({@code db-timeout}, default 30 min); must stay below protocolTimeout. */
    public FluentConfiguration dbTimeout(Duration timeout) {
        pgBackRestTimeouts.put("db-timeout", timeout);
        return this;
    }

    /** How long pgBackRest waits for a remote/local worker process ({@code protocol-timeout}, default 31 min). */
    public FluentConfiguration protocolTimeout(Duration timeout) {
        pgBackRestTimeouts.put("protocol-timeout", timeout);
        return this;
    }

    /** An extra, non-secret environment variable for every command. */
    public FluentConfiguration environment(String name, String value) {
        if (name.startsWith("PGBACKREST_") && SecretOptions.isSecret(name.substring(11).toLowerCase().replace('_', '-'))) {
            throw new PitrConfigurationException(Setting.ENVIRONMENT, name + " carries a secret",
                    "pass it with secret(\"" + name.substring(11).toLowerCase().replace('_', '-') + "\", Secret...)");
        }
        environment.put(name, value);
        return this;
    }

    /**
     * A secret pgBackRest option, e.g. {@code secret("repo1-cipher-pass", Secret.fromEnv("PASS"))}. It
     * reaches pgBackRest only as {@code PGBACKREST_REPO1_CIPHER_PASS} in the child's environment.
     */
    public FluentConfiguration secret(String option, Secret value) {
        secrets.put(option, Objects.requireNonNull(value));
        return this;
    }

    /**
     * Keep {@code PGBACKREST_*} variables of this JVM's environment in pgBackRest's environment. Off by
     * default: a stray variable (e.g. PGBACKREST_REPO1_PATH) would silently change what a command means.
     */
    public FluentConfiguration inheritPgBackRestEnvironment(boolean inherit) {
        this.inheritPgBackRestEnvironment = inherit;
        return this;
    }

    /**
     * Appends one JSON line per pgBackRest command (who, what, when, how long, outcome) to this file
     * (absolute; created mode 0640 when missing). See {@link AuditLog}.
     */
    public FluentConfiguration auditLog(Path file) {
        this.auditLog = file;
        return this;
    }

    /**
     * Rotates the audit log before an append once it has reached this many bytes (0, the default: never).
     * The chain continues into the new file; see {@link AuditLog#rotate()}.
     */
    public FluentConfiguration auditLogRotateAt(long bytes) {
        if (bytes < 0) {
            throw new PitrConfigurationException(Setting.AUDIT_LOG_ROTATE_AT, bytes + " is negative",
                    "give a size in bytes, e.g. 67108864 (64 MiB), or 0 to never rotate");
        }
        this.auditLogRotateAt = bytes;
        return this;
    }

    /**
     * The OS group that may read the files pitr writes about its work: drill reports (JSON, Markdown, JUnit XML,
     * history copies, the copied server log), {@code pitr-health.json} and a new audit log. They are written
     * mode 0640 with this group; without it, 0600 (private to the user running pitr). The group must exist,
     * and the user running pitr must be root or a member of it.
     */
    public FluentConfiguration reportGroup(String group) {
        this.reportGroup = group;
        return this;
    }

    /** Test seam: replaces the process runner (argv and error-mapping tests only). */
    FluentConfiguration commandRunner(CommandRunner commandRunner) {
        this.runner = commandRunner;
        return this;
    }

    /** Validates, checks pgBackRest's version, renders the configuration file if needed, and freezes. */
    public PgBackRest load() {
        // Jackson and the JDBC driver load beside the checks and `pgbackrest version` below, not after them.
        dev.pitr.internal.WarmUp.start();
        validate();
        PgBackRestTimeouts.validate(pgBackRestTimeouts);
        Optional<String> group = Optional.ofNullable(reportGroup);
        Map<String, Secret> allSecrets = new LinkedHashMap<>(secrets);
        List<Repository> numbered = RepositoryNumbers.number(repositories);
        for (Repository r : numbered) {
            RepositoryValidator.validate(r, this::secretReachesPgBackRest);
        }
        allSecrets.putAll(RepositoryNumbers.secrets(numbered));
        Map<Operation, Duration> effectiveTimeouts = new EnumMap<>(Operation.class);
        for (Operation op : Operation.values()) {
            effectiveTimeouts.put(op, timeouts.getOrDefault(op, defaultTimeout != null ? defaultTimeout : op.defaultTimeout()));
        }
        // The one reading of an existing configuration file: everything later asks this model. With it, the
        // stanza's pg1-* settings come from the file: the restore interlocks and the drill's isolation check must
        // know the production data directory whichever way pitr was configured, and so must the run-as rule.
        Optional<ConfFile> existing = configFile == null ? Optional.empty() : Optional.of(readableConf(configFile));
        Optional<Path> effectivePgPath = Optional.ofNullable(pgPath)
                .or(() -> existing.flatMap(f -> f.get(stanza, "pg1-path")).map(Path::of));
        Optional<String> user = RootGuard.resolve(Optional.ofNullable(runAs), allowRoot, localPgPath(existing, effectivePgPath),
                whyNoLocalPgPath(existing), RunAs.isRoot());
        Optional<AuditLog> audit = Optional.ofNullable(auditLog).map(f -> AuditLog.open(f, group))
                .map(l -> l.rotateAt(auditLogRotateAt));
        // The TLS files the configuration names are checked before anything runs; time options are spelled per
        // release, so a rendered file gets its final text once the version is known.
        TlsPreflight.check(existing.orElseGet(() -> ConfFile.parse(render(numbered, globalOptions))).entries(),
                user.orElseGet(RunAs::currentUser));
        CommandRunner commandRunner = runner != null ? runner
                : new CommonsExecRunner(inheritPgBackRestEnvironment, knownSecrets(allSecrets));
        PgBackRestVersion version = VersionCheck.check(commandRunner, executable, user, effectiveTimeouts.get(Operation.VERSION));

        TimeOptions.checkLiterals(Setting.GLOBAL_OPTION, globalOptions, version);
        TimeOptions.checkLiterals(Setting.STANZA_OPTION, stanzaOptions, version);
        existing.ifPresent(f -> warnAboutTimeOptions(f, version));
        Map<String, String> timeoutOptions = PgBackRestTimeouts.render(pgBackRestTimeouts, version);
        Map<String, String> env = new LinkedHashMap<>(environment);
        Map<String, String> global = new LinkedHashMap<>(globalOptions);
        if (configFile != null) {
            timeoutOptions.forEach((k, v) -> env.put("PGBACKREST_" + k.toUpperCase(java.util.Locale.ROOT).replace('-', '_'), v));
        } else {
            global.putAll(timeoutOptions);
        }
        String text = configFile == null ? render(numbered, global) : null;
        ConfFile conf = existing.orElseGet(() -> ConfFile.parse(text));

        Path file = configFile;
        boolean rendered = false;
        Optional<Path> temporary = Optional.empty();
        if (configFile == null) {
            temporary = renderTo != null ? Optional.empty() : Optional.of(newPrivateTempDir(user));
            file = renderTo != null ? renderTo : temporary.get().resolve("pgbackrest.conf");
            Ownership.writePrivateFile(file, text, user);
            rendered = true;
        }
        Optional<Integer> effectivePgPort = Optional.ofNullable(pgPort)
                .or(() -> existing.flatMap(f -> f.get(stanza, "pg1-port")).map(Integer::valueOf));
        Optional<Path> effectiveSocket = Optional.ofNullable(pgSocketPath)
                .or(() -> existing.flatMap(f -> f.get(stanza, "pg1-socket-path")).map(Path::of));
        Optional<String> effectivePgUser = Optional.ofNullable(pgUser).or(() -> existing.flatMap(f -> f.get(stanza, "pg1-user")));
        PitrConfiguration config = new PitrConfiguration(stanza, executable, version, file, rendered, numbered,
                effectivePgPath, effectivePgPort, effectiveSocket, effectivePgUser, user, effectiveTimeouts, env,
                allSecrets.keySet(), group, allowRoot);
        return new PgBackRest(config, commandRunner, audit, conf, allSecrets, temporary);
    }

    /**
     * Every secret of this configuration, for keeping out of children and redacting: the given ones, and with
     * inheritPgBackRestEnvironment the secure PGBACKREST_* variables this JVM was started with.
     */
    private List<Secret> knownSecrets(Map<String, Secret> given) {
        List<Secret> known = new ArrayList<>(given.values());
        if (inheritPgBackRestEnvironment) {
            System.getenv().forEach((k, v) -> {
                if (Secret.secureOptionOf(k).isPresent() && !v.isEmpty()) {
                    known.add(Secret.of(v));
                }
            });
        }
        return known;
    }

    /**
     * A time option of an existing file that this release refuses or misreads (written for another release) is
     * not pitr's to change: it is named once, with the spelling every release reads alike.
     */
    private void warnAboutTimeOptions(ConfFile file, PgBackRestVersion version) {
        for (String name : new java.util.TreeSet<>(TimeOptions.NAMES)) {
            file.get(stanza, name).flatMap(v -> TimeOptions.problem(name, v, version)).ifPresent(p -> LOG.warn(
                    "{} in {}: {}; whole seconds are read alike by every release", name, configFile, p));
        }
    }

    /** pg1-path when the data directory is on this host (not behind pg1-host), for {@link RootGuard}. */
    private Optional<Path> localPgPath(Optional<ConfFile> existing, Optional<Path> effectivePgPath) {
        return pgHostConfigured(existing) ? Optional.empty() : effectivePgPath;
    }

    private boolean pgHostConfigured(Optional<ConfFile> existing) {
        return pgHost != null || existing.flatMap(f -> f.get(stanza, "pg1-host")).isPresent();
    }

    private String whyNoLocalPgPath(Optional<ConfFile> existing) {
        if (pgHostConfigured(existing)) {
            return "pg1-path is on the database host (pg1-host)";
        }
        if (existing.isPresent() && !existing.get().wasRead()) {
            return configFile + " cannot be read for the stanza's pg1-path";
        }
        return "no pg1-path is configured";
    }

    /** The existing file, or {@link ConfFile#unread()} when this JVM cannot read it; a malformed file is refused. */
    private static ConfFile readableConf(Path file) {
        if (!Files.isReadable(file)) {
            LOG.warn("{} is not readable by this JVM's user: pitr cannot learn the stanza's pg1-path from it, so the "
                    + "restore interlock that protects the production data directory cannot recognise it", file);
            return ConfFile.unread();
        }
        try {
            return ConfFile.read(file);
        } catch (UncheckedIOException e) {
            LOG.warn("cannot read {} for the stanza's pg1-path: {}", file, e.getMessage());
            return ConfFile.unread();
        }
    }

    private boolean secretReachesPgBackRest(String option) {
        return secrets.containsKey(option) || inheritPgBackRestEnvironment
                && System.getenv(SecretOptions.environmentName(option)) != null;
    }

    /** The file's text: the global options (tls-server-auth once per client certificate) and the stanza section. */
    private String render(List<Repository> numbered, Map<String, String> global) {
        Map<String, List<String>> g = new LinkedHashMap<>();
        global.forEach((k, v) -> g.put(k, List.of(v)));
        if (tlsServer != null) {
            g.putAll(tlsServer.options());
        }
        Map<String, List<String>> section = new LinkedHashMap<>();
        stanzaSection().forEach((k, v) -> section.put(k, List.of(v)));
        return ConfRenderer.render(numbered, g, Map.of(stanza, section));
    }

    private Map<String, String> stanzaSection() {
        Map<String, String> section = new LinkedHashMap<>();
        if (pgHost != null) {
            pgHost.options(Setting.PG_HOST).forEach((k, v) -> section.put("pg1-" + k, v));
        }
        if (pgPath != null) {
            section.put("pg1-path", pgPath.toString());
        }
        if (pgPort != null) {
            section.put("pg1-port", pgPort.toString());
        }
        if (pgSocketPath != null) {
            section.put("pg1-socket-path", pgSocketPath.toString());
        }
        if (pgUser != null) {
            section.put("pg1-user", pgUser);
        }
        section.putAll(stanzaOptions);
        return section;
    }

    private void validate() {
        if (stanza == null || stanza.isBlank()) {
            throw new PitrConfigurationException(Setting.STANZA, "no stanza is configured",
                    "call stanza(\"name\"), e.g. the [section] name of your pgbackrest.conf");
        }
        if (!STANZA.matcher(stanza).matches()) {
            throw new PitrConfigurationException(Setting.STANZA, "'" + stanza + "' is not a valid stanza name",
                    "use letters, digits, '_', '.' and '-'");
        }
        if (executable == null || executable.isBlank()) {
            throw new PitrConfigurationException(Setting.EXECUTABLE, "is empty", "leave it unset to use pgbackrest from PATH");
        }
        // pgBackRest copies the executable, --config and --pg1-path into the restored cluster's restore_command.
        ConfValues.commandPath(Setting.EXECUTABLE, Path.of(executable), "the executable");
        if (configFile != null) {
            ConfValues.commandPath(Setting.CONFIG_FILE, configFile, "the configuration file");
        }
        if (renderTo != null) {
            ConfValues.commandPath(Setting.RENDER_CONFIG_TO, renderTo, "the configuration file");
        }
        if (configFile != null && !repositories.isEmpty()) {
            throw new PitrConfigurationException(Setting.CONFIG_FILE, "both an existing configFile and typed repositories are "
                    + "given", "use either configFile(...) or repository(...), not both");
        }
        if (configFile == null && repositories.isEmpty()) {
            throw new PitrConfigurationException(Setting.CONFIG_FILE, "neither a configFile nor a repository is configured",
                    "call configFile(Path.of(\"/etc/pgbackrest/pgbackrest.conf\")) or repository(Repository.posix(...))");
        }
        if (configFile != null) {
            if (!configFile.isAbsolute()) {
                throw new PitrConfigurationException(Setting.CONFIG_FILE, "'" + configFile + "' is not absolute (pgBackRest "
                        + "resolves relative paths against /)", "give an absolute path");
            }
            if (!Files.isRegularFile(configFile)) {
                throw new PitrConfigurationException(Setting.CONFIG_FILE, configFile + " does not exist or is not a file",
                        "create it or point configFile at the right file");
            }
        }
        if (configFile != null && (pgPath != null || pgPort != null || pgSocketPath != null || !globalOptions.isEmpty())) {
            throw new PitrConfigurationException(Setting.CONFIG_FILE, "pgPath/pgPort/pgSocketPath/globalOption only shape a "
                    + "rendered file and would be ignored with an existing configFile", "put them in " + configFile);
        }
        for (String option : secrets.keySet()) {
            if (!SecretOptions.isSecret(option)) {
                throw new PitrConfigurationException(Setting.SECRET, option, "'" + option
                        + "' is not one of pgBackRest's secure options", "pass ordinary options with globalOption or "
                                + "repository(...).option(...)");
            }
        }
        if (pgHost != null && pgPath == null) {
            throw new PitrConfigurationException(Setting.PG_PATH, "pgHost(...) is set but not the data directory on that host",
                    "call pgPath(Path) with PGDATA as seen on the database host");
        }
        if ((pgHost != null || tlsServer != null) && configFile != null) {
            throw new PitrConfigurationException(Setting.CONFIG_FILE, "pgHost/tlsServer only shape a rendered file and would be "
                    + "ignored with an existing configFile", "put them in " + configFile);
        }
        if (pgHost != null && repositories.stream().anyMatch(Repository::remote)) {
            throw new PitrConfigurationException(Setting.REPOSITORY_HOST, "both pgHost and repositoryHost are set; one host "
                    + "cannot be both sides", "the database host uses repositoryHost(...), the repository host pgHost(...)");
        }
        if (pgPath != null && !pgPath.isAbsolute()) {
            throw new PitrConfigurationException(Setting.PG_PATH, "'" + pgPath + "' is not absolute", "give an absolute path");
        }
        if (pgPort != null && (pgPort < 1 || pgPort > 65535)) {
            throw new PitrConfigurationException(Setting.PG_PORT, pgPort + " is not a TCP port", "use 1..65535");
        }
        if (renderTo != null && !renderTo.isAbsolute()) {
            throw new PitrConfigurationException(Setting.RENDER_CONFIG_TO, "'" + renderTo + "' is not absolute",
                    "give an absolute path");
        }
        if (defaultTimeout != null) {
            positive("", defaultTimeout);
        }
        timeouts.forEach((op, d) -> positive(" of " + op, d));
        if (reportGroup != null) {
            ReportFiles.requireGroup(reportGroup);
        }
        if (runAs != null) {
            if (runAs.isBlank()) {
                throw new PitrConfigurationException(Setting.RUN_AS, "is empty", "give an OS user such as postgres, or leave it unset");
            }
            try {
                java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(runAs);
            } catch (IOException e) {
                throw new PitrConfigurationException(Setting.RUN_AS, "there is no OS user '" + runAs + "'",
                        "create it or name an existing user (usually postgres)");
            }
        }
    }

    private static void positive(String operation, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new PitrConfigurationException(Setting.TIMEOUT, "the timeout" + operation + " (" + d + ") is not positive",
                    "give a positive duration, e.g. PT10M");
        }
    }

    private static void refuseSecret(Setting setting, String option) {
        if (SecretOptions.isSecret(option)) {
            throw new PitrConfigurationException(setting, option, "'" + option + "' is a secret and would "
                    + "be written in plain text", "pass it with secret(\"" + option + "\", Secret...) instead");
        }
    }

    private static Path newPrivateTempDir(Optional<String> user) {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "pitr-conf-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // Deleted by PgBackRest.close(), or when the JVM exits.
            TemporaryDirectories.register(dir);
            Ownership.chown(dir, user);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the rendered pgbackrest.conf", e);
        }
    }
}
