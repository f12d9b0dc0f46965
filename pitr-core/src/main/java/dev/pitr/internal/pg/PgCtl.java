package dev.pitr.internal.pg;

import dev.pitr.config.Secret;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.operation.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** initdb and pg_ctl for a cluster owned by the run-as user. */
public final class PgCtl {
    private final PostgresBinaries binaries;
    private final CommandRunner runner;
    private final Optional<String> runAs;

    public PgCtl(PostgresBinaries binaries, CommandRunner runner, Optional<String> runAs) {
        this.binaries = binaries;
        this.runner = runner;
        this.runAs = runAs;
    }

    public PostgresBinaries binaries() {
        return binaries;
    }

    public void initdb(Path dataDirectory, boolean dataChecksums) {
        List<String> argv = new ArrayList<>(List.of(binaries.initdb().toString(), "-D", dataDirectory.toString(),
                "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"));
        if (dataChecksums) {
            argv.add("--data-checksums");
        }
        require(run(argv, Duration.ofMinutes(5), Map.of(), "initdb"), "initdb");
    }

    /**
     * Starts the server and waits ({@code -w}) until it accepts connections. The secrets go into the
     * postmaster's environment because archive_command and restore_command run pgBackRest with it.
     */
    public CommandResult start(Path dataDirectory, Path logFile, Duration timeout, Map<String, Secret> secrets) {
        List<String> argv = List.of(binaries.pgCtl().toString(), "-D", dataDirectory.toString(), "-l", logFile.toString(),
                "-w", "-t", Long.toString(Math.max(1, timeout.toSeconds())), "start");
        // The postmaster runs pgBackRest (archive_command, restore_command): a pgBackRest child.
        return runner.run(spec(argv, timeout.plusSeconds(30), secrets, "pg_ctl start").forPgBackRest()).result();
    }

    /** Starts the server and fails with the tail of its log when it does not come up. */
    public void startOrFail(Path dataDirectory, Path logFile, Duration timeout, Map<String, Secret> secrets) {
        CommandResult r = start(dataDirectory, logFile, timeout, secrets);
        if (r.exitCode() != 0) {
            throw new PgBackRestException(ErrorCode.PITR, "PostgreSQL in " + dataDirectory + " did not start: "
                    + ServerLog.tail(logFile, 15), List.of(), r, null);
        }
    }

    /** Stops the server ({@code fast} waits for a checkpoint, {@code immediate} does not); no-op if not running. */
    public void stop(Path dataDirectory, String mode, Duration timeout) {
        if (!Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            return;
        }
        run(List.of(binaries.pgCtl().toString(), "-D", dataDirectory.toString(), "-m", mode, "-w", "-t",
                Long.toString(Math.max(1, timeout.toSeconds())), "stop"), timeout.plusSeconds(30), Map.of(), "pg_ctl stop");
    }

    /**
     * Sends the shutdown request and returns ({@code pg_ctl -W}: pg_ctl's own wait polls every 100 ms; the caller
     * waits for the postmaster instead). No-op if not running.
     */
    public void requestStop(Path dataDirectory, String mode) {
        if (!Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            return;
        }
        require(run(List.of(binaries.pgCtl().toString(), "-D", dataDirectory.toString(), "-m", mode, "-W", "stop"),
                Duration.ofSeconds(30), Map.of(), "pg_ctl stop"), "pg_ctl stop");
    }

    /** Asks a server in recovery to promote and returns ({@code pg_ctl promote -W}: the caller watches for the end). */
    public void requestPromotion(Path dataDirectory) {
        require(run(List.of(binaries.pgCtl().toString(), "-D", dataDirectory.toString(), "-W", "promote"),
                Duration.ofSeconds(30), Map.of(), "pg_ctl promote"), "pg_ctl promote");
    }

    /** True when {@code pg_ctl status} sees a running postmaster for this directory. */
    public boolean isRunning(Path dataDirectory) {
        if (!Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            return false;
        }
        return run(List.of(binaries.pgCtl().toString(), "-D", dataDirectory.toString(), "status"), Duration.ofSeconds(30),
                Map.of(), "pg_ctl status").exitCode() == 0;
    }

    private ProcessOutput run(List<String> argv, Duration timeout, Map<String, Secret> secrets, String what) {
        return runner.run(spec(argv, timeout, secrets, what));
    }

    private CommandSpec spec(List<String> argv, Duration timeout, Map<String, Secret> secrets, String what) {
        return new CommandSpec(argv, Map.of(), secrets, timeout, runAs, Path.of("/tmp"),
                "pitr.postgres." + what.replace(' ', '-'), false);
    }

    private static void require(ProcessOutput out, String what) {
        if (out.exitCode() != 0) {
            throw new PgBackRestException(ErrorCode.PITR, what + " failed (exit " + out.exitCode() + "): "
                    + String.join(" | ", out.result().outputTail()), List.of(), out.result(), null);
        }
    }
}
