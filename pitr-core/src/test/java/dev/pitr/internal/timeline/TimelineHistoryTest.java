package dev.pitr.internal.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Timeline history files as PostgreSQL writes them, and which backups can recover along which timeline. */
class TimelineHistoryTest {
    static final Instant PROMOTED_2 = Instant.parse("2026-12-01T12:27:53Z");
    static final Instant PROMOTED_3 = Instant.parse("2026-12-02T08:00:00Z");

    /** Timeline 2 forked from 1 at 0/3074030 (a PITR); timeline 3 from 2 at 0/9000000 (a failover). */
    static TimelineHistory twoPromotions() {
        return new TimelineHistory(Map.of(
                2, TimelineSwitch.parse("1\t0/3074030\tbefore 2026-12-01 12:27:41.599775+00\n"),
                3, TimelineSwitch.parse("1\t0/3074030\tbefore 2026-12-01 12:27:41.599775+00\n"
                        + "2\t0/9000000\tno recovery target specified\n")),
                Map.of(2, PROMOTED_2, 3, PROMOTED_3));
    }

    @Test
    void aHistoryFileListsEveryAncestorWithItsForkPointAndReason() {
        List<TimelineSwitch> s = TimelineSwitch.parse("# comment\n1\t0/3074030\tbefore 2026-12-01 12:27:41+00\n\n"
                + "2\t1/A0000028\tno recovery target specified\n");
        assertEquals(2, s.size());
        assertEquals(1, s.get(0).parent());
        assertEquals(0x3074030L, s.get(0).forkLsn());
        assertEquals("before 2026-12-01 12:27:41+00", s.get(0).reason());
        assertEquals((1L << 32) | 0xA0000028L, s.get(1).forkLsn());
        assertEquals("1/A0000028", Lsn.format(s.get(1).forkLsn()));
        assertThrows(IllegalArgumentException.class, () -> TimelineSwitch.parse("garbage"));
    }

    @Test
    void aBackupReachesATimelineWhenItStoppedBeforeTheChainLeftItsOwn() {
        TimelineHistory h = twoPromotions();
        assertTrue(h.reach(1, 0x2000138L, 2).reaches());
        assertTrue(h.reach(1, 0x2000138L, 3).reaches(), "through timeline 2");
        TimelineHistory.Reach after = h.reach(1, 0x4000100L, 2);
        assertFalse(after.reaches());
        assertTrue(after.why().contains("after timeline 2 left timeline 1 at 0/3074030"), after.why());
        assertTrue(h.reach(2, 0x5000000L, 3).reaches());
        assertFalse(h.reach(2, 0x9500000L, 3).reaches());
        assertTrue(h.reach(3, 0x9500000L, 3).reaches(), "its own timeline");
        assertFalse(h.reach(3, 0x9500000L, 2).reaches(), "never backwards");
        assertFalse(new TimelineHistory(Map.of(), Map.of(2, PROMOTED_2)).reach(1, 1, 2).reaches(),
                "an unread history file proves nothing");
    }

    @Test
    void theTimelineAtAnInstantIsTheOnePromotedLastBeforeIt() {
        TimelineHistory h = twoPromotions();
        assertEquals(1, h.timelineAt(PROMOTED_2.minusSeconds(1), 1));
        assertEquals(2, h.timelineAt(PROMOTED_2, 1));
        assertEquals(2, h.timelineAt(PROMOTED_3.minusSeconds(1), 1));
        assertEquals(3, h.timelineAt(PROMOTED_3.plusSeconds(3600), 1));
        assertEquals(3, h.newest(1));
        assertEquals(5, h.newest(5));
        assertEquals(Optional.of(2), WalFile.historyTimeline("00000002.history"));
        assertEquals(Optional.empty(), WalFile.historyTimeline("000000020000000000000003"));
        assertEquals(Optional.of(10), WalFile.timeline("0000000A0000000000000003"));
        assertTrue(TimelineHistory.none().isEmpty());
    }
}
