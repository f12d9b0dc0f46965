package dev.pitr.maven;

import dev.pitr.FluentConfiguration;
import dev.pitr.PgBackRest;
import dev.pitr.config.Secret;
import dev.pitr.error.PgBackRestException;
import dev.pitr.metrics.MetricsCollector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.crypto.SettingsDecrypter;

/**
 * Everything the goals share: parameter resolution (command line over POM over runbook environment),
 * skip flags, secrets from settings.xml or the environment, loading {@link PgBackRest}, and the mapping
 * of outcomes to BUILD FAILURE / BUILD ERROR. Each goal only says what it runs.
 */
public abstract class AbstractPitrMojo extends AbstractMojo {
    /** pgBackRest's own default configuration file, used when nothing else is given and it exists. */
    static final Path DEFAULT_CONFIG_FILE = Path.of("/etc/pgbackrest/pgbackrest.conf");

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Parameter(defaultValue = "${project}", readonly = true)
    MavenProject project;

    @Parameter(defaultValue = "${settings}", readonly = true)
    Settings settings;

    /** This goal's execution: whose POM configuration the unknown-parameter check reads. */
    @Parameter(defaultValue = "${mojoExecution}", readonly = true)
    MojoExecution mojoExecution;

    @Component
    SettingsDecrypter settingsDecrypter;

    /** The pgBackRest stanza. Also {@code -Dpitr.stanza}; falls back to the PGBACKREST_STANZA variable. */
    @Parameter(property = "pitr.stanza")
    String stanza;

    /**
     * The pgbackrest.conf to use (absolute, or relative to the project). Also {@code -Dpitr.configFile};
     * falls back to PGBACKREST_CONFIG, then /etc/pgbackrest/pgbackrest.conf.
     */
    @Parameter(property = "pitr.configFile")
    String configFile;

    /** The pgbackrest executable (a path, or a name on PATH). Also {@code -Dpitr.executable}. */
    @Parameter(property = "pitr.executable", defaultValue = "pgbackrest")
    String executable;

    /**
     * Run pgBackRest as this OS user (usually postgres). Also {@code -Dpitr.runAsUser}. Default: the current user;
     * as root, the owner of the stanza's local pg1-path (the build fails when there is none), never root itself
     * unless {@code allowRoot} is true.
     */
    @Parameter(property = "pitr.runAsUser")
    String runAsUser;

    /**
     * true: pgBackRest may run as root on purpose (passes --allow-root to pgBackRest 2.59+, which otherwise refuses
     * every command but restore as root). Also {@code -Dpitr.allowRoot}.
     */
    @Parameter(property = "pitr.allowRoot", defaultValue = "false")
    boolean allowRoot;

    /** Timeout of each pgBackRest command, ISO-8601 (e.g. PT2H). Also {@code -Dpitr.timeout}. Default: per operation. */
    @Parameter(property = "pitr.timeout")
    String timeout;

    /** The repository number for backup, expire, restore and the settings.xml cipher pass. Also {@code -Dpitr.repo}. */
    @Parameter(property = "pitr.repo")
    Integer repo;

    /** Skip every pitr goal. Also {@code -Dpitr.skip}. */
    @Parameter(property = "pitr.skip", defaultValue = "false")
    boolean skip;

    /** false: a failed check, backup or drill is logged as a warning instead of failing the build. Also {@code -Dpitr.failOnError}. */
    @Parameter(property = "pitr.failOnError", defaultValue = "true")
    boolean failOnError;

    /** Show what would run without changing anything. Also {@code -Dpitr.dryRun}. */
    @Parameter(property = "pitr.dryRun", defaultValue = "false")
    boolean dryRun;

    /** settings.xml {@code <server>} whose password is the repository cipher pass. Also {@code -Dpitr.serverId}. */
    @Parameter(property = "pitr.serverId")
    String serverId;

    /** More secret options from settings.xml: pgBackRest option name -> server id (its password is the value). */
    @Parameter
    Map<String, String> secretServers;

    /**
     * Append one JSON line per operation (who, what, when, how long, outcome; never a secret) to this file
     * (relative to the project). pitr:check also reads restore-drill entries from it. Also {@code -Dpitr.auditLog}.
     */
    @Parameter(property = "pitr.auditLog")
    String auditLog;

    /**
     * The OS group that may read the reports, drill history, pitr-health.json and a new audit log (mode 0640);
     * unset, they are private to the build's user (0600). Also {@code -Dpitr.reportGroup}.
     */
    @Parameter(property = "pitr.reportGroup")
    String reportGroup;

    /** Refused: a cipher pass in plain text. Put it in settings.xml (see serverId) or PGBACKREST_REPO1_CIPHER_PASS. */
    @Parameter(property = "pitr.cipherPass")
    String cipherPass;

    /**
     * After the goal, write the stanza's metrics (Prometheus text: pgbackrest_* and pitr_*, see docs/monitoring.md)
     * to this {@code .prom} file, atomically, for node_exporter's textfile collector (relative to the project).
     * pitr:check writes its own health check's figures; any other goal collects them afterwards (info, the
     * drill reports, the governance rules without pgbackrest check). Also {@code -Dpitr.metricsFile}.
     */
    @Parameter(property = "pitr.metricsFile")
    String metricsFile;

    private PropertyResolver resolver;
    /** The resolved {@code <metricsFile>}, empty when not asked for. */
    private Optional<Path> metricsTarget = Optional.empty();
    /** Set by a goal that wrote the metrics itself (pitr:check), so they are not collected twice. */
    private boolean metricsWritten;
    /** Test seams: how pgBackRest is loaded and where the environment comes from. */
    Function<FluentConfiguration, PgBackRest> loader = FluentConfiguration::load;
    Supplier<Map<String, String>> environment = System::getenv;

    /** The goal's name, for log lines ("check", "restore-drill"). */
    protected abstract String goal();

    /** The goal's own skip flag (e.g. {@code <checkSkip>}, -Dpitr.check.skip) and its field value. */
    protected abstract Param goalSkipParameter();

    protected abstract boolean goalSkip();

    /** Resolves and validates the goal's own parameters, before anything runs. */
    protected void resolveGoalParameters(PropertyResolver props) {
    }

    /** Runs the goal against a loaded pgBackRest. Call {@link #failed(String)} for a failed result. */
    protected abstract void run(PgBackRest pgbr) throws MojoFailureException;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        PropertyResolver props;
        try {
            props = properties();
            UnknownParameters.refuse(project, mojoExecution, session != null ? session.getUserProperties() : null,
                    session != null ? session.getSystemProperties() : null);
            if (props.flag(Param.SKIP, skip)) {
                getLog().info("Skipping pitr:" + goal() + " because " + Param.SKIP.describe() + " is true");
                return;
            }
            if (props.flag(goalSkipParameter(), goalSkip())) {
                getLog().info("Skipping pitr:" + goal() + " because " + goalSkipParameter().describe() + " is true");
                return;
            }
        } catch (PluginConfigurationException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        }
        try {
            FluentConfiguration configuration = configuration(props);
            resolveGoalParameters(props);
            metricsTarget = MetricsFile.resolve(props, metricsFile, baseDirectory());
            PgBackRest pgbr = load(configuration);
            boolean goalFailed = true;
            try {
                run(pgbr);
                goalFailed = false;
            } finally {
                writeMetricsAfterGoal(pgbr, goalFailed);
            }
        } catch (GoalFailedException e) {
            reportFailure(e.getMessage(), e.getCause());
        } catch (GoalInterruptedException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (RuntimeException e) {
            MojoExecutionException error = Outcomes.cannotRun(e);
            if (error != null) {
                throw error;
            }
            reportFailure("pitr:" + goal() + " failed: " + Outcomes.describe((PgBackRestException) e), e);
        }
    }

    private void reportFailure(String message, Throwable cause) throws MojoFailureException {
        if (failOnError()) {
            throw new MojoFailureException(message, cause);
        }
        getLog().warn(message);
        getLog().warn("Not failing the build because " + Param.FAIL_ON_ERROR.describe() + " is false");
    }

    /** Reports a failed result: BUILD FAILURE, or a warning with failOnError=false. Never returns normally. */
    protected final void failed(String message) {
        throw new GoalFailedException(message);
    }

    /**
     * Reports a goal that was interrupted before it could judge anything (a drill stopped by SIGTERM, Ctrl-C
     * or an interrupt): a BUILD ERROR, like any inability to run, never a failure. Never returns normally.
     */
    protected final void interrupted(String message) {
        throw new GoalInterruptedException(message);
    }

    /** The {@code <metricsFile>} to write, when asked for. */
    protected final Optional<Path> metricsFile() {
        return metricsTarget;
    }

    /** Writes the metrics a goal collected itself (pitr:check, with its health report). */
    protected final Path writeMetrics(MetricsCollector collector) {
        Path written = MetricsFile.write(collector, metricsTarget.orElseThrow());
        metricsWritten = true;
        getLog().info("Metrics (Prometheus text): " + written);
        return written;
    }

    /**
     * Any goal but pitr:check: collects after the goal (so a backup's age is already the new one). After a
     * failed goal a collection problem is only a warning: the goal's own failure is what the build reports.
     */
    private void writeMetricsAfterGoal(PgBackRest pgbr, boolean goalFailed) {
        if (metricsTarget.isEmpty() || metricsWritten) {
            return;
        }
        if (dryRun()) {
            getLog().info("Dry run: would write metrics to " + metricsTarget.get());
            return;
        }
        try {
            writeMetrics(pgbr.metrics().reportDirectory(metricsReportDirectory()));
        } catch (RuntimeException e) {
            if (!goalFailed) {
                throw e;
            }
            getLog().warn("Could not write the metrics to " + metricsTarget.get() + ": " + e.getMessage());
        }
    }

    /**
     * Where the metrics read the drill reports: {@code -Dpitr.reportDirectory} or the default; a goal with its own
     * {@code <reportDirectory>} (pitr:restore-drill) answers with that.
     */
    protected Path metricsReportDirectory() {
        return ReportDirectory.resolve(resolver(), null, baseDirectory());
    }

    boolean failOnError() {
        return resolver().flag(Param.FAIL_ON_ERROR, failOnError);
    }

    protected final boolean dryRun() {
        return resolver().flag(Param.DRY_RUN, dryRun);
    }

    /** The repository number given with {@code <repo>}, if any. */
    protected final Optional<Integer> repo() {
        Optional<Integer> r = resolver().integer(Param.REPO, repo);
        r.filter(n -> n < 1 || n > 256).ifPresent(n -> {
            throw new PluginConfigurationException(Param.REPO, n + " is not a repository number", "use 1..256");
        });
        return r;
    }

    /** The resolved stanza. */
    protected final String stanza() {
        return resolver().string(Param.STANZA, stanza).orElseThrow(
                () -> new PluginConfigurationException(Param.STANZA, "no stanza is configured",
                        "add <stanza>name</stanza> to the plugin's <configuration>, pass -Dpitr.stanza=name, or "
                                + "export PGBACKREST_STANZA"));
    }

    /** Builds the core configuration from the shared parameters; nothing runs yet. */
    FluentConfiguration configuration(PropertyResolver props) {
        FluentConfiguration c = PgBackRest.configure().stanza(stanza());
        c.configFile(configFilePath(props));
        props.string(Param.EXECUTABLE, executable).ifPresent(c::executable);
        props.string(Param.RUN_AS_USER, runAsUser).ifPresent(c::runAs);
        c.allowRoot(props.flag(Param.ALLOW_ROOT, allowRoot));
        props.duration(Param.TIMEOUT, timeout).ifPresent(c::timeout);
        props.path(Param.AUDIT_LOG, auditLog, baseDirectory()).ifPresent(c::auditLog);
        props.string(Param.REPORT_GROUP, reportGroup).ifPresent(c::reportGroup);
        int repoNumber = repo().orElse(1);
        Optional<String> explicitServer = props.string(Param.SERVER_ID, serverId);
        String server = explicitServer.orElse(SecretResolver.DEFAULT_SERVER_ID);
        SecretResolver.refusePlainText(props, cipherPass, repoNumber, server);
        Map<String, Secret> secrets = new SecretResolver(settings, settingsDecrypter).resolve(props, server,
                explicitServer.isPresent(), repoNumber, secretServers == null ? Map.of() : secretServers);
        secrets.forEach(c::secret);
        return c;
    }

    private Path configFilePath(PropertyResolver props) {
        Optional<Path> given = props.path(Param.CONFIG_FILE, configFile, baseDirectory());
        if (given.isPresent()) {
            if (!Files.isRegularFile(given.get())) {
                throw new PluginConfigurationException(Param.CONFIG_FILE, given.get() + " does not exist or is not a "
                        + "file", "point it at your pgbackrest.conf");
            }
            return given.get();
        }
        if (Files.isRegularFile(DEFAULT_CONFIG_FILE)) {
            return DEFAULT_CONFIG_FILE;
        }
        throw new PluginConfigurationException(Param.CONFIG_FILE, "no pgbackrest.conf is configured and "
                + DEFAULT_CONFIG_FILE + " does not exist", "add <configFile>/path/to/pgbackrest.conf</configFile> or "
                        + "pass -Dpitr.configFile=/path/to/pgbackrest.conf");
    }

    /** Loads pgBackRest (checks its version). A seam for unit tests. */
    PgBackRest load(FluentConfiguration configuration) {
        return loader.apply(configuration);
    }

    /** The project's directory, or the working directory when run without a POM. */
    protected final Path baseDirectory() {
        if (project != null && project.getBasedir() != null) {
            return project.getBasedir().toPath();
        }
        return Path.of("").toAbsolutePath();
    }

    protected final PropertyResolver resolver() {
        return resolver != null ? resolver : properties();
    }

    PropertyResolver properties() {
        if (resolver == null) {
            Properties user = session != null ? session.getUserProperties() : new Properties();
            Properties system = session != null ? session.getSystemProperties() : System.getProperties();
            Properties projectProps = project != null ? project.getProperties() : new Properties();
            resolver = new PropertyResolver(user, system, projectProps, environment());
        }
        return resolver;
    }

    /** The Maven process's environment; a seam for unit tests. */
    Map<String, String> environment() {
        return environment.get();
    }

    /** A failed result, carried from {@link #failed(String)} to the outcome mapping. */
    static final class GoalInterruptedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GoalInterruptedException(String message) {
            super(message);
        }
    }

    static final class GoalFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        GoalFailedException(String message) {
            super(message);
        }
    }
}
