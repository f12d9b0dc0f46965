package dev.pitr.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecoveryTargetTest {
    private static final Instant T = Instant.parse("2026-02-24T10:30:00Z");

    @Test
    void timeIsSentInUtcWithMicrosecondsAndAnExplicitZone() {
        assertEquals(Optional.of("2026-02-24 10:30:00.000000+00"), RecoveryTarget.time(T).value());
        assertEquals("2026-02-24 10:30:00.123456+00", RecoveryTarget.time(Instant.parse("2026-02-24T10:30:00.123456789Z"))
                .value().orElseThrow());
        assertEquals("2026-02-24 08:30:00.000000+00", RecoveryTarget.time(OffsetDateTime.parse("2026-02-24T10:30:00+02:00"))
                .value().orElseThrow());
        assertEquals("time", RecoveryTarget.time(T).type());
    }

    @Test
    void parseAcceptsIsoInstantsOffsetsAndPgBackRestsFormat() {
        assertEquals(RecoveryTarget.time(T), RecoveryTarget.parse(null, "2026-02-24T10:30:00Z"));
        assertEquals(RecoveryTarget.time(T), RecoveryTarget.parse("time", "2026-02-24T12:30:00+02:00"));
        assertEquals(RecoveryTarget.time(T), RecoveryTarget.parse(null, "2026-02-24 10:30:00+00"));
        assertEquals(RecoveryTarget.time(T), RecoveryTarget.parse("time", "2026-02-24 11:30:00+0100"));
        assertEquals(RecoveryTarget.time(T), RecoveryTarget.parse("", "2026-02-24 05:30:00-05:00"));
        assertEquals(RecoveryTarget.time(Instant.parse("2026-02-24T10:30:00.25Z")),
                RecoveryTarget.parse(null, "2026-02-24 10:30:00.25+00"));
    }

    @Test
    void parseKnowsEveryTargetType() {
        assertEquals(RecoveryTarget.latest(), RecoveryTarget.parse(null, "latest"));
        assertEquals(RecoveryTarget.latest(), RecoveryTarget.parse(null, null));
        assertEquals(RecoveryTarget.latest(), RecoveryTarget.parse("latest", null));
        assertEquals(RecoveryTarget.immediate(), RecoveryTarget.parse("immediate", ""));
        assertEquals(RecoveryTarget.immediate(), RecoveryTarget.parse(null, "immediate"));
        assertEquals(RecoveryTarget.xid("725"), RecoveryTarget.parse("xid", " 725 "));
        assertEquals(RecoveryTarget.lsn("0/3000060"), RecoveryTarget.parse("LSN", "0/3000060"));
        assertEquals("0/3000060", RecoveryTarget.parse("lsn", "0/3000060").value().orElseThrow());
        assertEquals(RecoveryTarget.name("before upgrade"), RecoveryTarget.parse("name", "before upgrade"));
        assertEquals("latest", RecoveryTarget.latest().describe());
        assertEquals("xid 725", RecoveryTarget.xid("725").describe());
    }

    @Test
    void unparsableTargetsNameTheTargetSetting() {
        for (String bad : new String[] {"yesterday", "2026-13-01 10:00:00+00", "2026-02-24", "10:30"}) {
            PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                    () -> RecoveryTarget.parse(null, bad), bad);
            assertEquals(Setting.TARGET, e.setting());
        }
        assertEquals(Setting.TARGET, assertThrows(PitrConfigurationException.class,
                () -> RecoveryTarget.parse("xid", "abc")).setting());
        assertEquals(Setting.TARGET, assertThrows(PitrConfigurationException.class,
                () -> RecoveryTarget.parse("lsn", "3000060")).setting());
        assertEquals(Setting.TARGET, assertThrows(PitrConfigurationException.class,
                () -> RecoveryTarget.parse("name", " ")).setting());
        assertEquals(Setting.TARGET_TYPE, assertThrows(PitrConfigurationException.class,
                () -> RecoveryTarget.parse("standby", "x")).setting());
    }

    @Test
    void aTimeWithoutZoneIsRefusedBecausePgBackRestWouldReadItAsLocalTime() {
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> RecoveryTarget.parse("time", "2026-02-24 10:30:00"));
        assertTrue(e.getMessage().contains("no time zone"), e.getMessage());
        assertTrue(e.getMessage().contains("2026-02-24 10:30:00+00"), e.getMessage());
    }

    @Test
    void lsnPositionsCompareNumerically() {
        assertTrue(((RecoveryTarget.Lsn) RecoveryTarget.lsn("1/0")).position()
                > ((RecoveryTarget.Lsn) RecoveryTarget.lsn("0/FFFFFFFF")).position());
    }
}
