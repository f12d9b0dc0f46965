package dev.pitr.internal.health;

import dev.pitr.internal.timeline.WalFile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The live server settings and archiver statistics the preflight and the WAL rule judge, and the timeline the
 * server writes (the timeline rule compares it with the backups').
 */
public record ServerFacts(String archiveMode, String walLevel, String archiveCommand, long archiveTimeoutSeconds,
        int maxWalSenders, boolean dataChecksums, long walSegmentSize, boolean inRecovery, long archivedCount,
        Optional<String> lastArchivedWal, Optional<Instant> lastArchivedTime, long failedCount,
        Optional<String> lastFailedWal, Optional<Instant> lastFailedTime, Optional<String> currentWalFile,
        String serverVersion, Optional<Integer> timeline) {

    /** Facts without a known timeline. */
    public ServerFacts(String archiveMode, String walLevel, String archiveCommand, long archiveTimeoutSeconds,
            int maxWalSenders, boolean dataChecksums, long walSegmentSize, boolean inRecovery, long archivedCount,
            Optional<String> lastArchivedWal, Optional<Instant> lastArchivedTime, long failedCount,
            Optional<String> lastFailedWal, Optional<Instant> lastFailedTime, Optional<String> currentWalFile,
            String serverVersion) {
        this(archiveMode, walLevel, archiveCommand, archiveTimeoutSeconds, maxWalSenders, dataChecksums, walSegmentSize,
                inRecovery, archivedCount, lastArchivedWal, lastArchivedTime, failedCount, lastFailedWal, lastFailedTime,
                currentWalFile, serverVersion, currentWalFile.flatMap(WalFile::timeline));
    }

    public static ServerFacts read(Connection c) throws SQLException {
        Map<String, String> s = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("select name, setting from pg_settings where name in "
                + "('archive_mode','wal_level','archive_command','archive_timeout','max_wal_senders','data_checksums',"
                + "'wal_segment_size','server_version')"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                s.put(rs.getString(1), rs.getString(2));
            }
        }
        boolean inRecovery;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select pg_is_in_recovery()")) {
            rs.next();
            inRecovery = rs.getBoolean(1);
        }
        Optional<String> current = Optional.empty();
        if (!inRecovery) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select pg_walfile_name(pg_current_wal_lsn())")) {
                rs.next();
                current = Optional.ofNullable(rs.getString(1));
            }
        }
        // The WAL file being written names the timeline exactly (a promotion switches it at once); a standby
        // has none, and its last checkpoint's timeline is the best it can tell.
        Optional<Integer> timeline = current.flatMap(WalFile::timeline);
        if (timeline.isEmpty()) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select timeline_id from pg_control_checkpoint()")) {
                timeline = rs.next() ? Optional.of(rs.getInt(1)) : Optional.empty();
            }
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select archived_count, last_archived_wal, "
                + "last_archived_time, failed_count, last_failed_wal, last_failed_time from pg_stat_archiver")) {
            rs.next();
            return new ServerFacts(s.getOrDefault("archive_mode", ""), s.getOrDefault("wal_level", ""),
                    s.getOrDefault("archive_command", ""), parseLong(s.get("archive_timeout")),
                    (int) parseLong(s.get("max_wal_senders")), "on".equals(s.get("data_checksums")),
                    parseLong(s.getOrDefault("wal_segment_size", "16777216")), inRecovery, rs.getLong(1),
                    Optional.ofNullable(rs.getString(2)), instant(rs.getTimestamp(3)), rs.getLong(4),
                    Optional.ofNullable(rs.getString(5)), instant(rs.getTimestamp(6)), current,
                    s.getOrDefault("server_version", ""), timeline);
        }
    }

    private static long parseLong(String v) {
        try {
            return v == null ? 0 : Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Optional<Instant> instant(Timestamp t) {
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }
}
