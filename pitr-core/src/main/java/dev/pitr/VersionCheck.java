package dev.pitr;

import dev.pitr.error.PgBackRestNotInstalledException;
import dev.pitr.error.PgBackRestTimeoutException;
import dev.pitr.internal.CommandLine;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code pgbackrest version} and enforces the supported floor, with an install hint. */
final class VersionCheck {
    private static final Pattern VERSION = Pattern.compile("pgBackRest (\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final String INSTALL_HINT = "install pgBackRest " + FluentConfiguration.MIN_VERSION
            + " or newer (Debian/Ubuntu: apt-get install pgbackrest) or point the executable setting at it";

    private VersionCheck() {
    }

    static String check(CommandRunner runner, String executable, Optional<String> runAs, Duration timeout) {
        ProcessOutput out;
        try {
            out = runner.run(CommandSpec.of(CommandLine.version(executable), timeout).forPgBackRest().withRunAs(runAs)
                    .withLogger("pitr.pgbackrest.version").capturingStdout());
        } catch (PgBackRestNotInstalledException e) {
            throw new PgBackRestNotInstalledException("pgBackRest executable '" + executable + "' cannot be run: "
                    + INSTALL_HINT, e);
        }
        if (out.timedOut()) {
            throw new PgBackRestTimeoutException("'" + executable + " version' did not finish within " + timeout
                    + " and was ended with its process tree (a wrapper script that hangs? raise it with timeout(...))",
                    timeout, out.result());
        }
        String text = out.stdout() + String.join("\n", out.result().outputTail());
        Matcher m = VERSION.matcher(text);
        if (out.exitCode() != 0 || !m.find()) {
            throw new PgBackRestNotInstalledException("'" + executable + " version' did not report a pgBackRest version"
                    + " (exit " + out.exitCode() + "): " + INSTALL_HINT, null);
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        if (major < 2 || major == 2 && minor < 45) {
            throw new PgBackRestNotInstalledException("pgBackRest " + m.group(1) + "." + m.group(2)
                    + " is older than the supported " + FluentConfiguration.MIN_VERSION + ": " + INSTALL_HINT, null);
        }
        return m.group(0).substring("pgBackRest ".length());
    }
}
