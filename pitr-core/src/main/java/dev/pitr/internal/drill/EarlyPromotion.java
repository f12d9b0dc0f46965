package dev.pitr.internal.drill;

import dev.pitr.internal.exec.DaemonThreads;
import dev.pitr.internal.pg.LogFollower;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a clone that recovers to a target for its promotion as soon as replay has begun, while {@code pg_ctl -w
 * start} still waits for it to accept connections. A recovery that is not in standby mode reads that request only
 * where it pauses, at its target ({@link RecoveryWatcher}), and promotes there at once. Made any later (once the
 * clone accepts connections, which is once it is consistent, for a big backup late in the replay), a request can
 * find the clone already paused, and PostgreSQL reads it at its next one-second tick.
 *
 * <p>The request is {@code pg_ctl promote}, made once PostgreSQL logged {@code redo starts at}: by then its control
 * file says archive recovery, which is what pg_ctl requires. It runs in a daemon thread and gives up at its deadline
 * or when {@link #abandon()}ed; the watcher then asks over its connection instead.
 */
final class EarlyPromotion {
    private static final Logger LOG = LoggerFactory.getLogger(EarlyPromotion.class);
    static final String REDO_STARTS = "redo starts at";
    private static final long POLL_MS = 10;
    private static final int ATTEMPTS = 3;

    private final Runnable request;
    private final Path serverLog;
    private volatile boolean requested;
    private volatile boolean abandoned;

    private EarlyPromotion(Runnable request, Path serverLog) {
        this.request = request;
        this.serverLog = serverLog;
    }

    /** Starts watching {@code serverLog}; {@code request} asks for the promotion (and throws when it could not). */
    static EarlyPromotion begin(Runnable request, Path serverLog, Duration within) {
        EarlyPromotion p = new EarlyPromotion(request, serverLog);
        long deadline = System.nanoTime() + within.toNanos();
        DaemonThreads.named("pitr-drill-promotion").execute(() -> p.run(deadline));
        return p;
    }

    /** True once the request was made. */
    boolean requested() {
        return requested;
    }

    /** Stops waiting (recovery is over, or the drill is torn down). */
    void abandon() {
        abandoned = true;
    }

    private void run(long deadline) {
        LogFollower log = new LogFollower(serverLog);
        try {
            while (!abandoned && System.nanoTime() < deadline) {
                if (log.newLines().stream().anyMatch(l -> l.contains(REDO_STARTS))) {
                    ask();
                    return;
                }
                Thread.sleep(POLL_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ask() throws InterruptedException {
        for (int attempt = 1; attempt <= ATTEMPTS && !abandoned; attempt++) {
            try {
                request.run();
                requested = true;
                return;
            } catch (RuntimeException e) {
                LOG.debug("promotion request {} of {} not taken yet: {}", attempt, ATTEMPTS, e.getMessage());
                Thread.sleep(2 * POLL_MS);
            }
        }
    }
}
