package dev.pitr.info;

/**
 * A running backup's progress in one repository ({@code status.lock.backup.repo[]}, pgBackRest 2.59+).
 *
 * @param repoKey  the repository number (1 for repo1)
 * @param progress bytes to copy and copied to that repository
 */
public record RepoLockProgress(int repoKey, LockProgress progress) {
}
