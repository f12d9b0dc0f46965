package dev.pitr.internal.drill;

import dev.pitr.internal.pg.LogFollower;
import dev.pitr.internal.pg.ServerLog;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the drill cluster has left recovery. {@code pg_ctl -w} returns as soon as a hot standby
 * accepts read-only connections, long before recovery ends, and a target past the archive ends in
 * {@code FATAL: recovery ended before configured recovery target was reached} with the postmaster gone.
 * So this polls {@code pg_is_in_recovery()}, reads the server log and watches the postmaster, all under
 * one deadline, and never hangs.
 *
 * <p>A drill to a target pauses there ({@link DrillPlanner}) and is promoted: {@link EarlyPromotion} asks for it as
 * soon as replay begins; failing that, this watcher asks as soon as it reaches the recovering clone
 * ({@code pg_promote(false)} over its connection or, when the checks' role may not, {@code pg_ctl promote}). A
 * recovery that is not in standby mode reads that request only
 * where it pauses, which is at the target: there it promotes at once, with an end-of-recovery record instead of the
 * checkpoint {@code --target-action=promote} waits for (a request made only once the clone is paused is read at
 * PostgreSQL's next one-second tick). The data checked is still exactly the target's: every drill proves
 * replay stopped at its target ({@link RecoveryVerdict}), and a pause without the target line (PostgreSQL 14+
 * pauses when replayed WAL raises a setting above the clone's, and refuses promotion there) is never the target.
 * Should the clone sit paused at its target two seconds after the request anyway, the request is made again.
 */
final class RecoveryWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryWatcher.class);
    static final String TARGET_NOT_REACHED = "recovery ended before configured recovery target was reached";
    /** PostgreSQL's line when replay finished, before the end-of-recovery checkpoint and promotion. */
    static final String REDO_DONE = "redo done at";
    /** PostgreSQL's line at the target: "recovery stopping before commit of ...", "... after reaching consistency". */
    static final String TARGET_REACHED = "recovery stopping ";
    /** One poll is a query over an open connection and a read of the log's new lines: cheap enough for 20 ms. */
    private static final Duration POLL = Duration.ofMillis(20);

    /**
     * How recovery ended, and when the watcher saw replay finish ({@code System.nanoTime()} of the poll that first
     * read {@code redo done} in the log; empty when it never appeared).
     */
    record Outcome(boolean recovered, String message, Optional<Long> redoDoneAt) {
        Outcome(boolean recovered, String message) {
            this(recovered, message, Optional.empty());
        }
    }

    /** How long the watcher leaves the promotion request to {@link EarlyPromotion} before it asks itself. */
    private static final Duration EARLY_REQUEST_GRACE = Duration.ofMillis(300);
    /** How long a clone may sit paused at its target after the promotion request before it is asked again. */
    private static final Duration PROMOTION_RETRY = Duration.ofSeconds(2);

    private final DrillCluster cluster;
    private final String database;
    private final boolean promotesAtTarget;

    /**
     * @param promotesAtTarget the clone pauses at a target, so the watcher promotes it; false when recovery ends by
     *        itself ({@code latest}: at the end of the archive)
     */
    RecoveryWatcher(DrillCluster cluster, String database, boolean promotesAtTarget) {
        this.cluster = cluster;
        this.database = database;
        this.promotesAtTarget = promotesAtTarget;
    }

    Outcome await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Connection connection = null;
        String lastError = "no connection yet";
        LogFollower log = new LogFollower(cluster.serverLog());
        Optional<Long> redoDone = Optional.empty();
        boolean atTarget = false;
        long watching = System.nanoTime();
        Optional<Long> promotionAsked = Optional.empty();
        boolean askedAgain = false;
        try {
            while (true) {
                long now = System.nanoTime();
                for (String line : log.newLines()) {
                    if (line.contains(TARGET_NOT_REACHED)) {
                        return new Outcome(false, line.strip(), redoDone);
                    }
                    if (line.contains(TARGET_REACHED)) {
                        atTarget = true;
                    }
                    if (redoDone.isEmpty() && (line.contains(REDO_DONE) || line.contains(TARGET_REACHED))) {
                        redoDone = Optional.of(now); // replay is over: what follows is promotion
                    }
                }
                if (!cluster.postmasterAlive()) {
                    return new Outcome(false, "PostgreSQL stopped during recovery: " + fatalOrTail(), redoDone);
                }
                try {
                    if (connection == null || connection.isClosed()) {
                        connection = cluster.connect(database);
                    }
                    try (Statement s = connection.createStatement();
                            ResultSet rs = s.executeQuery("select pg_is_in_recovery()")) {
                        if (rs.next() && !rs.getBoolean(1)) {
                            return new Outcome(true, "recovery finished; the cluster accepts writes",
                                    Optional.of(redoDone.orElse(now)));
                        }
                    }
                    if (promotesAtTarget && promotionAsked.isEmpty()) {
                        if (cluster.promotionRequested()) {
                            promotionAsked = Optional.of(now);
                        } else if (now - watching > EARLY_REQUEST_GRACE.toNanos()) {
                            promote(connection); // the early request was not made: over the connection
                            promotionAsked = Optional.of(now);
                        }
                    } else if (atTarget && !askedAgain && promotionAsked.isPresent()
                            && now - promotionAsked.get() > PROMOTION_RETRY.toNanos() && paused(connection)) {
                        LOG.info("the clone is still paused at its target; asking again for its promotion");
                        askedAgain = true;
                        promote(connection);
                    }
                } catch (SQLException e) {
                    lastError = e.getMessage();
                    closeQuietly(connection);
                    connection = null;
                }
                if (System.nanoTime() > deadline) {
                    return new Outcome(false, "PostgreSQL did not leave recovery within " + timeout + " (last: "
                            + lastError + "); server log tail: " + ServerLog.tail(cluster.serverLog(), 5), redoDone);
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted while waiting for recovery");
        } finally {
            closeQuietly(connection);
        }
    }

    private static boolean paused(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("select pg_is_wal_replay_paused()")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** {@code pg_promote(false)}: the watcher's polls see the end; {@code pg_ctl promote} when the role may not. */
    private void promote(Connection connection) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("select pg_promote(false)")) {
            if (rs.next() && rs.getBoolean(1)) {
                return;
            }
            LOG.info("pg_promote did not signal the paused clone; asking pg_ctl to promote it");
        } catch (SQLException e) {
            LOG.info("the checks' role may not promote the paused clone ({}); asking pg_ctl to", e.getMessage());
        }
        try {
            cluster.requestPromotion();
        } catch (RuntimeException e) {
            // e.g. the clone left recovery meanwhile, or stopped: the watcher's next poll tells which
            LOG.warn("pg_ctl could not ask the clone to promote: {}", e.getMessage());
        }
    }

    /** The first FATAL/PANIC of the server itself (not a refused client connection), or the log tail. */
    private String fatalOrTail() {
        List<String> lines = ServerLog.lines(cluster.serverLog());
        return lines.stream()
                .filter(l -> l.contains("FATAL:") || l.contains("PANIC:"))
                .filter(l -> !l.contains("the database system is starting up")
                        && !l.contains("the database system is not yet accepting connections")
                        && !l.contains("the database system is shutting down"))
                .findFirst().map(String::strip)
                .orElseGet(() -> ServerLog.tail(cluster.serverLog(), 5));
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing a connection to a dying server
            }
        }
    }
}
