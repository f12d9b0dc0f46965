package dev.pitr.operation;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A completed backup, with the figures info reports for it.
 *
 * @param label       the new backup's label
 * @param type        full, diff or incr (pgBackRest promotes to full when no full exists)
 * @param start       start time
 * @param stop        stop time
 * @param size        database size in bytes
 * @param repoSize    size in the repository (compressed)
 * @param repoDelta   bytes this backup added to the repository
 * @param annotations annotations stored with it
 * @param repo        the repository it went to, when chosen explicitly
 * @param command     the backup command that ran
 */
public record BackupResult(String label, BackupType type, Instant start, Instant stop, long size, long repoSize,
        long repoDelta, Map<String, String> annotations, Optional<Integer> repo, CommandResult command) {
    public BackupResult {
        annotations = Map.copyOf(annotations);
    }
}
