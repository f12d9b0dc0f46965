package dev.pitr.internal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Setting;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.info.StanzaStatus;
import dev.pitr.internal.timeline.TimelineHistory;
import dev.pitr.internal.timeline.TimelineSwitch;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * After a PITR (timeline 2 forked from 1 at 0/3074030, between the full and the incr backup): which set and
 * timeline a restore uses, so that PostgreSQL never says "requested timeline 2 is not a child of this server's
 * history" nor stops before the target.
 */
class TimelineChooserTest {
    static final Instant FULL_STOP = Instant.parse("2026-12-01T12:27:39Z");
    static final Instant TARGET = Instant.parse("2026-12-01T12:27:40.422149Z");
    static final Instant INCR_STOP = Instant.parse("2026-12-01T12:27:43Z");
    static final Instant PROMOTED = Instant.parse("2026-12-01T12:27:53Z");
    static final BackupInfo FULL = backup("F", BackupType.FULL, FULL_STOP, "000000010000000000000002", "0/2000138");
    static final BackupInfo INCR = backup("F_I", BackupType.INCR, INCR_STOP, "000000010000000000000004", "0/4000100");
    static final BackupInfo FULL_ON_2 = backup("F2", BackupType.FULL, PROMOTED.plusSeconds(100),
            "000000020000000000000005", "0/5000100");
    static final TimelineHistory AFTER_PITR = new TimelineHistory(
            Map.of(2, TimelineSwitch.parse("1\t0/3074030\tbefore 2026-12-01 12:27:41.599775+00\n")),
            Map.of(2, PROMOTED));

    @Test
    void latestRestoresTheNewestBackupThatReachesTheNewTimelineNotTheNewestBackup() {
        TimelineChooser.Choice c = choose(spec(RecoveryTarget.latest()), List.of(FULL, INCR), AFTER_PITR);
        assertEquals(Optional.of("F"), c.set(), "pgBackRest alone would restore F_I, stopped after the fork");
        assertEquals(Optional.of("2"), c.timeline());
        assertTrue(c.interlock().passed());
        assertTrue(c.interlock().message().contains("F_I (stopped at 0/4000100, after timeline 2 left timeline 1 at "
                + "0/3074030) cannot"), c.interlock().message());
    }

    @Test
    void theTargetOfThePitrLivesOnTheOldTimelineWhereItsNextCommitWasArchived() {
        TimelineChooser.Choice c = choose(spec(RecoveryTarget.time(TARGET)), List.of(FULL, INCR), AFTER_PITR);
        assertEquals(Optional.empty(), c.set(), "pgBackRest's own choice (F) is right");
        assertEquals(Optional.of("1"), c.timeline(), "following timeline 2 would end before the target");
        assertTrue(c.interlock().message().contains("recovered along timeline 1"), c.interlock().message());
    }

    @Test
    void aTargetAfterThePromotionFollowsTheNewTimelineFromABackupBeforeTheFork() {
        TimelineChooser.Choice c = choose(spec(RecoveryTarget.time(PROMOTED.plusSeconds(60))), List.of(FULL, INCR),
                AFTER_PITR);
        assertEquals(Optional.of("F"), c.set());
        assertEquals(Optional.of("2"), c.timeline());
    }

    @Test
    void afterAFullBackupOnTheNewTimelinePgBackRestsChoiceStands() {
        TimelineChooser.Choice c = choose(spec(RecoveryTarget.latest()), List.of(FULL, INCR, FULL_ON_2), AFTER_PITR);
        assertEquals(Optional.empty(), c.set());
        assertEquals("F2", c.backup().orElseThrow().label());
        assertEquals(Optional.of("2"), c.timeline());
    }

    @Test
    void oneTimelineChangesNothing() {
        TimelineChooser.Choice c = choose(spec(RecoveryTarget.latest()), List.of(FULL, INCR), TimelineHistory.none());
        assertEquals(Optional.empty(), c.set());
        assertEquals(Optional.empty(), c.timeline());
        assertEquals("F_I", c.backup().orElseThrow().label());
    }

    @Test
    void aTimelineNoBackupReachesIsRefusedWithTheFullBackupFix() {
        TimelineHistory early = new TimelineHistory(Map.of(2, TimelineSwitch.parse("1\t0/1000000\tbefore x\n")),
                Map.of(2, PROMOTED));
        TimelineChooser.Choice c = choose(spec(RecoveryTarget.time(PROMOTED.plusSeconds(60))), List.of(FULL, INCR), early);
        assertFalse(c.interlock().passed());
        assertEquals(Setting.TARGET, c.interlock().setting().orElseThrow());
        assertTrue(c.interlock().message().contains("lies on timeline 2"), c.interlock().message());
        assertTrue(c.interlock().fix().orElseThrow().contains("take a full backup on timeline 2"));
        // latest falls back to the newest timeline a backup reaches, and says why
        TimelineChooser.Choice latest = choose(spec(RecoveryTarget.latest()), List.of(FULL, INCR), early);
        assertTrue(latest.interlock().passed());
        assertEquals(Optional.of("1"), latest.timeline());
        assertTrue(latest.interlock().message().contains("no backup reaches timeline 2"), latest.interlock().message());
    }

    @Test
    void anExplicitTimelineOrSetIsCheckedNotChanged() {
        RestoreSpec onTwo = spec(RecoveryTarget.latest()).choose(Optional.of("F_I"), Optional.of("2"));
        TimelineChooser.Choice refused = choose(onTwo, List.of(FULL, INCR), AFTER_PITR);
        assertFalse(refused.interlock().passed());
        assertEquals(Setting.TARGET_TIMELINE, refused.interlock().setting().orElseThrow());
        assertTrue(refused.interlock().fix().orElseThrow().contains("(F)"), refused.interlock().fix().orElseThrow());
        TimelineChooser.Choice ownSet = choose(spec(RecoveryTarget.latest()).choose(Optional.of("F_I"), Optional.empty()),
                List.of(FULL, INCR), AFTER_PITR);
        assertEquals(Optional.of("1"), ownSet.timeline(), "the newest timeline F_I reaches");
        assertEquals(Optional.empty(), choose(spec(RecoveryTarget.immediate()), List.of(FULL, INCR), AFTER_PITR)
                .timeline(), "pgBackRest refuses --target-timeline with --type=immediate");
    }

    private static TimelineChooser.Choice choose(RestoreSpec spec, List<BackupInfo> backups, TimelineHistory h) {
        StanzaInfo info = new StanzaInfo("main", new StanzaStatus(0, "ok"), false, Optional.of("none"), List.of(),
                List.of(), List.of(), backups);
        return TimelineChooser.choose(spec, info, h, BackupSetSelector.select(info, spec.target(), spec.set(), spec.repo()));
    }

    private static RestoreSpec spec(RecoveryTarget target) {
        return new RestoreSpec(target, Optional.empty(), false, Optional.empty(), Optional.empty(), false, false, List.of(),
                List.of(), Optional.empty(), Map.of(), Map.of(), 1, Optional.empty(), Path.of("/srv/restore"),
                Optional.empty(), false);
    }

    private static BackupInfo backup(String label, BackupType type, Instant stop, String walStart, String lsnStop) {
        return new BackupInfo(label, type, Optional.empty(), List.of(), stop.minusSeconds(5), stop, Optional.of(walStart),
                Optional.of(walStart), Optional.empty(), Optional.of(lsnStop), 1, 1, 1, 1, Optional.of(false), Map.of(), 1, 1,
                "2.45");
    }
}
