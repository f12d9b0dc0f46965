package dev.pitr.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.audit.AuditEntry;
import dev.pitr.audit.AuditLog;
import dev.pitr.audit.AuditOutcome;
import dev.pitr.config.PitrConfiguration;
import dev.pitr.config.Secret;
import dev.pitr.config.Setting;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.LockHeldException;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.error.PgBackRestTimeoutException;
import dev.pitr.error.StanzaMissingException;
import dev.pitr.error.StopFileException;
import dev.pitr.error.VerifyFailedException;
import dev.pitr.info.InfoResult;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.conf.ConfFile;
import dev.pitr.internal.conf.ConfValues;
import dev.pitr.internal.conf.SecretOptions;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.internal.exec.Redactor;
import dev.pitr.internal.json.InfoJsonParser;
import dev.pitr.operation.CommandResult;
import dev.pitr.operation.Operation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds and runs one pgBackRest command for a configuration: the argv (explicit options on the command
 * line, so stray environment cannot change their meaning), the secrets in the environment, the run-as
 * user, the operation's timeout, and the mapping of a failure to a typed exception.
 */
public final class Invoker {
    private final PitrConfiguration config;
    private static final Logger LOG = LoggerFactory.getLogger(Invoker.class);
    /** The options of every {@code info} pitr runs: JSON on stdout. */
    public static final List<String> INFO_OPTIONS = List.of("--output=json");
    private static final Pattern NEW_LABEL = Pattern.compile("new backup label = (\\S+)");

    private final CommandRunner runner;
    private final Optional<AuditLog> auditLog;
    private final ConfFile conf;
    private final Map<String, Secret> secretEnvironment;
    private final BooleanSupplier closed;

    /**
     * @param auditLog where one line per command goes, if anywhere
     * @param conf     the configuration file as read at load(), the only copy anything later consults
     * @param secrets  secret options by pgBackRest option name; kept here, out of the configuration callers see
     * @param closed   true once the owning PgBackRest is closed: commands are refused then (a typed
     *                 configuration's rendered file is gone)
     */
    public Invoker(PitrConfiguration config, CommandRunner runner, Optional<AuditLog> auditLog, ConfFile conf,
            Map<String, Secret> secrets, BooleanSupplier closed) {
        this.closed = closed;
        this.config = config;
        this.runner = runner;
        this.auditLog = auditLog;
        this.conf = conf;
        Map<String, Secret> env = new TreeMap<>();
        secrets.forEach((option, secret) -> env.put(SecretOptions.environmentName(option), secret));
        this.secretEnvironment = Collections.unmodifiableMap(env);
    }

    /** The secrets as the environment variables pgBackRest reads ({@code PGBACKREST_REPO1_CIPHER_PASS}...). */
    public Map<String, Secret> secretEnvironment() {
        return secretEnvironment;
    }

    /** Everything {@code info --output=json} reports for the configuration's repositories. */
    public InfoResult info() {
        return run(Operation.INFO, INFO_OPTIONS, out -> {
            try {
                return new InfoJsonParser().parse(out.stdout());
            } catch (PgBackRestException unreadable) {
                // Attach the command (argv, exit 0, stderr tail) so callers see what ran.
                throw new PgBackRestException(unreadable.errorCode(), unreadable.getMessage(), unreadable.hints(),
                        out.result(), unreadable);
            }
        });
    }

    /** The configured stanza's info (a stanza never created has {@code status().stanzaMissing()}). */
    public StanzaInfo stanzaInfo() {
        return info().stanza(config.stanza()).orElseThrow(() -> new PgBackRestException(ErrorCode.PITR,
                "pgbackrest info reported no stanza '" + config.stanza() + "'"));
    }

    /** Adds or changes annotations on a backup set ({@code annotate}); an empty value removes a key. */
    public CommandResult annotate(String label, Map<String, String> annotations) {
        List<String> options = new ArrayList<>();
        options.add("--set=" + ConfValues.plainText(Setting.ANNOTATE, label, "the backup set label"));
        annotations.forEach((k, v) -> {
            if (ConfValues.plainText(Setting.ANNOTATE, k, "the annotation key").isBlank() || k.contains("=")) {
                throw new PitrConfigurationException(Setting.ANNOTATE, "'" + k + "' is not a valid annotation key",
                        "use a non-empty key without '='");
            }
            options.add("--annotation=" + k + "=" + ConfValues.plainText(Setting.ANNOTATE, v, "the annotation value"));
        });
        return run(Operation.ANNOTATE, options).result();
    }

    /** The configuration file as read at load() ({@link ConfFile#unread()} when this JVM could not read it). */
    public ConfFile conf() {
        return conf;
    }

    public Optional<AuditLog> auditLog() {
        return auditLog;
    }

    public PitrConfiguration config() {
        return config;
    }

    public CommandRunner runner() {
        return runner;
    }

    /** The exact argv for an operation with extra options (each {@code --name=value} or {@code --flag}). */
    public List<String> argv(Operation op, List<String> options) {
        List<String> all = new ArrayList<>();
        if (printsData(op)) {
            // stdout must stay pure JSON (or the file's content): warnings and errors go to stderr only.
            all.add("--log-level-console=off");
            all.add("--log-level-stderr=warn");
        } else {
            // Progress on the console (stdout) at info, nothing duplicated on stderr.
            all.add("--log-level-console=info");
            all.add("--log-level-stderr=off");
        }
        all.addAll(options);
        return CommandLine.forStanza(config, all, op.command());
    }

    /** Commands whose stdout is their result (JSON or a file), kept whole and free of log lines. */
    private static boolean printsData(Operation op) {
        return op == Operation.INFO || op == Operation.REPO_LS || op == Operation.REPO_GET;
    }

    /**
     * Runs a read-only repository command ({@code repo-ls}, {@code repo-get}) on a path relative to the
     * repository, which pgBackRest takes after the command name, and maps a failure.
     */
    public ProcessOutput runOnRepository(Operation op, List<String> options, String path) {
        List<String> argv = new ArrayList<>(argv(op, options));
        argv.add(path);
        return runPlanned(op, argv);
    }

    /**
     * The names of the files under a repository path (e.g. {@code archive/main/15-1/0000000100000000}), from
     * {@code repo-ls --output=json [options] PATH}; relative to the path ({@code 2026/x.manifest.gz} with
     * {@code --recurse}). A path that does not exist lists nothing.
     */
    public List<String> repoFiles(String path, List<String> options) {
        return List.copyOf(repoFileTimes(path, options).keySet());
    }

    /**
     * {@link #repoFiles} with each file's modification time in the repository ({@code time} of repo-ls's JSON,
     * epoch seconds; {@link Instant#EPOCH} when not reported), in repo-ls's order.
     */
    public Map<String, Instant> repoFileTimes(String path, List<String> options) {
        List<String> all = new ArrayList<>(List.of("--output=json"));
        all.addAll(options);
        ProcessOutput out = runOnRepository(Operation.REPO_LS, all, path);
        Map<String, Instant> files = new LinkedHashMap<>();
        try {
            JsonNode listing = new ObjectMapper().readTree(out.stdout());
            if (listing != null) {
                listing.fields().forEachRemaining(e -> {
                    if ("file".equals(e.getValue().path("type").asText())) {
                        JsonNode time = e.getValue().path("time");
                        files.put(e.getKey(), time.canConvertToLong() ? Instant.ofEpochSecond(time.asLong())
                                : Instant.EPOCH);
                    }
                });
            }
        } catch (IOException e) {
            throw new PgBackRestException(ErrorCode.PITR, "pgbackrest repo-ls printed no JSON for " + path + ": "
                    + e.getMessage(), List.of(), out.result(), e);
        }
        return files;
    }

    /** Runs the operation and throws a typed exception when it fails. */
    public ProcessOutput run(Operation op, List<String> options) {
        ProcessOutput out = runAllowingFailure(op, options);
        if (out.exitCode() != 0) {
            throw failure(op, out.result());
        }
        return out;
    }

    /** Runs an argv a plan built with {@link #argv} (so a plan runs exactly what it showed) and maps a failure. */
    public ProcessOutput runPlanned(Operation op, List<String> plannedArgv) {
        ProcessOutput out = execute(op, plannedArgv);
        audit(op, out, null);
        refuseTimeout(op, out);
        if (out.exitCode() != 0) {
            throw failure(op, out.result());
        }
        return out;
    }

    /** Runs the operation; only a timeout throws. */
    public ProcessOutput runAllowingFailure(Operation op, List<String> options) {
        ProcessOutput out = execute(op, argv(op, options));
        audit(op, out, null);
        refuseTimeout(op, out);
        return out;
    }

    /**
     * Runs the operation and reads its output with {@code interpret}; the audit line records the outcome of
     * both, so a command that exits 0 but whose output is a failure (info of a repository it cannot decrypt,
     * verify's findings) is audited as a FAILURE with the error it raised.
     */
    public <T> T run(Operation op, List<String> options, Function<ProcessOutput, T> interpret) {
        ProcessOutput out = execute(op, argv(op, options));
        if (out.timedOut() || out.exitCode() != 0) {
            audit(op, out, null);
            refuseTimeout(op, out);
            throw failure(op, out.result());
        }
        T value;
        try {
            value = interpret.apply(out);
        } catch (PgBackRestException e) {
            audit(op, out, e instanceof VerifyFailedException ? "VERIFY_FAILED" : e.errorCode().name());
            throw e;
        }
        audit(op, out, null);
        return value;
    }

    /** Runs the command; a runner that cannot run it at all is audited (PITR) and rethrown. */
    private ProcessOutput execute(Operation op, List<String> argv) {
        if (closed.getAsBoolean()) {
            throw new IllegalStateException("this PgBackRest for stanza '" + config.stanza() + "' was closed"
                    + (config.rendered() ? " and its rendered " + config.configFile() + " deleted" : "")
                    + "; load() a new one to run pgbackrest " + op.command());
        }
        CommandSpec spec = new CommandSpec(argv, config.environment(), secretEnvironment,
                config.timeout(op), config.runAs(), Path.of("/tmp"), "pitr.pgbackrest." + op.command(), printsData(op))
                .forPgBackRest();
        long started = System.nanoTime();
        try {
            ProcessOutput out = runner.run(spec);
            return new ProcessOutput(ErrorLines.withCapturedError(out.result(), out.stdout(),
                    new Redactor(secretEnvironment.values())), out.stdout(), out.timedOut());
        } catch (RuntimeException e) {
            audit(op, spec.argv(), Duration.ofNanos(System.nanoTime() - started), Optional.empty(), "PITR");
            throw e;
        }
    }

    private void refuseTimeout(Operation op, ProcessOutput out) {
        if (out.timedOut()) {
            throw new PgBackRestTimeoutException("pgbackrest " + op.command() + " for stanza '" + config.stanza()
                    + "' did not finish within " + config.timeout(op) + " and was killed (raise it with timeout(Operation."
                    + op.name() + ", ...))", config.timeout(op), out.result());
        }
    }

    private void audit(Operation op, ProcessOutput out, String forcedError) {
        audit(op, out.result().argv(), out.result().duration(), Optional.of(out.result()),
                forcedError != null ? forcedError : out.timedOut() ? "TIMEOUT" : null);
    }

    /** One audit line per command; a log that cannot be written is reported but never hides the command's result. */
    private void audit(Operation op, List<String> argv, Duration duration, Optional<CommandResult> result, String forcedError) {
        if (auditLog.isEmpty()) {
            return;
        }
        boolean ok = forcedError == null && result.map(r -> r.exitCode() == 0).orElse(false);
        AuditEntry entry = AuditEntry.of(op.command(), config.stanza(), ok ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE)
                .withArgv(argv).withDuration(duration);
        if (!ok) {
            String code = forcedError != null ? forcedError : result.map(r -> ErrorCode.of(ErrorLines.parse(r.outputTail())
                    .map(ErrorLines.Parsed::code).orElse(r.exitCode())).name()).orElse("PITR");
            entry = entry.withErrorCode(code);
        }
        if (op == Operation.BACKUP && result.isPresent()) {
            for (String line : result.get().outputTail()) {
                Matcher m = NEW_LABEL.matcher(line);
                if (m.find()) {
                    entry = entry.withBackupLabel(m.group(1));
                }
            }
        }
        try {
            auditLog.get().append(entry);
        } catch (RuntimeException e) {
            LOG.error("could not write the audit line for pgbackrest {} to {}: {}", op.command(), auditLog.get().file(),
                    e.getMessage());
        }
    }

    /** Maps a failed command to the most specific exception, with pgBackRest's message and hints. */
    public PgBackRestException failure(Operation op, CommandResult result) {
        var parsed = ErrorLines.parse(result.outputTail());
        int code = parsed.map(ErrorLines.Parsed::code).orElse(result.exitCode());
        ErrorCode errorCode = ErrorCode.of(code);
        String detail = parsed.map(ErrorLines.Parsed::message).orElse("no ERROR line was printed");
        List<String> hints = parsed.map(ErrorLines.Parsed::hints).orElse(List.of());
        String message = "pgbackrest " + op.command() + " failed for stanza '" + config.stanza() + "' (exit "
                + result.exitCode() + ", " + errorCode + "): " + detail
                + (hints.isEmpty() ? "" : " [HINT: " + String.join(" / ", hints) + "]")
                + ObjectStoreHints.hint(errorCode, detail).map(h -> " (" + h + ")").orElse("");
        var remote = dev.pitr.internal.tls.RemoteHostFailures.classify(op.command(), config.stanza(), conf,
                errorCode, message, hints, result);
        if (remote.isPresent()) {
            return remote.get();
        }
        String lowerHints = String.join(" ", hints).toLowerCase();
        if (errorCode == ErrorCode.LOCK_ACQUIRE) {
            return new LockHeldException(message, hints, result);
        }
        if (errorCode == ErrorCode.STOP) {
            return new StopFileException(message + " (run start() / pgbackrest start to allow commands again)", hints, result);
        }
        if ((errorCode == ErrorCode.OPTION_REQUIRED && lowerHints.contains("does this stanza exist"))
                || (errorCode == ErrorCode.FILE_MISSING && lowerHints.contains("stanza-create"))) {
            return new StanzaMissingException(errorCode, message + " (create the stanza with stanzaCreate() / "
                    + "pgbackrest stanza-create, or fix the stanza name)", hints, result);
        }
        return new PgBackRestException(errorCode, message, hints, result, null);
    }
}
