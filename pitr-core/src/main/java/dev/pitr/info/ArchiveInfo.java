package dev.pitr.info;

import java.util.Optional;

/**
 * The WAL archive range of one database history entry. {@code min} and {@code max} are WAL file names
 * (24 hex digits), not LSNs.
 */
public record ArchiveInfo(String id, int dbId, int repoKey, Optional<String> min, Optional<String> max) {
}
