package dev.pitr.internal.health;

import dev.pitr.governance.RuleResult;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.timeline.ArchiveSnapshot;
import dev.pitr.internal.timeline.Lsn;
import dev.pitr.internal.timeline.TimelineHistory;
import dev.pitr.internal.timeline.WalFile;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The {@code backup-timeline} rule: the timeline the cluster writes must have a backup on it. After a PITR
 * or a failover the cluster writes a new timeline; until a backup is taken there, restores to latest depend on
 * a backup from before the fork (newer ones cannot reach the new timeline: PostgreSQL says "requested timeline
 * N is not a child of this server's history") and a time after the promotion has nothing recent to start
 * from. The fix is a full backup on the new timeline.
 */
public final class TimelineRule {
    public static final String RULE = "backup-timeline";

    private TimelineRule() {
    }

    public static RuleResult judge(String stanza, Optional<StanzaInfo> stanzaInfo, String infoError,
            Optional<ServerFacts> server, ArchiveSnapshot archive) {
        if (stanzaInfo.isEmpty()) {
            return RuleResult.fail(RULE, "not evaluated: pgbackrest info failed (" + infoError + ")",
                    "fix the stanza-info failure first");
        }
        StanzaInfo info = stanzaInfo.get();
        String fullBackup = "pgbackrest --stanza=" + stanza + " --type=full backup (mvn pitr:backup -Dpitr.backup.type=full)";
        Optional<Integer> serverTimeline = server.flatMap(ServerFacts::timeline);
        Optional<Integer> archiveTimeline = info.latestArchivedWal().flatMap(WalFile::timeline);
        Optional<Integer> live = serverTimeline.or(() -> archiveTimeline);
        // The current database history entry only: after pg_upgrade the new cluster starts again at timeline 1.
        int db = info.backups().stream().mapToInt(BackupInfo::dbId).max().orElse(0);
        List<BackupInfo> backups = info.backups().stream().filter(b -> b.dbId() == db && b.timeline().isPresent())
                .sorted(Comparator.comparing(BackupInfo::stop)).toList();
        if (live.isEmpty() || backups.isEmpty()) {
            return RuleResult.warn(RULE, backups.isEmpty() ? "no backup with a known timeline to compare"
                    : "the cluster's timeline is unknown (no database connection and no archived WAL)",
                    backups.isEmpty() ? "take a full backup: " + fullBackup
                            : "let the preflight connect (database(...) or pg1-socket-path/pg1-port/pg1-user)");
        }
        int timeline = live.get();
        String where = serverTimeline.isPresent() ? "the cluster writes timeline " + timeline
                : "the newest archived WAL " + info.latestArchivedWal().orElse("") + " is on timeline " + timeline;
        TimelineHistory history = archive.history();
        String origin = history.fork(timeline).map(f -> " (forked from " + f.describe()
                + history.createdAt(timeline).map(c -> ", created " + c).orElse("") + ")").orElse("");
        List<BackupInfo> onIt = backups.stream().filter(b -> b.timeline().get() == timeline).toList();
        BackupInfo newest = backups.get(backups.size() - 1);
        if (!onIt.isEmpty()) {
            BackupInfo b = onIt.get(onIt.size() - 1);
            return RuleResult.pass(RULE, where + origin + "; newest backup on it: " + b.label() + " (" + b.type().option()
                    + ", stopped " + b.stop() + ")");
        }
        int newestBackupTimeline = newest.timeline().get();
        if (timeline < newestBackupTimeline) {
            return RuleResult.warn(RULE, where + ", but the newest backup " + newest.label() + " is on timeline "
                    + newestBackupTimeline + ": the server pitr checks is not the one the stanza's backups come from",
                    "point the configuration (pg1-path, pg1-socket-path, pg1-port) at the current primary");
        }
        String cannot = history.knows(timeline) ? unreachable(backups, history, timeline) : "";
        return RuleResult.fail(RULE, where + origin + ", and no backup was taken on timeline " + timeline + ": the newest, "
                + newest.label() + ", is on timeline " + newestBackupTimeline + cannot + " (after a PITR or a failover "
                + "the cluster starts a new timeline)", "take a full backup on timeline " + timeline + " now: "
                        + fullBackup + ", then run pitr:check and a restore drill");
    }

    /** The backups that stopped after the new timeline forked and so cannot reach it. */
    private static String unreachable(List<BackupInfo> backups, TimelineHistory history, int timeline) {
        List<String> labels = backups.stream().filter(b -> b.lsnStop().flatMap(Lsn::parse)
                .map(stop -> !history.reach(b.timeline().get(), stop, timeline).reaches()).orElse(false))
                .map(BackupInfo::label).collect(Collectors.toList());
        return labels.isEmpty() ? "" : "; " + String.join(", ", labels) + " stopped after the fork and cannot reach it";
    }
}
