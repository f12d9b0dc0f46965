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

/**
 * Waits until the drill cluster has left recovery. {@code pg_ctl -w} returns as soon as a hot standby
 * accepts read-only connections, long before recovery ends, and a target past the archive ends in
 * {@code FATAL: recovery ended before configured recovery target was reached} with the postmaster gone.
 * So this polls {@code pg_is_in_recovery()}, reads the server log and watches the postmaster, all under
 * one deadline, and never hangs.
 */
final class RecoveryWatcher {
    static final String TARGET_NOT_REACHED = "recovery ended before configured recovery target was reached";
    /** PostgreSQL's line when replay finished, before the end-of-recovery checkpoint and promotion. */
    static final String REDO_DONE = "redo done at";
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

    private final DrillCluster cluster;
    private final String database;

    RecoveryWatcher(DrillCluster cluster, String database) {
        this.cluster = cluster;
        this.database = database;
    }

    Outcome await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Connection connection = null;
        String lastError = "no connection yet";
        LogFollower log = new LogFollower(cluster.serverLog());
        Optional<Long> redoDone = Optional.empty();
        try {
            while (true) {
                long now = System.nanoTime();
                for (String line : log.newLines()) {
                    if (line.contains(TARGET_NOT_REACHED)) {
                        return new Outcome(false, line.strip(), redoDone);
                    }
                    if (redoDone.isEmpty() && line.contains(REDO_DONE)) {
                        redoDone = Optional.of(now);
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
