package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pitr.internal.ExpireLines;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every line pgBackRest prints for an expired backup names its labels; nothing else does. */
class ExpireLinesTest {
    private static final String F1 = "20261201-100017F";
    private static final String I1 = "20261201-100017F_20261201-100024I";
    private static final String D1 = "20261201-100017F_20261201-100030D";

    @Test
    void retentionLinesOfFullDiffAndIncrBackups() {
        assertEquals(List.of(F1), ExpireLines.expiredLabels(List.of("P00   INFO: repo1: expire full backup " + F1)));
        assertEquals(List.of(F1, I1), ExpireLines.expiredLabels(List.of(
                "2026-12-01 10:00:00.000 P00   INFO: repo1: expire full backup set: " + F1 + ", " + I1)));
        assertEquals(List.of(D1), ExpireLines.expiredLabels(List.of("P00   INFO: repo2: expire diff backup " + D1)));
        assertEquals(List.of(I1), ExpireLines.expiredLabels(List.of("P00   INFO: repo1: expire incr backup " + I1)));
    }

    @Test
    void anExplicitSetIsAnAdhocExpire() {
        assertEquals(List.of(F1, I1), ExpireLines.expiredLabels(List.of(
                "P00   INFO: [DRY-RUN] repo1: expire adhoc backup set " + F1 + ", " + I1)));
        assertEquals(List.of(F1), ExpireLines.expiredLabels(List.of("P00   INFO: repo1: expire adhoc backup " + F1)));
    }

    @Test
    void timeBasedRetention() {
        assertEquals(List.of(F1, I1), ExpireLines.expiredLabels(List.of(
                "P00   INFO: repo1: expire time-based backup set " + F1 + ", " + I1)));
    }

    @Test
    void theRepositoryMayBeNamedAfterTheKindAsNewerReleasesPrintIt() {
        assertEquals(List.of(F1, I1), ExpireLines.expiredLabels(List.of(
                "P00   INFO: expire full backup set repo1: " + F1 + ", " + I1)));
        assertEquals(List.of(F1), ExpireLines.expiredLabels(List.of("P00   INFO: expire adhoc backup repo1: " + F1)));
    }

    @Test
    void otherLinesNamingLabelsAreNotExpiredBackups() {
        assertEquals(List.of(), ExpireLines.expiredLabels(List.of(
                "P00   INFO: expire command begin 2.55.1: --set=" + F1 + " --stanza=demo",
                "P00   WARN: expiring latest backup repo1: " + F1 + " - the ability to perform point-in-time-recovery "
                        + "(PITR) may be affected",
                "P00   INFO: repo1: remove expired backup " + F1,
                "P00   INFO: [DRY-RUN] repo1: 17-1 remove archive, start = 000000010000000000000001, stop = "
                        + "000000010000000000000002")));
    }
}
