package dev.pitr.internal.exec;

import dev.pitr.config.Secret;
import dev.pitr.error.CommandInterruptedException;
import dev.pitr.internal.os.RunAs;
import dev.pitr.operation.CommandResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs processes to completion with commons-exec: argument lists only, both streams drained and logged line
 * by line, a bounded tail kept, secrets only in the child's environment. The timeout, an interrupt of the
 * calling thread and the JVM's exit end the child's whole process tree (see {@link StartedProcess}), so the
 * call returns within the timeout plus a few seconds whatever the child's children do.
 */
public final class CommonsExecRunner implements CommandRunner {
    private final boolean inheritPgBackRestEnvironment;
    private final List<Secret> known;

    public CommonsExecRunner() {
        this(false);
    }

    /**
     * @param inheritPgBackRestEnvironment keep {@code PGBACKREST_*} variables of this JVM in a pgBackRest
     *        child's environment. Off by default so that a stray variable cannot change what a command means.
     */
    public CommonsExecRunner(boolean inheritPgBackRestEnvironment) {
        this(inheritPgBackRestEnvironment, List.of());
    }

    /**
     * @param known every secret of the configuration this runner serves: kept out of every child that does
     *        not get it explicitly, and redacted from every child's output
     */
    public CommonsExecRunner(boolean inheritPgBackRestEnvironment, Collection<Secret> known) {
        this.inheritPgBackRestEnvironment = inheritPgBackRestEnvironment;
        this.known = List.copyOf(known);
    }

    @Override
    public Redactor redactor() {
        return new Redactor(known);
    }

    @Override
    public ProcessOutput run(CommandSpec spec) {
        List<String> prefix = RunAs.prefix(spec.runAs());
        Redactor redactor = new Redactor(known, spec.secrets().values());
        List<String> display = new ArrayList<>(prefix);
        spec.argv().stream().map(redactor::redact).forEach(display::add);
        Logger logger = LoggerFactory.getLogger(spec.loggerName());
        logger.debug("running {} (timeout {}, extra environment keys {})", String.join(" ", display),
                spec.timeout(), keysOf(spec));
        StartedProcess process = StartedProcess.start(prefix, spec.argv(), display, environment(spec),
                spec.workingDirectory(), logger, redactor, spec.captureStdout());
        boolean timedOut = false;
        try {
            if (process.awaitExit(spec.timeout())) {
                process.endLeftovers();
            } else {
                timedOut = true;
                logger.warn("{} did not finish within {}; ending its process tree", process.name(), spec.timeout());
                process.endTree(StartedProcess.GRACE);
            }
        } catch (InterruptedException e) {
            logger.warn("interrupted while waiting for {}; ending its process tree", process.name());
            process.endTree(StartedProcess.GRACE);
            Thread.currentThread().interrupt();
            CommandResult ended = process.result();
            throw new CommandInterruptedException("interrupted while running " + ended.commandLine()
                    + "; its processes were ended", ended);
        }
        CommandResult result = process.result();
        return new ProcessOutput(result, process.stdout(), timedOut);
    }

    private Map<String, String> environment(CommandSpec spec) {
        return ChildEnvironment.of(spec, inheritPgBackRestEnvironment, known);
    }

    private static List<String> keysOf(CommandSpec spec) {
        List<String> keys = new ArrayList<>(spec.environment().keySet());
        keys.addAll(spec.secrets().keySet());
        return keys.stream().sorted().toList();
    }
}
