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
 * @param timeout       the watchdog kills the process after this
 * @param runAs         OS user to run as (runuser/sudo), empty for the current user
 * @param workingDirectory a directory the run-as user can read
 * @param loggerName    SLF4J logger for the output lines
 * @param captureStdout keep stdout whole (up to a cap) in the result, e.g. for JSON; its lines are then
 *                      logged at DEBUG only
 */
public record CommandSpec(List<String> argv, Map<String, String> environment, Map<String, Secret> secrets,
        Duration timeout, Optional<String> runAs, Path workingDirectory, String loggerName, boolean captureStdout) {
    public CommandSpec {
        argv = List.copyOf(argv);
        environment = Map.copyOf(environment);
        secrets = Map.copyOf(secrets);
    }

    public static CommandSpec of(List<String> argv, Duration timeout) {
        return new CommandSpec(argv, Map.of(), Map.of(), timeout, Optional.empty(), Path.of("/tmp"), "pitr.exec", false);
    }

    public CommandSpec withEnvironment(Map<String, String> env) {
        return new CommandSpec(argv, env, secrets, timeout, runAs, workingDirectory, loggerName, captureStdout);
    }

    public CommandSpec withSecrets(Map<String, Secret> s) {
        return new CommandSpec(argv, environment, s, timeout, runAs, workingDirectory, loggerName, captureStdout);
    }

    public CommandSpec withRunAs(Optional<String> user) {
        return new CommandSpec(argv, environment, secrets, timeout, user, workingDirectory, loggerName, captureStdout);
    }

    public CommandSpec withLogger(String name) {
        return new CommandSpec(argv, environment, secrets, timeout, runAs, workingDirectory, name, captureStdout);
    }

    public CommandSpec capturingStdout() {
        return new CommandSpec(argv, environment, secrets, timeout, runAs, workingDirectory, loggerName, true);
    }

    public CommandSpec withWorkingDirectory(Path dir) {
        return new CommandSpec(argv, environment, secrets, timeout, runAs, dir, loggerName, captureStdout);
    }
}
