package dev.pitr.internal.drill;

import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.WalReplay;
import dev.pitr.info.ArchiveInfo;
import dev.pitr.info.BackupInfo;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.pg.Lsn;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a drill concludes once recovery ended: the {@code recovery} check (its message the cause of a failure,
 * not the consequence), the {@code walReplay} check and the replay figures for the report. Reads the server log
 * once, asks the cluster where replay ended, and lists the archive only when replay ended early.
 *
 * @param recovery the {@code recovery} check
 * @param walReplay the {@code walReplay} check
 * @param replay    the figures for the report's {@code walReplay} field
 * @param failure   why recovery failed (cause first), empty when the cluster was promoted
 * @param segmentsFetched the WAL segments the restore_command delivered, as the server log counts them
 */
record RecoveryVerdict(DrillCheck recovery, DrillCheck walReplay, WalReplay replay, Optional<String> failure,
        long segmentsFetched) {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryVerdict.class);

    static RecoveryVerdict of(Invoker engine, DrillBlueprint plan, DrillCluster cluster, RecoveryWatcher.Outcome outcome,
            String backupSet, Optional<Instant> lastCommit, Duration took) {
        DrillSettings settings = plan.settings();
        long p0 = System.nanoTime();
        RecoveryLog log = RecoveryLog.read(cluster.serverLog());
        Optional<BackupInfo> backup = plan.snapshot().backup(backupSet);
        Optional<ArchiveInfo> archive = backup.flatMap(b -> plan.snapshot().archives().stream()
                .filter(a -> a.repoKey() == b.repoKey() && a.dbId() == b.dbId()).findFirst());
        Optional<Long> replayEnd = outcome.recovered() ? lastReplayLsn(cluster, settings.database()) : Optional.empty();
        WalReplayProof.Result proof = WalReplayProof.judge(new WalReplayProof.Evidence(settings.target(), backup,
                archive, log, replayEnd, lastCommit, outcome.recovered()), new ArchiveListing(engine,
                        backup.map(BackupInfo::repoKey).orElse(1), archive.map(ArchiveInfo::id).orElse("?")));
        LOG.info("WAL replay {} ({} ms to prove): {}", proof.check().passed() ? "complete" : "INCOMPLETE",
                Duration.ofNanos(System.nanoTime() - p0).toMillis(), proof.check().message());
        Optional<String> failure = outcome.recovered() ? Optional.empty() : Optional.of(RecoveryCause.explain(
                outcome.message(), log, proof.gap(), RecoveryCause.olderSetHint(settings.target(), settings.set(),
                        backupSet, plan.snapshot(), proof.gap())));
        DrillCheck recovery = DrillCheck.of("recovery", outcome.recovered(), "recovery completes within "
                + settings.recoveryTimeout(), (outcome.recovered() ? "completed in " : "failed after ") + took.toMillis()
                        + " ms", failure.orElse(outcome.message()));
        return new RecoveryVerdict(recovery, proof.check(), proof.replay(), failure, log.restoredSegments().size());
    }

    /** {@code pg_last_wal_replay_lsn()}: after promotion it stays at the end of the last record replayed. */
    private static Optional<Long> lastReplayLsn(DrillCluster cluster, String database) {
        try (Connection c = cluster.connect(database); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select pg_last_wal_replay_lsn()::text")) {
            if (rs.next() && Lsn.isLsn(rs.getString(1))) {
                return Optional.of(Lsn.parse(rs.getString(1)));
            }
        } catch (SQLException e) {
            LOG.debug("pg_last_wal_replay_lsn() failed: {}", e.getMessage());
        }
        return Optional.empty();
    }
}
