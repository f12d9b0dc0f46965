package dev.pitr.internal.exec;

import dev.pitr.operation.CommandResult;
import dev.pitr.error.PgBackRestNotInstalledException;
import dev.pitr.internal.os.ProcessTree;
import dev.pitr.internal.os.SystemTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.PumpStreamHandler;
import org.slf4j.Logger;

/**
 * One child process, started with commons-exec as the leader of a session of its own ({@code setsid}), its
 * stdout and stderr pumped line by line into SLF4J and a bounded tail. Ending it ends its whole process
 * tree ({@link ProcessTree}), and no wait here is unbounded: once the child has exited its output may
 * drain for {@link #DRAIN}, then whatever it left behind is ended; what cannot be ended is abandoned
 * (the pump threads are daemons) instead of making pitr wait for it.
 */
final class StartedProcess {
    /** How long a command's output may keep flowing after it exited (background children holding it). */
    static final Duration DRAIN = Duration.ofSeconds(2);
    /** SIGTERM to SIGKILL. */
    static final Duration GRACE = Duration.ofSeconds(5);
    /** commons-exec's own bound on the pumps after the child exited; longer than ours, so ours decides. */
    private static final Duration PUMP_STOP = DRAIN.plus(GRACE).plusSeconds(1);
    private static final int TAIL_LINES = 40;

    private final Process process;
    /**
     * Completes when commons-exec is done with the child (exited, output pumped): with its exit code, or
     * exceptionally when it could not be started. Waiting on it returns the moment that happens (commons-exec's
     * own result handler polls every 50 ms, which every short command paid on top of its run time).
     */
    private final CompletableFuture<Integer> done;
    private final List<String> display;
    /** The command itself (argv[0] behind the user switch), as messages name it. */
    private final String name;
    private final LineTail tail;
    private final LineLoggingStream out;
    private final LineLoggingStream err;
    private final long startNanos;
    private final Logger logger;
    private CommandResult ended;

    private StartedProcess(Process process, CompletableFuture<Integer> done, List<String> display, String name,
            LineTail tail, LineLoggingStream out, LineLoggingStream err, long startNanos, Logger logger) {
        this.process = process;
        this.done = done;
        this.display = display;
        this.name = name;
        this.tail = tail;
        this.out = out;
        this.err = err;
        this.startNanos = startNanos;
        this.logger = logger;
    }

    /**
     * Starts {@code argv} behind the user-switch {@code prefix} and returns once the process exists.
     *
     * @param display       the redacted prefix and argv, for logs and results
     * @param captureStdout keep stdout whole (for JSON)
     * @throws PgBackRestNotInstalledException when the command cannot be found or started
     */
    static StartedProcess start(List<String> prefix, List<String> argv, List<String> display,
            Map<String, String> environment, Path workingDirectory, Logger logger, Redactor redactor,
            boolean captureStdout) {
        requireFound(argv.get(0), display);
        List<String> full = new ArrayList<>(sessionPrefix());
        full.addAll(prefix);
        full.addAll(argv);
        CommandLine line = new CommandLine(full.get(0));
        for (String arg : full.subList(1, full.size())) {
            line.addArgument(arg, false);
        }
        LineTail tail = new LineTail(TAIL_LINES);
        LineLoggingStream out = new LineLoggingStream(logger, redactor, tail, captureStdout);
        LineLoggingStream err = new LineLoggingStream(logger, redactor, tail, false);
        PumpStreamHandler pumps = new PumpStreamHandler(out, err);
        pumps.setStopTimeout(PUMP_STOP);
        CapturingDestroyer destroyer = new CapturingDestroyer();
        DefaultExecutor executor = DefaultExecutor.builder().setExecuteStreamHandler(pumps)
                .setWorkingDirectory(workingDirectory).get();
        executor.setExitValues(null);
        executor.setProcessDestroyer(destroyer);
        CompletableFuture<Integer> done = new CompletableFuture<>();
        long start = System.nanoTime();
        // commons-exec waits for the child in the thread that calls execute, and clears that thread's interrupt
        // flag: a daemon thread waits instead, so the caller's thread can time out, be interrupted, or exit.
        Thread waiter = new Thread(() -> {
            try {
                done.complete(executor.execute(line, environment));
            } catch (IOException | RuntimeException e) { // ExecuteException included: the child could not be started
                done.completeExceptionally(e);
            }
        }, "pitr-process-" + display.get(display.size() - 1));
        waiter.setDaemon(true);
        waiter.start();
        Process process = destroyer.awaitProcess(done, display);
        return new StartedProcess(process, done, display, display.get(prefix.size()), tail, out, err, start, logger);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<String> outputTail() {
        return tail.snapshot();
    }

    String stdout() {
        return out.captured();
    }

    /** Waits for the direct child to exit. */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    /** True once the child has exited and its output was drained (or given up on). */
    boolean finished() {
        return done.isDone();
    }

    /**
     * After the child exited: lets its output drain for {@link #DRAIN}, then ends every process it left
     * behind (a wrapper's background children, often still holding its stdout).
     */
    void endLeftovers() {
        awaitOutput(DRAIN);
        List<ProcessHandle> left = ProcessTree.members(process.pid());
        if (!left.isEmpty()) {
            logger.warn("{} exited but left {} process(es) running ({}); ending them", name, left.size(),
                    left.stream().map(h -> h.pid() + " " + h.info().command().orElse("?")).toList());
            ProcessTree.terminate(process.pid(), GRACE);
        }
        awaitOutput(PUMP_STOP);
    }

    /** Ends the child and its whole tree: SIGTERM, SIGKILL after {@code grace}; then a bounded drain. */
    void endTree(Duration grace) {
        if (!ProcessTree.terminate(process.pid(), grace)) {
            logger.warn("could not end every process of {} (pid {}: {}); not waiting for them", name, process.pid(),
                    ProcessTree.members(process.pid()).stream().map(ProcessHandle::pid).toList());
        }
        awaitOutput(PUMP_STOP);
    }

    /** How it ended; the exit code is -1 while the child is still alive. Closes the line streams. */
    synchronized CommandResult result() {
        if (ended != null) {
            return ended;
        }
        out.close();
        err.close();
        int exit = process.isAlive() ? -1 : process.exitValue();
        CommandResult r = new CommandResult(display, exit, Duration.ofNanos(System.nanoTime() - startNanos), tail.snapshot());
        if (!process.isAlive()) {
            ended = r;
            ProcessTreeDestroyer.INSTANCE.remove(process);
            logger.debug("pid {} exited with {}", process.pid(), exit);
        }
        return r;
    }

    /** Waits for the output to drain, at most {@code timeout}; an interrupt does not shorten it but is kept. */
    private boolean awaitOutput(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return true;
                } catch (ExecutionException notStarted) {
                    return true;
                } catch (TimeoutException e) {
                    return false;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code setsid -w}: the child leads a new session, so its whole tree can be found and ended. */
    private static List<String> sessionPrefix() {
        return SystemTools.find("setsid").map(p -> List.of(p.toString(), "-w")).orElse(List.of());
    }

    /**
     * A command that is not there fails here, as "not installed", and not later as an exit code of the
     * setsid/runuser in front of it.
     */
    private static void requireFound(String command, List<String> display) {
        boolean found = command.contains("/") ? Files.isExecutable(Path.of(command)) && !Files.isDirectory(Path.of(command))
                : SystemTools.onPath(command);
        if (!found) {
            throw notStarted(display, command, command.contains("/") ? "no executable file " + command
                    : command + " is not on PATH (" + System.getenv("PATH") + ")");
        }
    }

    static PgBackRestNotInstalledException notStarted(List<String> display, String command, String why) {
        return new PgBackRestNotInstalledException("cannot start '" + command + "': " + why + " (is it installed and on "
                + "PATH? On Debian/Ubuntu: apt-get install pgbackrest postgresql; command: " + String.join(" ", display)
                + ")", null);
    }

    /** Hands the launched {@link Process} back to us (commons-exec does not expose it) and to the JVM hook. */
    private static final class CapturingDestroyer implements ProcessDestroyer {
        private final CompletableFuture<Process> process = new CompletableFuture<>();

        @Override
        public boolean add(Process p) {
            process.complete(p);
            return ProcessTreeDestroyer.INSTANCE.add(p);
        }

        @Override
        public boolean remove(Process p) {
            // Kept registered until its tree is ended (see result()): left-behind children die with the JVM too.
            return true;
        }

        @Override
        public int size() {
            return ProcessTreeDestroyer.INSTANCE.size();
        }

        Process awaitProcess(CompletableFuture<Integer> done, List<String> display) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                try {
                    return process.get(20, TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    if (done.isCompletedExceptionally()) {
                        Throwable e = done.handle((code, failure) -> failure).join();
                        throw notStarted(display, display.get(0), String.valueOf(e.getMessage()));
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
}
