package dev.pitr.internal.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.governance.RuleResult;
import dev.pitr.info.ArchiveInfo;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.info.StanzaStatus;
import dev.pitr.internal.timeline.ArchiveSnapshot;
import dev.pitr.internal.timeline.TimelineHistory;
import dev.pitr.internal.timeline.TimelineSwitch;
import dev.pitr.operation.BackupType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** After a PITR the cluster writes a new timeline: without a backup on it, pitr:check fails and says full backup. */
class TimelineRuleTest {
    static final Instant PROMOTED = Instant.parse("2026-12-01T12:27:53Z");
    static final BackupInfo FULL = backup("F", BackupType.FULL, "000000010000000000000002", "0/2000138");
    static final BackupInfo INCR = backup("F_I", BackupType.INCR, "000000010000000000000004", "0/4000100");
    static final ArchiveSnapshot AFTER_PITR = new ArchiveSnapshot(new TimelineHistory(
            Map.of(2, TimelineSwitch.parse("1\t0/3074030\tbefore 2026-12-01 12:27:41.599775+00\n")), Map.of(2, PROMOTED)),
            Optional.empty(), Optional.empty(), List.of());

    @Test
    void aClusterOnANewTimelineWithoutABackupThereFailsNamingTheTimelineAndTheFullBackup() {
        RuleResult r = TimelineRule.judge("main", Optional.of(info("000000020000000000000003", FULL, INCR)), "",
                Optional.of(serverOn("000000020000000000000004")), AFTER_PITR);
        assertEquals(RuleResult.Status.FAIL, r.status());
        assertTrue(r.message().startsWith("the cluster writes timeline 2 (forked from timeline 1 at 0/3074030"),
                r.message());
        assertTrue(r.message().contains("F_I stopped after the fork and cannot reach it"), r.message());
        assertTrue(r.fix().startsWith("take a full backup on timeline 2 now: pgbackrest --stanza=main --type=full backup"),
                r.fix());
    }

    @Test
    void aBackupOnTheClustersTimelinePasses() {
        BackupInfo onTwo = backup("F2", BackupType.FULL, "000000020000000000000005", "0/5000100");
        RuleResult r = TimelineRule.judge("main", Optional.of(info("000000020000000000000005", FULL, INCR, onTwo)), "",
                Optional.of(serverOn("000000020000000000000006")), AFTER_PITR);
        assertEquals(RuleResult.Status.PASS, r.status(), r.message());
        assertTrue(r.message().contains("newest backup on it: F2"), r.message());
    }

    @Test
    void withoutAConnectionTheNewestArchivedWalTellsTheTimeline() {
        RuleResult r = TimelineRule.judge("main", Optional.of(info("000000020000000000000003", FULL, INCR)), "",
                Optional.empty(), AFTER_PITR);
        assertEquals(RuleResult.Status.FAIL, r.status());
        assertTrue(r.message().startsWith("the newest archived WAL 000000020000000000000003 is on timeline 2"), r.message());
        assertEquals(RuleResult.Status.PASS, TimelineRule.judge("main", Optional.of(info("000000010000000000000005", FULL,
                INCR)), "", Optional.empty(), ArchiveSnapshot.none()).status());
    }

    private static ServerFacts serverOn(String currentWal) {
        return GovernanceRulesTest.server(currentWal, PROMOTED);
    }

    private static StanzaInfo info(String maxWal, BackupInfo... backups) {
        return new StanzaInfo("main", new StanzaStatus(0, "ok"), false, Optional.of("none"), List.of(), List.of(),
                List.of(new ArchiveInfo("15-1", 1, 1, Optional.of("000000010000000000000001"), Optional.of(maxWal))),
                List.of(backups));
    }

    private static BackupInfo backup(String label, BackupType type, String walStart, String lsnStop) {
        Instant stop = PROMOTED.minusSeconds(60);
        return new BackupInfo(label, type, Optional.empty(), List.of(), stop.minusSeconds(5), stop, Optional.of(walStart),
                Optional.of(walStart), Optional.empty(), Optional.of(lsnStop), 1, 1, 1, 1, Optional.of(false), Map.of(), 1, 1,
                "2.45");
    }
}
