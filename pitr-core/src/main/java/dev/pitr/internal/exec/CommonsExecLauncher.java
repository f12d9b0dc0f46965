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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.PumpStreamHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts background processes with commons-exec (execute in a daemon waiter thread). The user switch uses
 * {@link RunAs#execPrefix} (setpriv execs in place as root), so the started process IS the command and
 * SIGTERM reaches it directly. Every started process is registered with a JVM shutdown hook that
 * terminates it if the JVM exits first.
 */
public final class CommonsExecLauncher implements ProcessLauncher {
    private static final int TAIL_LINES = 40;
    /** One destroyer for all background children: a single shutdown hook terminates whatever still runs. */
    private static final ShutdownSafeDestroyer DESTROYER = new ShutdownSafeDestroyer();
    private final boolean inheritPgBackRestEnvironment;
    private final CommandRunner helperRunner;

    /**
     * @param inheritPgBackRestEnvironment as for {@link CommonsExecRunner}: keep this JVM's PGBACKREST_* variables
     */
    public CommonsExecLauncher(boolean inheritPgBackRestEnvironment) {
        this.inheritPgBackRestEnvironment = inheritPgBackRestEnvironment;
        this.helperRunner = new CommonsExecRunner(inheritPgBackRestEnvironment);
    }

    @Override
    public RunningProcess start(CommandSpec spec) {
        List<String> full = new ArrayList<>(RunAs.execPrefix(spec.runAs(), helperRunner));
        full.addAll(spec.argv());
        Redactor redactor = new Redactor(spec.secrets().values());
        List<String> display = full.stream().map(redactor::redact).toList();
        Logger logger = LoggerFactory.getLogger(spec.loggerName());
        logger.debug("starting {} in the background (extra environment keys {})", String.join(" ", display),
                spec.environment().keySet().stream().sorted().toList());

        CommandLine line = new CommandLine(full.get(0));
        for (String arg : full.subList(1, full.size())) {
            line.addArgument(arg, false);
        }
        LineTail tail = new LineTail(TAIL_LINES);
        LineLoggingStream out = new LineLoggingStream(logger, redactor, tail, false);
        LineLoggingStream err = new LineLoggingStream(logger, redactor, tail, false);
        CapturingDestroyer destroyer = new CapturingDestroyer();
        DefaultExecutor executor = DefaultExecutor.builder()
                .setExecuteStreamHandler(new PumpStreamHandler(out, err))
                .setWorkingDirectory(spec.workingDirectory())
                .get();
        executor.setExitValues(null);
        executor.setProcessDestroyer(destroyer);
        DefaultExecuteResultHandler handler = new DefaultExecuteResultHandler();
        Map<String, String> env = environment(spec);
        long start = System.nanoTime();
        // commons-exec's own asynchronous execute waits in a NON-daemon thread, so a server nobody stopped
        // would keep the JVM from ever exiting (and the shutdown hook from stopping the server). The same
        // synchronous execute in a daemon thread lets the JVM exit, and the hook then terminates the child.
        Thread waiter = new Thread(() -> {
            try {
                handler.onProcessComplete(executor.execute(line, env));
            } catch (org.apache.commons.exec.ExecuteException e) {
                handler.onProcessFailed(e);
            } catch (IOException e) {
                handler.onProcessFailed(new org.apache.commons.exec.ExecuteException(e.getMessage(), -1, e));
            }
        }, "pitr-background-" + display.get(display.size() - 1));
        waiter.setDaemon(true);
        waiter.start();
        Process process = destroyer.awaitProcess(handler, display);
        return new Started(process, handler, display, tail, out, err, start, logger);
    }

    private static PgBackRestNotInstalledException notStarted(List<String> display, Exception e) {
        return new PgBackRestNotInstalledException("cannot start '" + display.get(0) + "': " + e.getMessage()
                + " (is it installed and on PATH? On Debian/Ubuntu: apt-get install pgbackrest)", e);
    }

    private Map<String, String> environment(CommandSpec spec) {
        return ChildEnvironment.of(spec, inheritPgBackRestEnvironment);
    }

    /** Hands the launched {@link Process} back to us (commons-exec does not expose it) and to the JVM hook. */
    private static final class CapturingDestroyer implements ProcessDestroyer {
        private final CompletableFuture<Process> process = new CompletableFuture<>();

        @Override
        public boolean add(Process p) {
            process.complete(p);
            return DESTROYER.add(p);
        }

        @Override
        public boolean remove(Process p) {
            return DESTROYER.remove(p);
        }

        @Override
        public int size() {
            return DESTROYER.size();
        }

        Process awaitProcess(DefaultExecuteResultHandler handler, List<String> display) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                try {
                    return process.get(20, TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    if (handler.hasResult() && handler.getException() != null) {
                        throw notStarted(display, handler.getException());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while starting " + display.get(0), e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("commons-exec did not launch " + display.get(0) + " within 30 s");
        }
    }

    private static final class Started implements RunningProcess {
        private final Process process;
        private final DefaultExecuteResultHandler handler;
        private final List<String> display;
        private final LineTail tail;
        private final LineLoggingStream out;
        private final LineLoggingStream err;
        private final long startNanos;
        private final Logger logger;

        Started(Process process, DefaultExecuteResultHandler handler, List<String> display, LineTail tail,
                LineLoggingStream out, LineLoggingStream err, long startNanos, Logger logger) {
            this.process = process;
            this.handler = handler;
            this.display = display;
            this.tail = tail;
            this.out = out;
            this.err = err;
            this.startNanos = startNanos;
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
            return tail.snapshot();
        }

        private CommandResult ended;

        @Override
        public synchronized Optional<CommandResult> result() {
            if (ended == null && handler.hasResult()) {
                out.close();
                err.close();
                int exit = handler.getException() != null ? handler.getException().getExitValue() : handler.getExitValue();
                ended = new CommandResult(display, exit, Duration.ofNanos(System.nanoTime() - startNanos), tail.snapshot());
                logger.debug("pid {} exited with {}", process.pid(), exit);
            }
            return Optional.ofNullable(ended);
        }

        @Override
        public boolean awaitExit(Duration timeout) {
            try {
                // The handler, not the Process: it completes only after the stream pumps have drained.
                handler.waitFor(timeout);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return handler.hasResult();
        }

        @Override
        public synchronized CommandResult stop(Duration grace) {
            if (!handler.hasResult()) {
                if (process.isAlive()) {
                    logger.debug("stopping pid {} (SIGTERM)", process.pid());
                    process.destroy();
                }
                if (!awaitExit(grace)) {
                    logger.warn("pid {} ignored SIGTERM for {}, killing it", process.pid(), grace);
                    process.destroyForcibly();
                    awaitExit(Duration.ofSeconds(10));
                }
            }
            return result().orElseGet(() -> new CommandResult(display, -1,
                    Duration.ofNanos(System.nanoTime() - startNanos), tail.snapshot()));
        }
    }
}
