package dev.pitr.internal.exec;

/**
 * Starts a long-running process (a server) in the background, with the same argv, environment,
 * secret-redaction and SLF4J logging rules as {@link CommandRunner}. The run-to-completion contract of
 * {@link CommandRunner} stays as it is; this is its counterpart for processes that only stop when asked.
 */
@FunctionalInterface
public interface ProcessLauncher {
    /**
     * Starts the command and returns at once. The spec's timeout is not a watchdog here: a started
     * process runs until {@link RunningProcess#stop} (or the JVM exits, which stops it too).
     *
     * @throws dev.pitr.error.PgBackRestNotInstalledException when the executable cannot be started
     */
    RunningProcess start(CommandSpec spec);
}
