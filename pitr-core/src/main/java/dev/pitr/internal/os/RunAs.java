package dev.pitr.internal.os;

import dev.pitr.config.Setting;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to run a command as another OS user. PostgreSQL and pgBackRest refuse or misbehave as root, so
 * production hosts and CI run them as {@code postgres}. {@code runuser -u} (as root) and {@code sudo -E}
 * keep the caller's environment, which is how secrets reach the child.
 */
public final class RunAs {
    private RunAs() {
    }

    public static String currentUser() {
        return System.getProperty("user.name");
    }

    public static boolean isRoot() {
        return "root".equals(currentUser());
    }

    /** The argv prefix that switches to {@code user}; empty when no switch is needed. */
    public static List<String> prefix(Optional<String> user) {
        if (user.isEmpty() || user.get().equals(currentUser())) {
            return List.of();
        }
        if (isRoot()) {
            return List.of(tool("runuser", user.get()), "-u", user.get(), "--");
        }
        return List.of(tool("sudo", user.get()), "-n", "-E", "-u", user.get(), "--");
    }

    /**
     * The absolute path of the user-switch tool, found also when PATH lacks /usr/sbin (cron); a missing
     * tool is named, so the message does not send the user to reinstall pgBackRest.
     */
    private static String tool(String name, String user) {
        return tool(name, user, SystemTools.find(name));
    }

    static String tool(String name, String user, Optional<Path> found) {
        return found.map(Path::toString).orElseThrow(() -> new PitrConfigurationException(Setting.RUN_AS,
                "running commands as OS user '" + user + "' needs " + name + ", which is neither on PATH nor in the "
                        + "system directories (searched " + SystemTools.searched() + ")", "install it (" + name
                        + (name.equals("sudo") ? ": apt-get install sudo" : ": part of util-linux") + "), add its "
                        + "directory to PATH, or run pitr as '" + user + "' without runAs"));
    }

    /** The user a sandbox or drill server runs as when none is configured: postgres for root, else yourself. */
    public static String defaultServerUser() {
        return isRoot() ? "postgres" : currentUser();
    }

    /**
     * The argv prefix for a long-running child (a server): as root {@code setpriv --reuid --regid
     * --init-groups}, which execs the command in place, so the started pid IS the command and a SIGTERM
     * reaches it (runuser would stay in between as the parent). Otherwise as {@link #prefix}.
     *
     * @param runner runs {@code id -g USER} once to find the user's primary group
     */
    public static List<String> execPrefix(Optional<String> user, CommandRunner runner) {
        if (user.isEmpty() || user.get().equals(currentUser()) || !isRoot()) {
            return prefix(user);
        }
        ProcessOutput out = runner.run(CommandSpec.of(List.of("id", "-g", user.get()), Duration.ofSeconds(10))
                .withLogger("pitr.os.id").capturingStdout());
        String gid = out.stdout().strip();
        if (out.exitCode() != 0 || !gid.matches("\\d+")) {
            throw new PgBackRestException(ErrorCode.PITR, "cannot find the primary group of OS user '" + user.get()
                    + "' (id -g exited " + out.exitCode() + ")");
        }
        return List.of(tool("setpriv", user.get()), "--reuid=" + user.get(), "--regid=" + gid, "--init-groups", "--");
    }
}
