package dev.pitr.info;

import java.util.Optional;

/**
 * The stanza's restore lock from info ({@code status.lock.restore}, pgBackRest 2.56+).
 *
 * @param held     a restore runs now
 * @param progress bytes to restore and restored; empty while the size is not known yet
 */
public record RestoreLock(boolean held, Optional<LockProgress> progress) {
}
