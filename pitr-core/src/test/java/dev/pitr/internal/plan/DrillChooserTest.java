package dev.pitr.internal.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.drill.DrillChoice;
import dev.pitr.config.Setting;
import dev.pitr.drill.RestoreTestPlan;
import dev.pitr.drill.RestoreTestPlan.Repositories;
import dev.pitr.drill.RestoreTestPlan.Selection;
import dev.pitr.drill.RestoreTestPlan.Target;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.RepoInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.info.StanzaStatus;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a drill plan picks repositories, backups and targets from one info snapshot. Real drills: DrillPlanIT. */
class DrillChooserTest {
    private static final Instant AT = Instant.parse("2026-12-01T06:00:00Z");

    private static BackupInfo backup(int repo, String label, Instant stop) {
        return new BackupInfo(label, BackupType.FULL, Optional.empty(), List.of(), stop.minusSeconds(60), stop,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 1, 1, 1, 1, Optional.of(false),
                Map.of(), repo, 1, "2.45");
    }

    /** repo1: a backup every day for 40 days at 01:00; repo2: one backup 3 days ago. */
    private static StanzaInfo info() {
        List<BackupInfo> backups = new ArrayList<>();
        for (int d = 40; d >= 1; d--) {
            backups.add(backup(1, "repo1-day-" + d, AT.minus(Duration.ofDays(d)).minus(Duration.ofHours(5))));
        }
        backups.add(backup(2, "repo2-only", AT.minus(Duration.ofDays(3))));
        return new StanzaInfo("nbms", new StanzaStatus(0, "ok"), false, Optional.of("none"),
                List.of(new RepoInfo(1, "none", new StanzaStatus(0, "ok")), new RepoInfo(2, "none", new StanzaStatus(0, "ok"))),
                List.of(), List.of(), backups);
    }

    private static DrillChoice only(RestoreTestPlan plan, long seed, Optional<Integer> repo, Map<Integer, Instant> last) {
        List<DrillChooser.Outcome> out = DrillChooser.choose(plan, seed, AT, info(), repo, last);
        assertEquals(1, out.size(), out.toString());
        return out.get(0).choice().orElseThrow(() -> new AssertionError(out.get(0).reason()));
    }

    private static final RestoreTestPlan RANDOM = RestoreTestPlan.defaults().selection(Selection.RANDOM).target(Target.RANDOM);

    @Test
    void theSameSeedPicksTheSameBackupAndTargetEveryTime() {
        DrillChoice first = only(RANDOM, 42, Optional.of(1), Map.of());
        for (int i = 0; i < 3; i++) {
            DrillChoice again = only(RANDOM, 42, Optional.of(1), Map.of());
            assertEquals(first.backupSet(), again.backupSet());
            assertEquals(first.target(), again.target());
        }
        assertEquals(42, first.seed());
        // Daily backups at 01:00, the window ends at 06:00: the one of 30 days ago stopped 5 hours too early.
        assertEquals(29, first.eligible().size(), first.eligible().toString());
    }

    @Test
    void randomSelectionOverAWindowOfSeveralBackupsPicksMoreThanOne() {
        Set<String> picked = new HashSet<>();
        for (long seed = 1; seed <= 10; seed++) {
            picked.add(only(RANDOM, seed, Optional.of(1), Map.of()).backupSet());
        }
        assertTrue(picked.size() >= 5, picked.toString());
    }

    @Test
    void neighbouringSeedsPickDifferentBackupsOfAFewAndTheGeneratorSeedIsStable() {
        StanzaInfo four = new StanzaInfo("nbms", new StanzaStatus(0, "ok"), false, Optional.of("none"),
                List.of(new RepoInfo(1, "none", new StanzaStatus(0, "ok"))), List.of(), List.of(), info().backupsIn(1)
                        .subList(36, 40));
        Set<String> picked = new HashSet<>();
        for (long seed = 1; seed <= 4; seed++) {
            picked.add(DrillChooser.choose(RANDOM, seed, AT, four, Optional.empty(), Map.of()).get(0).choice().orElseThrow()
                    .backupSet());
        }
        assertTrue(picked.size() >= 2, "java.util.Random's first draws for seeds 1..4 are alike unless scrambled: " + picked);
        // Pinned: a replay on another machine or Java version must draw the same.
        assertEquals(-4767286540954276203L, DrillChooser.generatorSeed(42, 1));
    }

    @Test
    void aRandomTargetLiesBetweenTheBackupsEndAndTheNextBackupsEnd() {
        for (long seed = 1; seed <= 20; seed++) {
            DrillChoice c = only(RANDOM, seed, Optional.of(1), Map.of());
            if (c.target() instanceof RecoveryTarget.Time t) {
                assertTrue(t.instant().isAfter(c.rangeFrom().orElseThrow()) && t.instant().isBefore(c.rangeTo().orElseThrow()),
                        c.reason());
                assertEquals(Duration.ofDays(1), Duration.between(c.rangeFrom().get(), c.rangeTo().get()));
            } else {
                assertEquals("repo1-day-1", c.backupSet(), "only the newest backup has no range: " + c.reason());
                assertEquals(RecoveryTarget.immediate(), c.target());
            }
        }
    }

    @Test
    void latestSelectionTakesTheNewestEligibleBackupAndTheTargetChoicesMapToRecoveryTargets() {
        DrillChoice latest = only(RestoreTestPlan.defaults(), 7, Optional.of(1), Map.of());
        assertEquals("repo1-day-1", latest.backupSet());
        assertEquals(RecoveryTarget.latest(), latest.target());
        assertEquals(RecoveryTarget.immediate(), only(RestoreTestPlan.defaults().target(Target.END), 7, Optional.of(1), Map.of())
                .target());
        assertTrue(only(RestoreTestPlan.defaults().target(Target.RANDOM), 7, Optional.of(1), Map.of()).reason()
                .contains("the newest backup of repo1"));
    }

    @Test
    void aWindowWithoutABackupSaysSo() {
        RestoreTestPlan oneDay = RestoreTestPlan.defaults().windowDays(1);
        DrillChooser.Outcome none = DrillChooser.choose(oneDay, 1, AT, info(), Optional.of(2), Map.of()).get(0);
        assertTrue(none.choice().isEmpty());
        assertTrue(none.reason().startsWith("repo2 has no backup that stopped between 2026-11-30T06:00:00Z and "
                + "2026-12-01T06:00:00Z"), none.reason());
    }

    @Test
    void rotationDrillsTheRepositoryDrilledLeastRecentlyAndAllDrillsEvery() {
        assertEquals(2, only(RestoreTestPlan.defaults(), 1, Optional.empty(), Map.of(1, AT.minusSeconds(60))).repo(),
                "repo2 was never drilled");
        assertEquals(1, only(RestoreTestPlan.defaults(), 1, Optional.empty(), Map.of(1, AT.minus(Duration.ofDays(9)),
                2, AT.minus(Duration.ofDays(2)))).repo());
        assertEquals(1, only(RestoreTestPlan.defaults(), 1, Optional.empty(), Map.of()).repo(), "ties: the lowest number");
        List<DrillChooser.Outcome> all = DrillChooser.choose(RestoreTestPlan.defaults().repositories(Repositories.ALL), 1, AT,
                info(), Optional.empty(), Map.of());
        assertEquals(List.of(1, 2), all.stream().map(DrillChooser.Outcome::repo).toList());
        assertEquals(List.of(2), DrillChooser.choose(RestoreTestPlan.defaults().repositories(Repositories.ALL), 1, AT, info(),
                Optional.of(2), Map.of()).stream().map(DrillChooser.Outcome::repo).toList(), "a given repo wins");
    }

    @Test
    void aRepositorysChoiceDoesNotDependOnTheOtherRepositoriesOfTheRun() {
        RestoreTestPlan all = RANDOM.repositories(Repositories.ALL);
        DrillChoice inRun = DrillChooser.choose(all, 99, AT, info(), Optional.empty(), Map.of()).get(0).choice().orElseThrow();
        assertEquals(inRun.backupSet(), only(RANDOM, 99, Optional.of(1), Map.of()).backupSet());
        assertEquals(inRun.target(), only(RANDOM, 99, Optional.of(1), Map.of()).target());
    }

    @Test
    void badPlanValuesNameTheirSetting() {
        PitrConfigurationException days = assertThrows(PitrConfigurationException.class,
                () -> RestoreTestPlan.defaults().windowDays(366));
        assertEquals(Setting.PLAN_WINDOW_DAYS, days.setting());
        assertEquals("366 is not 1-365", days.problem());
        assertEquals(Selection.RANDOM, Selection.parse("Random"));
        assertEquals(Target.END, Target.parse("end"));
        assertTrue(assertThrows(PitrConfigurationException.class, () -> Target.parse("soon")).getMessage()
                .contains("'soon' is not one of latest, end or random"));
        assertThrows(PitrConfigurationException.class, () -> RestoreTestPlan.defaults().startWindow(Duration.ZERO));
    }
}
