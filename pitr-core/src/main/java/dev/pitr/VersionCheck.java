package dev.pitr;

import dev.pitr.config.PgBackRestVersion;
import dev.pitr.error.PgBackRestNotInstalledException;
import dev.pitr.error.PgBackRestTimeoutException;
import dev.pitr.internal.CommandLine;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code pgbackrest version}, reads the release from its text ({@code pgBackRest X.Y[.Z]}, which every
 * release prints; {@code --output=num} only exists since 2.55), enforces the supported floor with an install
 * hint, and warns once about a release newer than the newest one pitr was tested with.
 */
final class VersionCheck {
    private static final Logger LOG = LoggerFactory.getLogger(VersionCheck.class);
    private static final String INSTALL_HINT = "install pgBackRest " + PgBackRestVersion.MINIMUM
            + " or newer (Debian/Ubuntu: apt-get install pgbackrest) or point the executable setting at it";

    private VersionCheck() {
    }

    static PgBackRestVersion check(CommandRunner runner, String executable, Optional<String> runAs, Duration timeout) {
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
        Optional<PgBackRestVersion> found = PgBackRestVersion.find(out.stdout() + "\n"
                + String.join("\n", out.result().outputTail()));
        if (out.exitCode() != 0 || found.isEmpty()) {
            throw new PgBackRestNotInstalledException("'" + executable + " version' did not report a pgBackRest version"
                    + " (exit " + out.exitCode() + "): " + INSTALL_HINT, null);
        }
        PgBackRestVersion version = found.get();
        if (!version.atLeast(PgBackRestVersion.MINIMUM)) {
            throw new PgBackRestNotInstalledException("pgBackRest " + version + " is older than the supported "
                    + PgBackRestVersion.MINIMUM + ": " + INSTALL_HINT, null);
        }
        if (version.newerThanTested()) {
            LOG.warn("pgBackRest {} is newer than {}, the newest release pitr was tested with: pitr uses it as it uses {} "
                    + "(check its release notes if a command behaves differently)", version, PgBackRestVersion.NEWEST_TESTED,
                    PgBackRestVersion.NEWEST_TESTED);
        }
        return version;
    }
}
