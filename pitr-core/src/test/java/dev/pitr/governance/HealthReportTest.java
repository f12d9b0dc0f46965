package dev.pitr.governance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.info.RecoveryWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The table and the monitoring JSON are contracts (pitr:check prints one, monitoring scrapes the other). */
class HealthReportTest {
    static final Instant AT = Instant.parse("2026-11-26T12:00:00Z");

    static HealthReport report() {
        return new HealthReport("nbms", AT, List.of(
                RuleResult.pass("pgbackrest-check", "passed"),
                RuleResult.warn("repository-encryption", "repo1 (posix) is not encrypted", "encrypt it"),
                RuleResult.fail("retention-full", "repo1-retention-full=2 keeps fewer than 4 full backups",
                        "set repo1-retention-full=4")),
                new HealthMetrics(Optional.of(Duration.ofHours(3)), Optional.of(Duration.ofDays(2)), Optional.of(Duration.ZERO),
                        Optional.of(new RecoveryWindow(Instant.parse("2026-11-20T01:00:00Z"), Instant.parse("2026-11-26T09:00:00Z"),
                                Optional.of("000000010000000000000042"))),
                        Optional.empty(), Optional.empty(), Optional.of(Duration.ofSeconds(42))));
    }

    @Test
    void theTableListsEveryRuleThenHowToFixTheOnesThatDidNotPass() {
        assertEquals("""
                RULE                         RESULT
                pgbackrest-check       PASS  passed
                repository-encryption  WARN  repo1 (posix) is not encrypted
                retention-full         FAIL  repo1-retention-full=2 keeps fewer than 4 full backups

                How to fix:
                - repository-encryption: encrypt it
                - retention-full: set repo1-retention-full=4

                FAIL: 1 PASS, 1 WARN, 1 FAIL (stanza nbms, 2026-11-26T12:00:00Z)
                """, report().toTable());
    }

    @Test
    void theJsonCarriesStatusCountsMetricsInSecondsAndEveryRule() throws Exception {
        HealthReport r = report();
        assertTrue(r.failed());
        assertEquals(RuleResult.Status.FAIL, r.status());
        assertEquals(List.of("retention-full"), r.failures().stream().map(RuleResult::rule).toList());
        JsonNode n = new ObjectMapper().readTree(r.toJson());
        assertEquals("nbms", n.get("stanza").asText());
        assertEquals("2026-11-26T12:00:00Z", n.get("checkedAt").asText());
        assertEquals("FAIL", n.get("status").asText());
        assertEquals(1, n.get("pass").asInt());
        assertEquals(1, n.get("warn").asInt());
        assertEquals(1, n.get("fail").asInt());
        JsonNode m = n.get("metrics");
        assertEquals(10_800, m.get("lastBackupAgeSeconds").asLong());
        assertEquals(172_800, m.get("lastFullBackupAgeSeconds").asLong());
        assertEquals(0, m.get("walArchiveLagSeconds").asLong());
        assertEquals(42, m.get("newestArchivedWalAgeSeconds").asLong());
        assertEquals("2026-11-20T01:00:00Z", m.get("recoveryWindow").get("earliest").asText());
        assertEquals("000000010000000000000042", m.get("recoveryWindow").get("latestArchivedWal").asText());
        assertTrue(m.get("lastDrillAgeSeconds").isNull());
        assertTrue(m.get("lastDrillStatus").isNull());
        assertEquals("set repo1-retention-full=4", n.get("rules").get(2).get("fix").asText());
        assertFalse(new HealthReport("x", AT, List.of(RuleResult.pass("a", "ok")), HealthMetrics.none()).failed());
    }
}
