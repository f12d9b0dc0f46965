package dev.pitr.examples.service;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the server's WAL is, read from the production database itself: the segment being written and
 * what the archiver last pushed (or failed to push).
 *
 * @param currentWal       the WAL file being written now
 * @param lastArchivedWal  the last file {@code archive_command} succeeded for, per pg_stat_archiver
 * @param lastArchivedAt   when that happened
 * @param lastFailedWal    the last file archive_command failed for
 * @param lastFailedAt     when that happened
 */
record WalPosition(String currentWal, Optional<String> lastArchivedWal, Optional<Instant> lastArchivedAt,
        Optional<String> lastFailedWal, Optional<Instant> lastFailedAt) {

    static WalPosition read(Connection c) throws SQLException {
        String sql = "SELECT pg_walfile_name(pg_current_wal_lsn()), last_archived_wal, last_archived_time, "
                + "last_failed_wal, last_failed_time FROM pg_stat_archiver";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return new WalPosition(rs.getString(1), Optional.ofNullable(rs.getString(2)), instant(rs, 3),
                    Optional.ofNullable(rs.getString(4)), instant(rs, 5));
        }
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return Optional.ofNullable(t).map(java.sql.Timestamp::toInstant);
    }

    /**
     * Completed WAL segments the repository does not hold yet: the distance from the repository's newest
     * file to the one being written, minus the one being written. 0 means archiving keeps up.
     */
    long segmentsBehind(Optional<String> newestInRepository) {
        long current = segmentNumber(currentWal);
        long archived = newestInRepository.map(WalPosition::segmentNumber).orElse(-1L);
        return Math.max(0, current - archived - 1);
    }

    /** The position of a WAL file name (timeline, log, segment; 16 MB segments): log * 256 + segment. */
    static long segmentNumber(String walFile) {
        long log = Long.parseLong(walFile.substring(8, 16), 16);
        long seg = Long.parseLong(walFile.substring(16, 24), 16);
        return log * 0x100 + seg;
    }
}
