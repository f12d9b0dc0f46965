package dev.pitr.internal.drill;

import dev.pitr.internal.pg.Lsn;
import dev.pitr.internal.pg.ServerLog;
import dev.pitr.internal.pg.WalSegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the drill cluster's server log says about its recovery: the WAL segments restored from the archive, where
 * redo started and ended, how it stopped, what the restore_command (pgBackRest {@code archive-get}, whose
 * output lands in the same log) reported, and the server's own FATAL/PANIC with its DETAIL/HINT lines. The log
 * line prefix is production's (the restored postgresql.conf), so lines are matched on PostgreSQL's message text,
 * never on the prefix.
 */
record RecoveryLog(List<String> restoredSegments, Optional<Long> redoStart, Optional<Long> redoDone,
        Optional<String> stopping, Optional<String> lastCommit, List<ArchiveGetError> archiveGetErrors,
        Optional<String> serverFatal, boolean targetNotReached) {
    private static final Pattern RESTORED = Pattern.compile("restored log file \"([0-9A-F]{24})\" from archive");
    private static final Pattern REDO_START = Pattern.compile("redo starts at ([0-9A-Fa-f]+/[0-9A-Fa-f]+)");
    private static final Pattern REDO_DONE = Pattern.compile("redo done at ([0-9A-Fa-f]+/[0-9A-Fa-f]+)");
    private static final Pattern STOPPING = Pattern.compile("(recovery stopping .*)$");
    private static final Pattern LAST_COMMIT = Pattern.compile("last completed transaction was at log time (.+)$");
    /** pgBackRest's error line, on stderr (no prefix) or on the console (2.53+: with its own timestamp). */
    private static final Pattern PGBACKREST_ERROR = Pattern.compile("(?:^|\\s)ERROR: \\[(\\d{3})]: (.*)$");
    private static final Pattern SEGMENT = Pattern.compile("(?<![0-9A-F])([0-9A-F]{24})(?![0-9A-F])");
    private static final Pattern SEVERE = Pattern.compile("(?:^|\\s)(FATAL|PANIC):\\s+(.*)$");
    private static final Pattern DETAIL = Pattern.compile("(?:^|\\s)(DETAIL|HINT|CONTEXT):\\s+(.*)$");
    /** FATALs sent to clients that tried to connect too early or too late: not the server's failure. */
    private static final List<String> CLIENT_FATALS = List.of("the database system is starting up",
            "the database system is not yet accepting connections", "the database system is shutting down",
            "the database system is in recovery mode", "terminating connection due to administrator command",
            "terminating connection due to unexpected postmaster exit");

    /** One failed fetch by the restore_command: the segment it named (if any) and pgBackRest's message. */
    record ArchiveGetError(Optional<String> segment, String code, String message) {
        /** {@code [042] unable to get ...: repo1: ... Permission denied}, on one line. */
        String describe() {
            return "[" + code + "] " + message;
        }
    }

    static RecoveryLog read(Path serverLog) {
        return parse(ServerLog.lines(serverLog));
    }

    static RecoveryLog parse(List<String> lines) {
        List<String> restored = new ArrayList<>();
        Optional<Long> redoStart = Optional.empty();
        Optional<Long> redoDone = Optional.empty();
        Optional<String> stopping = Optional.empty();
        Optional<String> lastCommit = Optional.empty();
        List<ArchiveGetError> errors = new ArrayList<>();
        String fatal = null;
        boolean notReached = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher m;
            if ((m = RESTORED.matcher(line)).find()) {
                restored.add(m.group(1));
            } else if ((m = REDO_START.matcher(line)).find()) {
                redoStart = Optional.of(Lsn.parse(m.group(1)));
            } else if ((m = REDO_DONE.matcher(line)).find()) {
                redoDone = Optional.of(Lsn.parse(m.group(1)));
            } else if ((m = LAST_COMMIT.matcher(line)).find()) {
                lastCommit = Optional.of(m.group(1).strip());
            } else if ((m = STOPPING.matcher(line)).find()) {
                stopping = Optional.of(m.group(1).strip());
            } else if ((m = PGBACKREST_ERROR.matcher(line)).find()) {
                // pgBackRest continues a message on indented lines (one per repository tried).
                StringBuilder text = new StringBuilder(m.group(2).strip());
                while (i + 1 < lines.size() && !lines.get(i + 1).isEmpty()
                        && Character.isWhitespace(lines.get(i + 1).charAt(0))) {
                    text.append(' ').append(lines.get(++i).strip());
                }
                Matcher seg = SEGMENT.matcher(text);
                errors.add(new ArchiveGetError(seg.find() ? Optional.of(seg.group(1)) : Optional.empty(), m.group(1),
                        text.toString()));
            } else if ((m = SEVERE.matcher(line)).find()) {
                String message = m.group(2).strip();
                if (message.startsWith(RecoveryWatcher.TARGET_NOT_REACHED)) {
                    notReached = true;
                } else if (fatal == null && CLIENT_FATALS.stream().noneMatch(message::startsWith)) {
                    StringBuilder text = new StringBuilder(m.group(1)).append(": ").append(message);
                    Matcher d;
                    while (i + 1 < lines.size() && (d = DETAIL.matcher(lines.get(i + 1))).find()) {
                        text.append(" (").append(d.group(1)).append(": ").append(d.group(2).strip()).append(')');
                        i++;
                    }
                    fatal = text.toString();
                }
            }
        }
        return new RecoveryLog(List.copyOf(restored), redoStart, redoDone, stopping, lastCommit, List.copyOf(errors),
                Optional.ofNullable(fatal), notReached);
    }

    /** The newest timeline a segment was restored from, if any was. */
    Optional<Long> lastTimeline() {
        return restoredSegments.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(restoredSegments
                .get(restoredSegments.size() - 1).substring(0, 8), 16));
    }

    /** The restore_command's failure for this segment (on any timeline), if it logged one. */
    Optional<ArchiveGetError> errorFor(WalSegment segment) {
        String position = segment.name().substring(8);
        return archiveGetErrors.stream().filter(e -> e.segment().filter(s -> s.substring(8).equals(position))
                .isPresent()).findFirst();
    }
}
