package dev.pitr.info;

import dev.pitr.operation.BackupType;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One stanza from info.
 *
 * @param name             stanza name ({@code [invalid]} when pgBackRest could not tell)
 * @param status           stanza-level status; check it, info exits 0 regardless
 * @param backupLock       the backup lock: held while a backup or expire runs, with the backup's progress
 * @param restoreLock      the restore lock with the restore's progress; empty before pgBackRest 2.56
 * @param cipher           {@code none}, {@code aes-256-cbc} or {@code mixed}; empty when not reported
 * @param repos            per-repository status
 * @param databases        database history, oldest first
 * @param archives         WAL archive ranges per database
 * @param backups          backups, oldest first
 */
public record StanzaInfo(String name, StanzaStatus status, BackupLock backupLock, Optional<RestoreLock> restoreLock,
        Optional<String> cipher, List<RepoInfo> repos, List<DbInfo> databases, List<ArchiveInfo> archives,
        List<BackupInfo> backups) {
    public StanzaInfo {
        repos = List.copyOf(repos);
        databases = List.copyOf(databases);
        archives = List.copyOf(archives);
        backups = List.copyOf(backups);
    }

    /** A stanza without lock details: the backup lock held or not, no progress, no restore lock. */
    public StanzaInfo(String name, StanzaStatus status, boolean backupLockHeld, Optional<String> cipher,
            List<RepoInfo> repos, List<DbInfo> databases, List<ArchiveInfo> archives, List<BackupInfo> backups) {
        this(name, status, BackupLock.of(backupLockHeld), Optional.empty(), cipher, repos, databases, archives, backups);
    }

    /** A backup or expire is running now. */
    public boolean backupLockHeld() {
        return backupLock.held();
    }

    /** A restore is running now (known from pgBackRest 2.56 on; false before). */
    public boolean restoreLockHeld() {
        return restoreLock.map(RestoreLock::held).orElse(false);
    }

    /** The newest backup of any type. */
    public Optional<BackupInfo> latestBackup() {
        return backups.stream().max(Comparator.comparing(BackupInfo::stop));
    }

    /** The newest full backup. */
    public Optional<BackupInfo> latestFull() {
        return backups.stream().filter(b -> b.type() == BackupType.FULL).max(Comparator.comparing(BackupInfo::stop));
    }

    /** Full backups, oldest first. */
    public List<BackupInfo> fullBackups() {
        return backups.stream().filter(b -> b.type() == BackupType.FULL).toList();
    }

    /** The backup with this label. */
    public Optional<BackupInfo> backup(String label) {
        return backups.stream().filter(b -> b.label().equals(label)).findFirst();
    }

    /** The newest archived WAL file of the current database, if any WAL was archived. */
    public Optional<String> latestArchivedWal() {
        return archives.stream().map(ArchiveInfo::max).flatMap(Optional::stream).max(Comparator.naturalOrder());
    }

    /** What a point-in-time recovery can reach; empty when there is no backup. */
    public Optional<RecoveryWindow> recoveryWindow() {
        if (backups.isEmpty()) {
            return Optional.empty();
        }
        BackupInfo oldest = backups.stream().min(Comparator.comparing(BackupInfo::stop)).orElseThrow();
        BackupInfo newest = latestBackup().orElseThrow();
        return Optional.of(new RecoveryWindow(oldest.stop(), newest.stop(), latestArchivedWal()));
    }

    /** The status of repository {@code repoN} (key N), if info reported it. */
    public Optional<RepoInfo> repo(int key) {
        return repos.stream().filter(r -> r.key() == key).findFirst();
    }

    /** True when every repository reports status ok (with one repository: the stanza status). */
    public boolean allReposOk() {
        return repos.isEmpty() ? status.ok() : repos.stream().allMatch(r -> r.status().ok());
    }

    /** Backups stored in repository {@code repoN}, oldest first. */
    public List<BackupInfo> backupsIn(int repoKey) {
        return backups.stream().filter(b -> b.repoKey() == repoKey).toList();
    }

    /**
     * This stanza as seen by one repository: only its status, database history, WAL ranges and backups.
     * The latest-backup, retention and recovery-window helpers then answer per repository, which is how
     * governance rules evaluate each repository on its own. The stanza status becomes that repository's.
     */
    public StanzaInfo forRepo(int repoKey) {
        RepoInfo repo = repo(repoKey).orElse(new RepoInfo(repoKey, cipher.orElse("none"),
                new StanzaStatus(StanzaStatus.OTHER, "repo" + repoKey + " is not in pgBackRest's info output")));
        return new StanzaInfo(name, repo.status(), backupLock, restoreLock, Optional.of(repo.cipher()), List.of(repo),
                databases.stream().filter(d -> d.repoKey() == repoKey).toList(),
                archives.stream().filter(a -> a.repoKey() == repoKey).toList(),
                backupsIn(repoKey));
    }
}
