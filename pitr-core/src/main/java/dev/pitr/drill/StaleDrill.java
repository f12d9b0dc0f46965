package dev.pitr.drill;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A drill left behind by a JVM that died before it could tear its drill down (kill -9, a crash, a power
 * cut): found by a later drill in the same directory, or by {@code PgBackRest.cleanStaleDrills}, and
 * cleaned up.
 *
 * @param scratchDirectory the drill's scratch directory
 * @param stanza           the stanza it drilled
 * @param ownerPid         the JVM that ran it, now gone
 * @param startedAt        when that drill started
 * @param postmasterPid    the drill cluster's postmaster that was still running and was stopped, if any
 * @param bytes            the size of the scratch directory
 * @param removed          whether the scratch directory is gone now
 * @param note             what was done, in a sentence (or why it could not be)
 */
public record StaleDrill(Path scratchDirectory, String stanza, long ownerPid, Instant startedAt,
        Optional<Long> postmasterPid, long bytes, boolean removed, String note) {
}
