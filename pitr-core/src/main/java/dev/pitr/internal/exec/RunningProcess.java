package dev.pitr.internal.exec;

import dev.pitr.operation.CommandResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A process started by a {@link ProcessLauncher}; its output keeps flowing to SLF4J while it runs. */
public interface RunningProcess extends AutoCloseable {
    /** The operating-system pid of the started process. */
    long pid();

    boolean isAlive();

    /** The last lines it printed (redacted), also while it is running. */
    List<String> outputTail();

    /** How it ended, once it has exited. */
    Optional<CommandResult> result();

    /** Waits up to {@code timeout} for it to exit by itself; true when it has exited. */
    boolean awaitExit(Duration timeout);

    /**
     * SIGTERM, then SIGKILL when it is still alive after {@code grace}; returns how it ended. Idempotent.
     */
    CommandResult stop(Duration grace);

    /** {@link #stop(Duration)} with a 10 s grace period. */
    @Override
    default void close() {
        stop(Duration.ofSeconds(10));
    }
}
