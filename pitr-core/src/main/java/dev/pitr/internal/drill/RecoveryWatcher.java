package dev.pitr.internal.drill;

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
    private static final Duration POLL = Duration.ofMillis(50);

    /** How recovery ended. */
    record Outcome(boolean recovered, String message) {
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
        try {
            while (true) {
                Optional<String> notReached = logLine(TARGET_NOT_REACHED);
                if (notReached.isPresent()) {
                    return new Outcome(false, notReached.get().strip());
                }
                if (!cluster.postmasterAlive()) {
                    return new Outcome(false, "PostgreSQL stopped during recovery: " + fatalOrTail());
                }
                try {
                    if (connection == null || connection.isClosed()) {
                        connection = cluster.connect(database);
                    }
                    try (Statement s = connection.createStatement();
                            ResultSet rs = s.executeQuery("select pg_is_in_recovery()")) {
                        if (rs.next() && !rs.getBoolean(1)) {
                            return new Outcome(true, "recovery finished; the cluster accepts writes");
                        }
                    }
                } catch (SQLException e) {
                    lastError = e.getMessage();
                    closeQuietly(connection);
                    connection = null;
                }
                if (System.nanoTime() > deadline) {
                    return new Outcome(false, "PostgreSQL did not leave recovery within " + timeout + " (last: "
                            + lastError + "); server log tail: " + ServerLog.tail(cluster.serverLog(), 5));
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

    private Optional<String> logLine(String fragment) {
        return ServerLog.lines(cluster.serverLog()).stream().filter(l -> l.contains(fragment)).findFirst();
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
