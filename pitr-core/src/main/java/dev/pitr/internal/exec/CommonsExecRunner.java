package dev.pitr.internal.exec;

import dev.pitr.config.Secret;
import dev.pitr.error.PgBackRestNotInstalledException;
import dev.pitr.internal.os.RunAs;
import dev.pitr.operation.CommandResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs processes with commons-exec: argument lists only, a watchdog timeout, both streams drained and
 * logged line by line, a bounded tail kept, the child killed if the JVM exits first, and secrets only in
 * the child's environment.
 */
public final class CommonsExecRunner implements CommandRunner {
    private static final int TAIL_LINES = 40;
    /** One destroyer for the whole JVM: every running child is killed by a single shutdown hook. */
    private static final ShutdownSafeDestroyer DESTROYER = new ShutdownSafeDestroyer();
    private final boolean inheritPgBackRestEnvironment;

    public CommonsExecRunner() {
        this(false);
    }

    /**
     * @param inheritPgBackRestEnvironment keep {@code PGBACKREST_*} variables of this JVM in the child's
     *        environment. Off by default so that a stray variable cannot change what a command means.
     */
    public CommonsExecRunner(boolean inheritPgBackRestEnvironment) {
        this.inheritPgBackRestEnvironment = inheritPgBackRestEnvironment;
    }

    @Override
    public ProcessOutput run(CommandSpec spec) {
        List<String> full = new ArrayList<>(RunAs.prefix(spec.runAs()));
        full.addAll(spec.argv());
        Redactor redactor = new Redactor(spec.secrets().values());
        List<String> display = full.stream().map(redactor::redact).toList();
        Logger logger = LoggerFactory.getLogger(spec.loggerName());
        logger.debug("running {} (timeout {}, extra environment keys {})", String.join(" ", display),
                spec.timeout(), keysOf(spec));

        CommandLine line = new CommandLine(full.get(0));
        for (String arg : full.subList(1, full.size())) {
            line.addArgument(arg, false);
        }
        LineTail tail = new LineTail(TAIL_LINES);
        LineLoggingStream out = new LineLoggingStream(logger, redactor, tail, spec.captureStdout());
        LineLoggingStream err = new LineLoggingStream(logger, redactor, tail, false);
        ExecuteWatchdog watchdog = ExecuteWatchdog.builder().setTimeout(spec.timeout()).get();
        DefaultExecutor executor = DefaultExecutor.builder()
                .setExecuteStreamHandler(new PumpStreamHandler(out, err))
                .setWorkingDirectory(spec.workingDirectory())
                .get();
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        executor.setProcessDestroyer(DESTROYER);

        long start = System.nanoTime();
        int exit;
        try {
            exit = executor.execute(line, environment(spec));
        } catch (IOException e) {
            throw new PgBackRestNotInstalledException("cannot start '" + display.get(0) + "': " + e.getMessage()
                    + " (is it installed and on PATH? On Debian/Ubuntu: apt-get install pgbackrest postgresql)", e);
        } finally {
            out.close();
            err.close();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        CommandResult result = new CommandResult(display, exit, took, tail.snapshot());
        return new ProcessOutput(result, out.captured(), watchdog.killedProcess());
    }

    private Map<String, String> environment(CommandSpec spec) {
        return ChildEnvironment.of(spec, inheritPgBackRestEnvironment);
    }

    private static List<String> keysOf(CommandSpec spec) {
        List<String> keys = new ArrayList<>(spec.environment().keySet());
        keys.addAll(spec.secrets().keySet());
        return keys.stream().sorted().toList();
    }
}
