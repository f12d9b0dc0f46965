package dev.pitr.internal;

import dev.pitr.config.PgBackRestVersion;
import dev.pitr.config.PitrConfiguration;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.info.LockProgress;
import dev.pitr.info.RepoLockProgress;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.internal.json.InfoJsonParser;
import dev.pitr.operation.Operation;
import dev.pitr.operation.OperationProgress;
import dev.pitr.operation.ProgressListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While a backup or restore runs, reads its progress from {@code info --output=json} (the lock's {@code size} and
 * {@code size-cplt}) every interval and hands changed readings to a {@link ProgressListener}. A release whose info
 * has no such fields (backups before 2.48, restores before 2.56) is not polled at all. A poll that fails is
 * logged at debug and skipped: progress is a courtesy, never a reason for the command to fail. Polls are not
 * audited (they are not operations the user asked for).
 */
public final class ProgressPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressPoller.class);
    /** How often info is read when the caller does not say. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    private static final PgBackRestVersion BACKUP_PROGRESS = new PgBackRestVersion(2, 48, 0);
    private static final PgBackRestVersion RESTORE_PROGRESS = new PgBackRestVersion(2, 56, 0);
    private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);

    private final Invoker invoker;
    private final Operation operation;
    private final ProgressListener listener;
    private final Duration interval;
    private final long startedNanos = System.nanoTime();
    private final Thread thread;
    private volatile boolean stopped;
    private LockProgress last;

    private ProgressPoller(Invoker invoker, Operation operation, ProgressListener listener, Duration interval) {
        this.invoker = invoker;
        this.operation = operation;
        this.listener = listener;
        this.interval = interval;
        this.thread = new Thread(this::loop, "pitr-progress-" + operation.command());
        thread.setDaemon(true);
    }

    /**
     * Starts polling for {@code operation}; close it when the command has ended. Without a listener, or on a
     * release without progress fields, nothing runs.
     */
    public static ProgressPoller start(Invoker invoker, Operation operation, Optional<ProgressListener> listener,
            Duration interval) {
        ProgressPoller poller = new ProgressPoller(invoker, operation, listener.orElse(null), interval);
        if (listener.isPresent() && reportsProgress(invoker.config().version(), operation)) {
            poller.thread.start();
        }
        return poller;
    }

    /** Refuses a poll interval under 100 ms (each poll is one pgbackrest process). */
    public static Duration checkInterval(Setting setting, Duration interval) {
        if (interval == null || interval.compareTo(Duration.ofMillis(100)) < 0) {
            throw new PitrConfigurationException(setting, interval + " is too short an interval (each reading runs "
                    + "pgbackrest info)", "give 100 ms or more, e.g. PT2S");
        }
        return interval;
    }

    /** Whether this release's info carries the lock sizes of this operation. */
    public static boolean reportsProgress(PgBackRestVersion version, Operation operation) {
        return switch (operation) {
            case BACKUP -> version.atLeast(BACKUP_PROGRESS);
            case RESTORE -> version.atLeast(RESTORE_PROGRESS);
            default -> false;
        };
    }

    private void loop() {
        while (awaitNextPoll()) {
            try {
                pollOnce();
            } catch (RuntimeException e) {
                LOG.debug("progress of pgbackrest {} not read this time: {}", operation.command(), e.getMessage());
            }
        }
    }

    /** Waits one interval; false once closed. A poll in flight is never interrupted (its info would be killed). */
    private synchronized boolean awaitNextPoll() {
        long deadline = System.nanoTime() + interval.toNanos();
        while (!stopped) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private void pollOnce() {
        PitrConfiguration config = invoker.config();
        CommandSpec spec = new CommandSpec(invoker.argv(Operation.INFO, List.of("--output=json")), config.environment(),
                invoker.secretEnvironment(), POLL_TIMEOUT, config.runAs(), Path.of("/tmp"), "pitr.pgbackrest.progress", true, true);
        ProcessOutput out = invoker.runner().run(spec);
        if (out.exitCode() != 0 || stopped) {
            return;
        }
        Optional<StanzaInfo> stanza = new InfoJsonParser().parse(out.stdout()).stanza(config.stanza());
        if (stanza.isEmpty()) {
            return;
        }
        StanzaInfo s = stanza.get();
        Optional<LockProgress> now;
        List<RepoLockProgress> repos = List.of();
        if (operation == Operation.BACKUP) {
            now = s.backupLock().held() ? s.backupLock().progress() : Optional.empty();
            repos = s.backupLock().repos();
        } else {
            now = s.restoreLock().filter(r -> r.held()).flatMap(r -> r.progress());
        }
        if (now.isEmpty() || now.get().equals(last)) {
            return;
        }
        last = now.get();
        try {
            listener.progress(new OperationProgress(operation, config.stanza(), now.get(), repos,
                    Duration.ofNanos(System.nanoTime() - startedNanos)));
        } catch (RuntimeException e) {
            LOG.warn("the progress listener of pgbackrest {} threw: {}", operation.command(), e.toString());
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
            notifyAll();
        }
        if (thread.isAlive()) {
            try {
                thread.join(POLL_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
