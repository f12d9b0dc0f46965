package dev.pitr.info;

import dev.pitr.operation.BackupType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One backup set as info reports it.
 *
 * @param label        e.g. {@code 20261126-124038F} or {@code 20261126-124038F_20261126-125000I}
 * @param type         full, diff or incr
 * @param prior        the backup this one depends on directly (diff/incr)
 * @param references   every backup this one needs
 * @param start        when the backup started
 * @param stop         when it stopped; a time target must be after the stop time of some backup
 * @param walStart     first WAL file needed (a file name, not an LSN)
 * @param walStop      last WAL file needed
 * @param lsnStart     start LSN, when recorded
 * @param lsnStop      stop LSN, when recorded
 * @param size         database size in bytes
 * @param delta        bytes this backup copied
 * @param repoSize     size in the repository (compressed)
 * @param repoDelta    bytes this backup added to the repository
 * @param error        true when page checksum errors were found; empty when not recorded
 * @param annotations  key/value annotations
 * @param repoKey      the repository that holds it
 * @param dbId         the database history entry it belongs to
 * @param pgBackRestVersion the pgBackRest version that made it
 */
public record BackupInfo(String label, BackupType type, Optional<String> prior, List<String> references,
        Instant start, Instant stop, Optional<String> walStart, Optional<String> walStop, Optional<String> lsnStart,
        Optional<String> lsnStop, long size, long delta, long repoSize, long repoDelta, Optional<Boolean> error,
        Map<String, String> annotations, int repoKey, int dbId, String pgBackRestVersion) {
    public BackupInfo {
        references = List.copyOf(references);
        annotations = Map.copyOf(annotations);
    }

    /**
     * The timeline the backup was taken on: the first 8 hex digits of its first WAL file ({@code walStart});
     * empty when info did not report it.
     */
    public Optional<Integer> timeline() {
        return walStart.filter(w -> w.length() >= 8).map(w -> Integer.parseUnsignedInt(w.substring(0, 8), 16));
    }

    /** True when pgBackRest flagged checksum errors in this backup. */
    public boolean hasError() {
        return error.orElse(false);
    }
}
