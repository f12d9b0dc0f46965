package dev.pitr.internal.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.audit.AuditEntry;
import dev.pitr.audit.AuditLog;
import dev.pitr.audit.AuditOutcome;
import dev.pitr.governance.EvidenceDocument;
import dev.pitr.governance.EvidenceDocument.Drill;
import dev.pitr.governance.EvidenceDocument.Gap;
import dev.pitr.governance.EvidenceDocument.GapKind;
import dev.pitr.governance.HealthMetrics;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.RuleResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How history copies and audit lines become an evidence document: which drills fall in the period, which
 * quarters and repositories are gaps, and what happens when a record is missing or disagrees. Real drills
 * producing the history are in EvidenceIT.
 */
class EvidenceCollectorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @TempDir
    Path dir;

    private Path history(String name, String status, Instant finished, String backupSet, String target,
            String recoveredTo, Long seed) throws IOException {
        Path file = dir.resolve("history").resolve("pitr-drill-nbms-" + name + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"status\":\"" + status + "\",\"stanza\":\"nbms\",\"target\":\"" + target
                + "\",\"backupSet\":\"" + backupSet + "\",\"recoveredTo\":" + (recoveredTo == null ? "null" : "\""
                + recoveredTo + "\"") + ",\"startedAt\":\"" + finished.minusSeconds(30) + "\",\"finishedAt\":\""
                + finished + "\",\"timings\":{\"restoreMs\":20000,\"recoveryMs\":5000,\"totalMs\":30000},"
                + "\"checks\":[{\"name\":\"rowCount:public.orders\",\"status\":\"" + status + "\",\"expected\":\">= 1\","
                + "\"actual\":\"42\",\"message\":\"m\"}]" + (seed == null ? "" : ",\"seed\":" + seed) + "}");
        return file;
    }

    private AuditLog auditOf(Object... drills) {
        AuditLog log = AuditLog.open(dir.resolve("audit.jsonl"));
        for (int i = 0; i < drills.length; i += 3) {
            log.append(AuditEntry.of("restore-drill", "nbms", (AuditOutcome) drills[i]).withTime((Instant) drills[i + 1])
                    .withDuration(Duration.ofSeconds(30)).withBackupLabel("20261001-010000F")
                    .withDetail(drills[i + 2].toString()));
        }
        log.append(AuditEntry.of("backup", "nbms", AuditOutcome.SUCCESS).withTime(Instant.parse("2026-11-02T01:00:00Z")));
        log.append(AuditEntry.of("backup", "nbms", AuditOutcome.FAILURE).withTime(Instant.parse("2026-11-03T01:00:00Z")));
        log.append(AuditEntry.of("backup", "other", AuditOutcome.SUCCESS).withTime(Instant.parse("2026-11-03T01:00:00Z")));
        return log;
    }

    private EvidenceDocument collect(LocalDate from, LocalDate to, AuditLog log, List<Integer> configured,
            List<Integer> info, Optional<HealthReport> health) {
        List<AuditRecords.Line> lines = AuditRecords.read(log);
        EvidenceDrills.Result drills = EvidenceDrills.read("nbms", dir, lines, Optional.empty());
        return EvidenceCollector.collect(new EvidenceCollector.Inputs("nbms", from, to, NOW, drills, Optional.of(lines),
                Optional.of(log.verify()), health, Optional.empty(), configured, info));
    }

    private static List<GapKind> kinds(EvidenceDocument d) {
        return d.gaps().stream().map(Gap::kind).toList();
    }

    @Test
    void drillsOfThePeriodComeWithTheirRecordsAndQuartersWithoutAPassedDrillAreGaps() throws IOException {
        Instant july = Instant.parse("2026-07-15T03:00:00Z");
        Instant october = Instant.parse("2026-10-20T03:00:00Z");
        Instant november = Instant.parse("2026-11-20T03:00:00Z");
        Path h1 = history("20260715T025930Z", "PASSED", july, "20260714-010000F", "latest", "2026-07-15T02:59:00Z", null);
        Path h2 = history("20261020T025930Z", "FAILED", october, "20261001-010000F",
                "time 2026-10-19 12:00:00.000000+00", "2026-10-19T11:59:58Z", 7L);
        Path h3 = history("20261120T025930Z", "FAILED", november, "20261001-010000F", "latest", null, null);
        AuditLog log = auditOf(AuditOutcome.PASSED, july, h1, AuditOutcome.FAILED, october, h2, AuditOutcome.FAILED,
                november, h3);

        EvidenceDocument d = collect(LocalDate.parse("2026-07-01"), LocalDate.parse("2026-12-31"), log, List.of(1),
                List.of(), Optional.empty());
        assertEquals(List.of(july, october, november), d.drills().stream().map(Drill::finishedAt).toList());
        Drill timed = d.drills().get(1);
        assertEquals(Optional.of(Duration.ofSeconds(2)), timed.recoveryPointGap());
        assertEquals("target", timed.gapBasis());
        assertEquals(Optional.of(7L), timed.seed());
        assertEquals(Duration.ofSeconds(30), timed.rto());
        assertEquals(Optional.of(h2), timed.historyFile());
        assertEquals(Optional.of(2L), timed.auditSeq());
        Drill latest = d.drills().get(0);
        assertEquals(Optional.of(Duration.ofSeconds(30)), latest.recoveryPointGap(), "from the drill's start, 02:59:30");
        assertEquals("drill start", latest.gapBasis());
        assertEquals(Optional.empty(), d.drills().get(2).recoveryPointGap());

        List<Gap> quarters = d.gaps().stream().filter(g -> g.kind() == GapKind.NO_PASSED_DRILL).toList();
        assertEquals(List.of("2026-Q4"), quarters.stream().map(Gap::subject).toList(), d.gaps().toString());
        assertTrue(quarters.get(0).message().contains("between 2026-10-01 and 2026-12-31 so far"), quarters.toString());

        assertEquals(List.of(new EvidenceDocument.OperationCount("backup", 2, 1),
                new EvidenceDocument.OperationCount("restore-drill", 3, 2)), d.operations());
        assertTrue(d.audit().orElseThrow().intact());
    }

    @Test
    void aDrillOnlyTheAuditLogRemembersOrWhoseRecordsDisagreeIsAGap() throws IOException {
        Instant t1 = Instant.parse("2026-10-05T03:00:00Z");
        Instant t2 = Instant.parse("2026-10-06T03:00:00Z");
        Path kept = history("20261005T025930Z", "PASSED", t1, "20261001-010000F", "latest", null, null);
        AuditLog log = auditOf(AuditOutcome.FAILED, t1, kept, AuditOutcome.PASSED, t2,
                dir.resolve("history/pitr-drill-nbms-20261006T025930Z.json"));
        EvidenceDocument d = collect(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31"), log, List.of(1),
                List.of(), Optional.empty());
        assertEquals(2, d.drills().size());
        List<Gap> bad = d.gaps().stream().filter(g -> g.kind() == GapKind.DRILL_RECORD_INCONSISTENT).toList();
        assertEquals(2, bad.size(), d.gaps().toString());
        assertTrue(bad.get(0).message().contains("says FAILED, its history copy says PASSED")
                || bad.get(1).message().contains("says FAILED, its history copy says PASSED"), bad.toString());
        Drill orphan = d.drills().get(1);
        assertEquals(Optional.empty(), orphan.historyFile());
        assertTrue(orphan.notes().get(0).contains("is missing"), orphan.notes().toString());
    }

    @Test
    void repositoriesAreKnownFromConfigurationAndInfoAndTheOnesNeverDrilledAreNamed() throws IOException {
        Instant t = Instant.parse("2026-10-05T03:00:00Z");
        Path h = dir.resolve("history/pitr-drill-nbms-x.json");
        Files.createDirectories(h.getParent());
        Files.writeString(h, "{\"status\":\"PASSED\",\"stanza\":\"nbms\",\"target\":\"latest\",\"backupSet\":\"B\","
                + "\"repo\":2,\"startedAt\":\"" + t.minusSeconds(9) + "\",\"finishedAt\":\"" + t + "\",\"timings\":{\"totalMs\":9000}}");
        AuditLog log = auditOf(AuditOutcome.PASSED, t, h);
        HealthReport health = new HealthReport("nbms", NOW, List.of(RuleResult.pass("retention-full", "4 >= 4"),
                RuleResult.fail("repository-encryption", "repo3 is not encrypted", "set repo3-cipher-type")),
                HealthMetrics.none());
        EvidenceDocument d = collect(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-12-31"), log, List.of(1, 2),
                List.of(2, 3), Optional.of(health));
        assertEquals(List.of("configuration", "configuration and info", "info"),
                d.repositories().stream().map(EvidenceDocument.RepositoryCoverage::knownFrom).toList());
        assertEquals(List.of("repo1", "repo3"), d.gaps().stream().filter(g -> g.kind() == GapKind.REPOSITORY_NEVER_DRILLED)
                .map(Gap::subject).toList());
        assertTrue(kinds(d).contains(GapKind.GOVERNANCE_RULE_FAILED), d.gaps().toString());

        JsonNode json = JSON.readTree(d.toJson());
        assertEquals("pitr-evidence/1", json.get("format").asText());
        assertEquals("2026-10-01", json.get("period").get("from").asText());
        assertEquals(2, json.get("drills").get(0).get("repo").asInt());
        assertEquals("FAIL", json.get("summary").get("governance").asText());
        assertEquals(3, json.get("controls").size());
        String md = d.toMarkdown();
        assertTrue(md.contains("# Restore-test evidence: stanza nbms, 2026-10-01 to 2026-12-31"), md);
        assertTrue(md.contains("repo3 (known from info) was never drilled"), md);
        assertTrue(md.contains("ISO/IEC 27001:2022 A.8.13 Information backup"), md);
    }

    @Test
    void quartersAreCalendarQuarters() {
        assertEquals(LocalDate.parse("2026-10-01"), EvidenceCollector.quarterStart(LocalDate.parse("2026-12-31")));
        assertEquals(LocalDate.parse("2026-01-01"), EvidenceCollector.quarterStart(LocalDate.parse("2026-03-31")));
        assertEquals(LocalDate.parse("2026-04-01"), EvidenceCollector.quarterStart(LocalDate.parse("2026-04-01")));
    }
}
