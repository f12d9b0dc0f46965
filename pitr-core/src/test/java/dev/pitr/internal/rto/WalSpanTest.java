package dev.pitr.internal.rto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.json.InfoJsonParser;
import dev.pitr.restore.RecoveryTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The fixture: full 0/3000028..0/3000100 (10:00:17-10:00:21), incr 0/5000028..0/6000050 (10:00:24-10:00:26),
 * archive up to segment 000000010000000000000006 (its end is 0/7000000).
 */
class WalSpanTest {
    private static final long MIB16 = 16L * 1024 * 1024;
    private static final StanzaInfo INFO = info();
    private static final BackupInfo FULL = INFO.backup("20261201-100017F").orElseThrow();

    private static StanzaInfo info() {
        try (InputStream in = WalSpanTest.class.getResourceAsStream("/info/pgbackrest-2.59.1-full-incr-annotated.json")) {
            return new InfoJsonParser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)).stanzas().get(0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static WalSpan span(RecoveryTarget target, List<PastDrill> history) {
        return WalSpan.of(FULL, target, INFO, history, MIB16);
    }

    @Test
    void latestReplaysToTheEndOfTheArchive() {
        assertEquals(0x7000000L - 0x3000028L, span(RecoveryTarget.latest(), List.of()).bytes());
    }

    @Test
    void aTimeBetweenTwoBackupsIsPlacedOnTheLineThroughThem() {
        // 10:00:22.5 is half-way between the full's stop (10:00:21, 0/3000100) and the incr's start (10:00:24, 0/5000028).
        WalSpan w = span(RecoveryTarget.time(Instant.parse("2026-12-01T10:00:22.500Z")), List.of());
        long expectedEnd = 0x3000100L + Math.round(0.5 * (0x5000028L - 0x3000100L));
        assertEquals(expectedEnd - 0x3000028L, w.bytes());
        assertTrue(w.basis().contains("between the end of backup 20261201-100017F and the start of backup"), w.basis());
    }

    @Test
    void aTimeAfterEverythingKnownIsBoundedByTheEndOfTheArchive() {
        WalSpan w = span(RecoveryTarget.time(Instant.parse("2026-12-01T12:00:00Z")), List.of());
        assertEquals(0x7000000L - 0x3000028L, w.bytes());
        assertTrue(w.basis().startsWith("at most to the end of the archive"), w.basis());
    }

    @Test
    void anEarlierDrillToTheSameTargetAndSetSaysHowMuchItReplayed() {
        RecoveryTarget name = RecoveryTarget.name("before-upgrade");
        PastDrill earlier = new PastDrill(true, Instant.parse("2026-12-01T11:00:00Z"), FULL.label(), name.describe(),
                FULL.size(), Duration.ofSeconds(1), 12_345_678L, Duration.ofSeconds(2), Duration.ofSeconds(4),
                Optional.empty(), false);
        assertEquals(12_345_678L, span(name, List.of(earlier)).bytes());
    }

    @Test
    void anLsnTargetIsItsOwnPosition() {
        assertEquals(0x4000000L - 0x3000028L, span(RecoveryTarget.lsn("0/4000000"), List.of()).bytes());
    }
}
