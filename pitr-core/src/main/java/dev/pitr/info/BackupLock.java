package dev.pitr.info;

import java.util.List;
import java.util.Optional;

/**
 * The stanza's backup lock from info ({@code status.lock.backup}): whether a backup (or expire) holds it and,
 * while a backup runs, how far it has got.
 *
 * @param held     a backup or expire runs now
 * @param progress bytes to copy and copied, summed over repositories; empty before pgBackRest 2.48 and until
 *                 the backup knows its size
 * @param repos    the same per repository (pgBackRest 2.59+; empty otherwise)
 */
public record BackupLock(boolean held, Optional<LockProgress> progress, List<RepoLockProgress> repos) {
    public BackupLock {
        repos = List.copyOf(repos);
    }

    /** A lock as pgBackRest before 2.48 reports it: held or not, nothing more. */
    public static BackupLock of(boolean held) {
        return new BackupLock(held, Optional.empty(), List.of());
    }

    /** The progress in repository {@code repoN}, when pgBackRest reports it per repository. */
    public Optional<LockProgress> progress(int repoKey) {
        return repos.stream().filter(r -> r.repoKey() == repoKey).map(RepoLockProgress::progress).findFirst();
    }
}
