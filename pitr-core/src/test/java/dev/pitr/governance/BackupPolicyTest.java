package dev.pitr.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.error.PitrConfigurationException;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.info.StanzaStatus;
import dev.pitr.operation.BackupType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupPolicyTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void runbookIsFullOnSundayAndIncrementalEveryOtherDayOfAWholeWeek() {
        BackupPolicy p = BackupPolicy.runbook(BERLIN);
        ZonedDateTime monday = ZonedDateTime.of(2026, 11, 23, 0, 0, 0, 0, BERLIN);
        for (int hour = 0; hour < 7 * 24; hour++) {
            ZonedDateTime t = monday.plusHours(hour);
            BackupType expected = t.getDayOfWeek() == DayOfWeek.SUNDAY ? BackupType.FULL : BackupType.INCR;
            assertEquals(expected, p.typeFor(t), t.toString());
        }
        assertEquals(Optional.of(LocalTime.of(1, 0)), p.time(DayOfWeek.WEDNESDAY));
        assertEquals(Duration.ofDays(7), p.fullInterval());
        assertEquals("full SUN 01:00, incr MON-SAT 01:00 (Europe/Berlin)", p.describe());
    }

    @Test
    void typeForJudgesTheDayInThePolicyZoneNotTheCallersZone() {
        BackupPolicy p = BackupPolicy.runbook(BERLIN);
        // Saturday 23:30 UTC is already Sunday 00:30 in Berlin (winter time).
        assertEquals(BackupType.FULL, p.typeFor(ZonedDateTime.of(2026, 11, 28, 23, 30, 0, 0, ZoneOffset.UTC)));
        assertEquals(BackupType.INCR, p.typeFor(ZonedDateTime.of(2026, 11, 28, 22, 30, 0, 0, ZoneOffset.UTC)));
    }

    @Test
    void typeForFollowsTheLocalDateAcrossTheSpringForwardDstChange() {
        BackupPolicy p = BackupPolicy.runbook(BERLIN);
        // 2026-03-29 (Sunday) clocks go from 02:00 CET to 03:00 CEST (01:00 UTC).
        Instant start = Instant.parse("2026-03-28T20:00:00Z");
        for (int minutes = 0; minutes <= 30 * 60; minutes += 15) {
            Instant t = start.plusSeconds(minutes * 60L);
            DayOfWeek local = t.atZone(BERLIN).getDayOfWeek();
            assertEquals(local == DayOfWeek.SUNDAY ? BackupType.FULL : BackupType.INCR, p.typeFor(t.atZone(ZoneOffset.UTC)),
                    t.toString());
        }
        // Sunday ends at 22:00 UTC in summer time, not 23:00.
        assertEquals(BackupType.FULL, p.typeFor(Instant.parse("2026-03-29T21:59:00Z").atZone(ZoneOffset.UTC)));
        assertEquals(BackupType.INCR, p.typeFor(Instant.parse("2026-03-29T22:00:00Z").atZone(ZoneOffset.UTC)));
    }

    @Test
    void aRunInTheSkippedHourHappensRightAfterTheJumpAndTheFallBackHourRunsOnce() {
        BackupPolicy p = BackupPolicy.none(NEW_YORK).on(BackupType.FULL, LocalTime.of(2, 30), DayOfWeek.SUNDAY)
                .on(BackupType.INCR, LocalTime.of(2, 30), DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                        DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY);
        // 2026-03-08: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist.
        ScheduledBackup spring = p.nextRun(ZonedDateTime.of(2026, 3, 7, 12, 0, 0, 0, NEW_YORK));
        assertEquals(ZonedDateTime.of(LocalDateTime.of(2026, 3, 8, 3, 30), NEW_YORK), spring.at());
        assertEquals(BackupType.FULL, spring.type());
        assertEquals(Instant.parse("2026-03-08T07:30:00Z"), spring.at().toInstant());
        ScheduledBackup next = p.nextRun(spring.at());
        assertEquals(Instant.parse("2026-03-09T06:30:00Z"), next.at().toInstant());
        assertEquals(BackupType.INCR, next.type());
        // 2026-11-01: 02:00 EDT falls back to 01:00 EST; 02:30 exists once, in EST.
        ScheduledBackup fall = p.nextRun(ZonedDateTime.of(2026, 10, 31, 12, 0, 0, 0, NEW_YORK));
        assertEquals(Instant.parse("2026-11-01T07:30:00Z"), fall.at().toInstant());
        assertEquals(BackupType.FULL, fall.type());
        assertEquals(Instant.parse("2026-11-02T07:30:00Z"), p.nextRun(fall.at()).at().toInstant());
        assertEquals(BackupType.INCR, p.nextRun(fall.at()).type());
    }

    @Test
    void differentialsAndOtherDaysAreConfigurable() {
        BackupPolicy p = BackupPolicy.runbook(ZoneOffset.UTC).on(BackupType.DIFF, LocalTime.of(2, 30), DayOfWeek.WEDNESDAY)
                .on(BackupType.FULL, LocalTime.of(1, 0), DayOfWeek.THURSDAY).without(DayOfWeek.SATURDAY);
        assertEquals(BackupType.DIFF, p.typeFor(ZonedDateTime.of(2026, 11, 25, 12, 0, 0, 0, ZoneOffset.UTC)));
        assertEquals(BackupType.FULL, p.typeFor(ZonedDateTime.of(2026, 11, 26, 12, 0, 0, 0, ZoneOffset.UTC)));
        assertEquals(BackupType.INCR, p.typeFor(ZonedDateTime.of(2026, 11, 28, 12, 0, 0, 0, ZoneOffset.UTC)),
                "an unscheduled day is incremental");
        assertEquals(Optional.empty(), p.type(DayOfWeek.SATURDAY));
        // Fulls on Sunday and Thursday: the longest gap is Thursday -> Sunday = 3 days, Sunday -> Thursday = 4 days.
        assertEquals(Duration.ofDays(4), p.fullInterval());
        assertEquals("full SUN,THU 01:00, incr MON,TUE,FRI 01:00, diff WED 02:30 (Z)",
                p.describe());
        assertThrows(PitrConfigurationException.class, () -> BackupPolicy.none(ZoneOffset.UTC)
                .on(BackupType.INCR, LocalTime.NOON, DayOfWeek.MONDAY).fullInterval());
    }

    @Test
    void autoPromotesToFullWhenNoFullIsWithinTheIntervalAndOtherwiseFollowsTheSchedule() {
        BackupPolicy p = BackupPolicy.runbook(ZoneOffset.UTC);
        Instant wednesday = Instant.parse("2026-11-25T01:00:00Z");
        BackupDecision none = p.decide(wednesday, info());
        assertEquals(BackupType.FULL, none.type());
        assertTrue(none.promoted());
        assertTrue(none.reason().contains("no full backup"), none.reason());

        BackupDecision old = p.decide(wednesday, info(full("20261116-010000F", Instant.parse("2026-11-16T01:10:00Z"))));
        assertEquals(BackupType.FULL, old.type());
        assertTrue(old.reason().contains("more than the policy's full interval of 7d"), old.reason());

        BackupDecision fresh = p.decide(wednesday, info(full("20261122-010000F", Instant.parse("2026-11-22T01:10:00Z"))));
        assertEquals(BackupType.INCR, fresh.type());
        assertFalse(fresh.promoted());
        assertEquals(BackupType.FULL, p.decide(Instant.parse("2026-11-29T01:00:00Z"),
                info(full("20261122-010000F", Instant.parse("2026-11-22T01:10:00Z")))).type());
    }

    @Test
    void describeAndParseRoundTripForPluginParameters() {
        BackupPolicy p = BackupPolicy.runbook(BERLIN).on(BackupType.DIFF, LocalTime.of(2, 30), DayOfWeek.WEDNESDAY);
        assertEquals(p, BackupPolicy.parse(p.describe()));
        assertEquals(BackupPolicy.runbook(ZoneId.of("UTC")), BackupPolicy.parse("full sun 1:00; incr mon-sat 01:00"));
        assertEquals(BackupPolicy.none(ZoneId.of("UTC")).on(BackupType.FULL, LocalTime.of(1, 0), DayOfWeek.FRIDAY,
                DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY), BackupPolicy.parse("full FRI-MON 01:00"));
        assertThrows(PitrConfigurationException.class, () -> BackupPolicy.parse("full SUNDAY 01:00"));
        assertThrows(PitrConfigurationException.class, () -> BackupPolicy.parse("full SUN 25:00"));
        assertThrows(PitrConfigurationException.class, () -> BackupPolicy.parse("weekly full (UTC)"));
        assertThrows(PitrConfigurationException.class, () -> BackupPolicy.parse("full SUN 01:00 (Mars/Olympus)"));
    }

    static StanzaInfo info(BackupInfo... backups) {
        return new StanzaInfo("s", new StanzaStatus(0, "ok"), false, Optional.of("none"), List.of(), List.of(), List.of(),
                List.of(backups));
    }

    static BackupInfo full(String label, Instant stop) {
        return new BackupInfo(label, BackupType.FULL, Optional.empty(), List.of(), stop.minusSeconds(60), stop,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 1, 1, 1, 1, Optional.of(false),
                Map.of(), 1, 1, "2.45");
    }
}
