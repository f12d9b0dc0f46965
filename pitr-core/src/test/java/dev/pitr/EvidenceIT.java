package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.audit.AuditEntry;
import dev.pitr.config.Repository;
import dev.pitr.drill.DrillReport;
import dev.pitr.governance.EvidenceDocument;
import dev.pitr.governance.EvidenceDocument.Drill;
import dev.pitr.governance.EvidenceDocument.GapKind;
import dev.pitr.internal.os.Ownership;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real drills leave the history an evidence document is made of: one stanza, two posix repositories, both
 * with a full backup; two drills (one PASSED, one FAILED) restore from repo1 only. The evidence for the
 * period lists both drills with their records, names repo2 as never drilled, and the audit lines of the
 * drills point at their history copies.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EvidenceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static Path work;
    static SandboxCluster sandbox;
    static PgBackRest pgbr;
    static Path reports;
    static Path auditFile;
    static String repo1Label;
    static DrillReport passed;
    static DrillReport failed;
    /** The UTC day the backups began: with the day the last drill finished, the period that holds them all. */
    static LocalDate firstDay;

    @BeforeAll
    static void start() throws IOException {
        firstDay = LocalDate.now(ZoneOffset.UTC);
        work = Files.createTempDirectory(Path.of("/tmp"), "pitr-evidence-");
        Ownership.chown(work, Optional.of(dev.pitr.internal.os.RunAs.defaultServerUser()));
        reports = work.resolve("reports");
        auditFile = work.resolve("audit/pitr-audit.jsonl");
        sandbox = SandboxCluster.builder().stanza("evidence").fsync(false)
                .repository(Repository.posix(work.resolve("repo1")).retentionFull(2))
                .repository(Repository.posix(work.resolve("repo2")).retentionFull(2))
                .configure(c -> c.auditLog(auditFile))
                .start();
        pgbr = sandbox.pgBackRest();
        pgbr.stanzaCreate();
        sandbox.execute("create table t(id int)", "insert into t select generate_series(1, 100)");
        repo1Label = pgbr.backup().type(BackupType.FULL).repo(1).run().label();
        pgbr.backup().type(BackupType.FULL).repo(2).run();
        sandbox.execute("insert into t select generate_series(101, 150)");
        pgbr.check(); // archives the WAL of those rows: the latest drill replays it
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
        if (work != null) {
            Ownership.deleteTree(work);
        }
    }

    @Test
    @Order(1)
    void drillsFromRepo1LeaveHistoryCopiesTheirAuditLinesPointAt() throws IOException {
        passed = pgbr.restoreDrill().repo(1).target(RecoveryTarget.latest()).expectRowCount("t", 150)
                .recoveryTimeout(Duration.ofMinutes(3)).reportDirectory(reports).run();
        failed = pgbr.restoreDrill().repo(1).target(RecoveryTarget.immediate()).expectRowCount("t", 999)
                .recoveryTimeout(Duration.ofMinutes(3)).reportDirectory(reports).run();
        assertTrue(passed.passed(), () -> passed.failure() + " " + passed.checks());
        assertFalse(failed.passed());

        List<AuditEntry> drills = pgbr.auditLog().orElseThrow().entries().stream()
                .filter(e -> e.operation().equals("restore-drill")).toList();
        assertEquals(2, drills.size());
        for (int i = 0; i < 2; i++) {
            Path history = (i == 0 ? passed : failed).reportFiles().get(3);
            assertEquals(reports.resolve("history"), history.getParent());
            assertEquals(history.toString(), drills.get(i).detail().orElseThrow(), "the line names the lasting copy");
            assertTrue(Files.isRegularFile(history));
        }
        JsonNode latest = JSON.readTree(reports.resolve("pitr-drill-report.json").toFile());
        assertEquals("FAILED", latest.get("status").asText(), "the latest report is overwritten by the next drill");
        assertEquals("PASSED", JSON.readTree(passed.reportFiles().get(3).toFile()).get("status").asText(),
                "but the first drill's history copy still says what it proved");
    }

    @Test
    @Order(2)
    void theEvidenceOfThePeriodListsEveryDrillAndNamesTheRepositoryNeverDrilled() throws IOException {
        // The period from the days things happened, not the clock now: a run across 00:00 UTC keeps them all.
        LocalDate from = firstDay;
        LocalDate to = lastDrillDay();
        EvidenceDocument evidence = pgbr.evidence().from(from).to(to).reportDirectory(reports).run();

        assertEquals(List.of("PASSED", "FAILED"), evidence.drills().stream().map(Drill::status).toList());
        assertEquals(List.of("latest", "immediate"), evidence.drills().stream().map(Drill::target).toList());
        for (Drill d : evidence.drills()) {
            assertEquals(repo1Label, d.backupSet());
            assertEquals(Optional.of(1), d.repo());
            assertTrue(d.rto().toMillis() > 0, d.toString());
            assertTrue(d.checks().stream().anyMatch(c -> c.name().equals("rowCount:t")), d.checks().toString());
            assertTrue(d.historyFile().isPresent() && d.auditSeq().isPresent(), d.toString());
            assertEquals(List.of(), d.notes());
        }
        Drill replayed = evidence.drills().get(0);
        assertTrue(replayed.recoveryPointGap().isPresent(), "the last replayed commit is known: " + replayed);
        assertEquals("drill start", replayed.gapBasis());
        assertEquals(passed.finishedAt(), evidence.drills().get(0).finishedAt());

        assertEquals(List.of(1, 2), evidence.repositories().stream().map(EvidenceDocument.RepositoryCoverage::repo).toList());
        assertEquals(2, evidence.repositories().get(0).drillsInPeriod());
        assertEquals(1, evidence.repositories().get(0).passedInPeriod());
        assertEquals(0, evidence.repositories().get(1).drillsInPeriod());
        assertEquals("configuration and info", evidence.repositories().get(1).knownFrom());
        List<EvidenceDocument.Gap> never = evidence.gaps().stream()
                .filter(g -> g.kind() == GapKind.REPOSITORY_NEVER_DRILLED).toList();
        assertEquals(List.of("repo2"), never.stream().map(EvidenceDocument.Gap::subject).toList(), evidence.gaps().toString());
        assertTrue(evidence.gaps().stream().noneMatch(g -> g.kind() == GapKind.NO_PASSED_DRILL), evidence.gaps().toString());

        assertTrue(evidence.audit().orElseThrow().intact(), evidence.audit().get().describe());
        assertTrue(evidence.governance().isPresent());
        assertTrue(evidence.operations().stream().anyMatch(o -> o.operation().equals("backup") && o.total() == 2),
                evidence.operations().toString());
        assertTrue(evidence.controls().stream().anyMatch(c -> c.id().equals("ISO/IEC 27001:2022 A.8.13")));

        Path json = reports.resolve("pitr-evidence-evidence-" + from + "-" + to + ".json");
        Path md = reports.resolve("pitr-evidence-evidence-" + from + "-" + to + ".md");
        assertEquals(List.of(json, md), evidence.files());
        JsonNode doc = JSON.readTree(json.toFile());
        assertEquals(2, doc.get("drills").size());
        assertEquals("REPOSITORY_NEVER_DRILLED", doc.get("gaps").get(0).get("kind").asText(), doc.get("gaps").toString());
        assertEquals("INTACT", doc.get("summary").get("auditChain").asText());
        String markdown = Files.readString(md);
        assertTrue(markdown.contains("repo2 (known from configuration and info) was never drilled"), markdown);
        assertTrue(markdown.contains(repo1Label), markdown);
    }

    @Test
    @Order(3)
    void aQuarterWithoutAPassedDrillIsAGapAndAnEditedAuditLineBreaksTheChainInTheDocument() throws IOException {
        // The quarter before the first day anything happened: no drill can be in it, however late the run.
        LocalDate quarter = LocalDate.of(firstDay.getYear(), ((firstDay.getMonthValue() - 1) / 3) * 3 + 1, 1);
        EvidenceDocument before = pgbr.evidence().from(quarter.minusMonths(3)).to(quarter.minusDays(1))
                .reportDirectory(reports).healthReport(pgbr.healthCheck().pgBackRestCheck(false).preflight(false)
                        .reportDirectory(reports).run()).collect();
        assertTrue(before.drills().isEmpty());
        assertTrue(before.gaps().stream().anyMatch(g -> g.kind() == GapKind.NO_PASSED_DRILL), before.gaps().toString());

        List<String> lines = Files.readAllLines(auditFile);
        List<String> edited = new java.util.ArrayList<>(lines);
        java.util.regex.Matcher digit = java.util.regex.Pattern.compile("\"durationMs\":(\\d)").matcher(edited.get(2));
        assertTrue(digit.find(), edited.get(2));
        int d = Integer.parseInt(digit.group(1));
        edited.set(2, edited.get(2).substring(0, digit.start(1)) + ((d + 1) % 10) + edited.get(2).substring(digit.end(1)));
        Files.write(auditFile, edited);
        try {
            EvidenceDocument tampered = pgbr.evidence().from(firstDay).to(lastDrillDay()).reportDirectory(reports)
                    .healthReport(before.governance().orElseThrow()).collect();
            assertTrue(tampered.gaps().stream().anyMatch(g -> g.kind() == GapKind.AUDIT_CHAIN_BROKEN
                    && g.subject().equals("line 3 of " + auditFile)), tampered.gaps().toString());
        } finally {
            Files.write(auditFile, lines);
        }
    }

    private static LocalDate lastDrillDay() {
        return LocalDate.ofInstant(failed.finishedAt(), ZoneOffset.UTC);
    }
}
