package dev.pitr.internal.exec;

import dev.pitr.config.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One process to run: the argument list (never a shell string), extra environment, secrets that travel
 * only as environment variables, a timeout, the OS user to run as, and where its output is logged.
 *
 * @param argv          executable and arguments, each one token
 * @param environment   variables added to the child's environment (not secret)
 * @param secrets       variables whose values are secrets: put in the environment, redacted everywhere
 * @param timeout       the command's whole process tree is ended after this
 * @param runAs         OS user to run as (runuser/sudo), empty for the current user
 * @param workingDirectory a directory the run-as user can read
 * @param loggerName    SLF4J logger for the output lines
 * @param captureStdout keep stdout whole (up to a cap) in the result, e.g. for JSON; its lines are then
 *                      logged at DEBUG only
 * @param pgBackRestChild the child runs pgBackRest, itself or as PostgreSQL's archive/restore command: only
 *                      such a child may inherit this JVM's {@code PGBACKREST_*} variables (when the
 *                      configuration allows it); every other child never sees one
 */
public record CommandSpec(List<String> argv, Map<String, String> environment, Map<String, Secret> secrets,
        Duration timeout, Optional<String> runAs, Path workingDirectory, String loggerName, boolean captureStdout,
        boolean pgBackRestChild) {
    public CommandSpec {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        secrets = Map.copyOf(secrets);
    }

    /** A child that is not pgBackRest. */
    public CommandSpec(List<String> argv, Map<String, String> environment, Map<String, Secret> secrets,
            Duration timeout, Optional<String> runAs, Path workingDirectory, String loggerName, boolean captureStdout) {
        this(argv, environment, secrets, timeout, runAs, workingDirectory, loggerName, captureStdout, false);
    }

    public static CommandSpec of(List<String> argv, Duration timeout) {
        return new CommandSpec(argv, Map.of(), Map.of(), timeout, Optional.empty(), Path.of("/tmp"), "pitr.exec", false);
    }

    public CommandSpec withEnvironment(Map<String, String> env) {
        return new CommandSpec(argv, env, secrets, timeout, runAs, workingDirectory, loggerName, captureStdout,
                pgBackRestChild);
    }

    public CommandSpec withSecrets(Map<String, Secret> s) {
        return new CommandSpec(argv, environment, s, timeout, runAs, workingDirectory, loggerName, captureStdout,
                pgBackRestChild);
    }

    public CommandSpec withRunAs(Optional<String> user) {
        return new CommandSpec(argv, environment, secrets, timeout, user, workingDirectory, loggerName, captureStdout,
                pgBackRestChild);
    }

    public CommandSpec withLogger(String name) {
        return new CommandSpec(argv, environment, secrets, timeout, runAs, workingDirectory, name, captureStdout,
                pgBackRestChild);
    }

    public CommandSpec capturingStdout() {
        return new CommandSpec(argv, environment, secrets, timeout, runAs, workingDirectory, loggerName, true,
                pgBackRestChild);
    }

    public CommandSpec withWorkingDirectory(Path dir) {
        return new CommandSpec(argv, environment, secrets, timeout, runAs, dir, loggerName, captureStdout,
                pgBackRestChild);
    }

    /** Marks the child as pgBackRest (see {@link #pgBackRestChild()}). */
    public CommandSpec forPgBackRest() {
        return new CommandSpec(argv, environment, secrets, timeout, runAs, workingDirectory, loggerName, captureStdout,
                true);
    }
}
