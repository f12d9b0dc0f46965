package dev.pitr.internal.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.info.StanzaStatus;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The set the review shows is the set pgBackRest's restoreBackupSet picks, target type by target type. */
class BackupSetSelectorTest {
    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

    static BackupInfo backup(String label, int repo, long stopSecond, String lsnStop) {
        return new BackupInfo(label, label.endsWith("F") ? BackupType.FULL : BackupType.INCR, Optional.empty(),
                List.of(), T0.plusSeconds(stopSecond - 5), T0.plusSeconds(stopSecond), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.ofNullable(lsnStop), 1000, 1000, 100, 100,
                Optional.of(false), Map.of(), repo, 1, "2.45");
    }

    static StanzaInfo stanza(BackupInfo... backups) {
        return new StanzaInfo("main", new StanzaStatus(0, "ok"), false, Optional.of("none"), List.of(), List.of(),
                List.of(), List.of(backups));
    }

    static String pick(StanzaInfo info, RecoveryTarget target) {
        return BackupSetSelector.select(info, target, Optional.empty(), Optional.empty()).map(BackupInfo::label)
                .orElse("none");
    }

    final StanzaInfo twoRepos = stanza(backup("A-F", 1, 100, "0/3000100"), backup("B-F", 2, 200, "0/5000100"),
            backup("C-F", 1, 300, "0/7000100"), backup("D-F", 2, 400, "0/9000100"));

    @Test
    void latestXidNameAndImmediateTakeTheNewestSetOfTheFirstRepositoryNotTheNewestOverall() {
        assertEquals("C-F", pick(twoRepos, RecoveryTarget.latest()));
        assertEquals("C-F", pick(twoRepos, RecoveryTarget.xid("1234")));
        assertEquals("C-F", pick(twoRepos, RecoveryTarget.name("before_upgrade")));
        assertEquals("C-F", pick(twoRepos, RecoveryTarget.immediate()));
        assertEquals("D-F", BackupSetSelector.select(twoRepos, RecoveryTarget.latest(), Optional.empty(),
                Optional.of(2)).orElseThrow().label());
    }

    @Test
    void anLsnTargetTakesTheNewestSetStoppedAtOrBeforeIt() {
        assertEquals("C-F", pick(twoRepos, RecoveryTarget.lsn("0/8000000")));
        assertEquals("C-F", pick(twoRepos, RecoveryTarget.lsn("0/7000100")));
        assertEquals("A-F", pick(twoRepos, RecoveryTarget.lsn("0/70000FF")));
        // repo1 has nothing at or before 0/4000000, repo2 neither: pgBackRest fails with [075]
        assertEquals("none", pick(twoRepos, RecoveryTarget.lsn("0/2000000")));
        // only repo2 has one: the search goes on to the next repository
        StanzaInfo info = stanza(backup("A-F", 1, 100, "0/6000100"), backup("B-F", 2, 200, "0/5000100"));
        assertEquals("B-F", pick(info, RecoveryTarget.lsn("0/5800000")));
    }

    @Test
    void anLsnSearchEndsInARepositoryAtASetWithoutAStopLsn() {
        StanzaInfo info = stanza(backup("A-F", 1, 100, "0/3000100"), backup("B-F", 1, 200, null),
                backup("C-F", 1, 300, "0/7000100"));
        assertEquals("none", pick(info, RecoveryTarget.lsn("0/6000000")));
    }

    @Test
    void aTimeTargetComparesWholeSecondsLikePgBackRest() {
        // stop 10:05:00, target 10:05:00.5: pgBackRest drops the fraction, 10:05:00 is not before 10:05:00
        assertEquals("A-F", pick(twoRepos, RecoveryTarget.time(T0.plusSeconds(300).plusMillis(500))));
        assertEquals("C-F", pick(twoRepos, RecoveryTarget.time(T0.plusSeconds(301))));
    }

    @Test
    void aSetIsLookedForRepositoryByRepository() {
        assertEquals("B-F", BackupSetSelector.select(twoRepos, RecoveryTarget.latest(), Optional.of("B-F"),
                Optional.empty()).orElseThrow().label());
        assertEquals(Optional.empty(), BackupSetSelector.select(twoRepos, RecoveryTarget.latest(), Optional.of("B-F"),
                Optional.of(1)));
    }
}
