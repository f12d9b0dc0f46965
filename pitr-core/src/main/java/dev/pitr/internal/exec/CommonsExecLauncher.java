package dev.pitr.internal.exec;

import dev.pitr.config.Secret;
import dev.pitr.internal.os.RunAs;
import dev.pitr.operation.CommandResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts background processes (servers) with commons-exec. The user switch uses {@link RunAs#execPrefix}
 * (setpriv execs in place as root), so the started process IS the command. Stopping it ends its whole
 * process tree (SIGTERM, then SIGKILL), and so does the JVM's exit if nobody stopped it.
 */
public final class CommonsExecLauncher implements ProcessLauncher {
    private final boolean inheritPgBackRestEnvironment;
    private final List<Secret> known;
    private final CommandRunner helperRunner;

    /**
     * @param inheritPgBackRestEnvironment as for {@link CommonsExecRunner}: keep this JVM's PGBACKREST_* variables
     */
    public CommonsExecLauncher(boolean inheritPgBackRestEnvironment) {
        this(inheritPgBackRestEnvironment, List.of());
    }

    /** @param known as for {@link CommonsExecRunner#CommonsExecRunner(boolean, Collection)} */
    public CommonsExecLauncher(boolean inheritPgBackRestEnvironment, Collection<Secret> known) {
        this.inheritPgBackRestEnvironment = inheritPgBackRestEnvironment;
        this.known = List.copyOf(known);
        this.helperRunner = new CommonsExecRunner(inheritPgBackRestEnvironment, known);
    }

    @Override
    public RunningProcess start(CommandSpec spec) {
        List<String> prefix = RunAs.execPrefix(spec.runAs(), helperRunner);
        Redactor redactor = new Redactor(known, spec.secrets().values());
        List<String> display = new ArrayList<>(prefix);
        spec.argv().stream().map(redactor::redact).forEach(display::add);
        Logger logger = LoggerFactory.getLogger(spec.loggerName());
        logger.debug("starting {} in the background (extra environment keys {})", String.join(" ", display),
                spec.environment().keySet().stream().sorted().toList());
        StartedProcess process = StartedProcess.start(prefix, spec.argv(), display,
                ChildEnvironment.of(spec, inheritPgBackRestEnvironment, known), spec.workingDirectory(), logger, redactor, false);
        return new Started(process, logger);
    }

    private static final class Started implements RunningProcess {
        private final StartedProcess process;
        private final Logger logger;

        Started(StartedProcess process, Logger logger) {
            this.process = process;
            this.logger = logger;
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public List<String> outputTail() {
            return process.outputTail();
        }

        @Override
        public synchronized Optional<CommandResult> result() {
            if (!process.finished()) {
                return Optional.empty();
            }
            return Optional.of(process.result());
        }

        @Override
        public boolean awaitExit(Duration timeout) {
            try {
                if (process.awaitExit(timeout)) {
                    // It exited by itself: end what it left behind and let the output drain (both bounded).
                    process.endLeftovers();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return process.finished();
        }

        @Override
        public synchronized CommandResult stop(Duration grace) {
            if (process.isAlive() || !process.finished()) {
                logger.debug("stopping pid {} and its process tree (SIGTERM, SIGKILL after {})", process.pid(), grace);
                process.endTree(grace);
            }
            return process.result();
        }
    }
}
