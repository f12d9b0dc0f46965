package dev.pitr.internal.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.drill.DrillTimings;
import dev.pitr.info.RecoveryWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path dir;

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void walReplayFieldsCarryTheRangeBytesAndLastReplayedLsnAndCommit() throws Exception {
        Instant start = Instant.parse("2026-02-24T10:30:00Z");
        dev.pitr.drill.WalReplay w = new dev.pitr.drill.WalReplay(true, Optional.of("000000010000000000000002"),
                Optional.of("000000010000000000000009"), 8, 117440472, Optional.of("0/A000000"),
                Optional.of(start.minusSeconds(60)), Optional.of("000000010000000000000009"), Optional.of("0/9000000"),
                Optional.empty());
        DrillReport r = new DrillReport(DrillStatus.PASSED, "main", dev.pitr.restore.RecoveryTarget.latest(), "F",
                Optional.of(start.minusSeconds(60)), start, start.plusSeconds(5), new DrillTimings(Duration.ofMillis(800),
                        Duration.ofMillis(400), Duration.ofMillis(1500)), List.of(DrillCheck.of("walReplay", true, "a",
                                "b", "ok")), "2.45", "15.18", Optional.empty(), ReportWriter.files(dir, "main", start), w);
        ReportWriter.write(r, Optional.empty());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("pitr-drill-report.json").toFile()).path("walReplay");
        assertTrue(json.path("complete").asBoolean());
        assertEquals("000000010000000000000002", json.path("firstSegment").asText());
        assertEquals("000000010000000000000009", json.path("lastSegment").asText());
        assertEquals(117440472, json.path("bytes").asLong());
        assertEquals("0/A000000", json.path("lastReplayedLsn").asText());
        assertEquals("2026-02-24T10:29:00Z", json.path("lastReplayedCommit").asText());
        String md = Files.readString(dir.resolve("pitr-drill-report.md"));
        assertTrue(md.contains("| WAL replayed | 000000010000000000000002..000000010000000000000009 (8 segments, 117440472 "
                + "bytes) |"), md);
        String xml = Files.readString(dir.resolve("TEST-pitr-restore-drill.xml"));
        assertTrue(xml.contains("<property name=\"walReplayed\" value=\"000000010000000000000002..000000010000000000000009\"/>"), xml);
    }

    @Test
    void jsonHasExactlyTheContractFieldsAndJunitHasOneTestcasePerCheck() throws Exception {
        Instant start = Instant.parse("2026-02-24T10:30:00Z");
        DrillReport r = new DrillReport(DrillStatus.FAILED, "main", dev.pitr.restore.RecoveryTarget.latest(), "F", Optional.empty(), start,
                start.plusSeconds(5), new DrillTimings(Duration.ofMillis(800), Duration.ofMillis(400), Duration.ofMillis(1500)),
                List.of(DrillCheck.of("recovery", true, "a", "b", "ok"),
                        DrillCheck.of("rowCount:t", false, "= 2", "1", "table t has 1 rows, expected <= & \"x\"")),
                "2.45", "15.18", Optional.of("rowCount:t: bad"), ReportWriter.files(dir, "main", start),
                dev.pitr.drill.WalReplay.none(), Optional.of(new RecoveryWindow(start.minusSeconds(3600), start.minusSeconds(600), Optional.of(
                        "000000020000000000000007")).withLatest(start.minusSeconds(60), RecoveryWindow.LatestSource.ARCHIVE)),
                Optional.of(1), Optional.empty(), Optional.empty(), List.of(), dev.pitr.drill.DrillPhases.none(), Optional.empty());
        ReportWriter.write(r, Optional.empty());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("pitr-drill-report.json").toFile());
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("status", "stanza", "target", "backupSet", "recoveredTo", "startedAt", "finishedAt", "timings",
                "checks", "versions", "failure", "walReplay", "recoveryWindow", "repo", "seed", "plan", "staleDrillsCleaned",
                "phases", "rtoEstimate"), fields);
        assertEquals(1, json.path("repo").asInt());
        assertTrue(json.path("seed").isNull() && json.path("plan").isNull(), "a drill without a plan has no seed");
        assertEquals("2026-02-24T09:30:00Z", json.path("recoveryWindow").path("earliest").asText());
        assertEquals("2026-02-24T10:29:00Z", json.path("recoveryWindow").path("latest").asText());
        assertEquals("ARCHIVE", json.path("recoveryWindow").path("latestSource").asText());
        assertEquals(0, json.path("staleDrillsCleaned").size());
        assertTrue(json.path("recoveredTo").isNull());
        assertEquals(800, json.path("timings").path("restoreMs").asLong());
        assertEquals(1500, json.path("timings").path("totalMs").asLong());
        assertEquals("FAILED", json.path("checks").get(1).path("status").asText());
        assertEquals("2.45", json.path("versions").path("pgbackrest").asText());
        assertEquals("15.18", json.path("versions").path("postgresql").asText());
        assertTrue(Files.exists(dir.resolve("history/pitr-drill-main-20260224T103000Z.json")));
        String xml = Files.readString(dir.resolve("TEST-pitr-restore-drill.xml"));
        assertTrue(xml.contains("tests=\"2\" failures=\"1\""), xml);
        assertTrue(xml.contains("expected &lt;= &amp; &quot;x&quot;"), xml);
        assertEquals(2, xml.split("<testcase ").length - 1);
        assertTrue(javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("TEST-pitr-restore-drill.xml").toFile()) != null);
        assertTrue(Files.readString(dir.resolve("pitr-drill-report.md")).contains("| rowCount:t |  | FAILED | = 2 | 1 |"));
        // a report made without replay figures still carries the walReplay object, with nothing replayed
        assertEquals(List.of("complete", "firstSegment", "lastSegment", "segments", "bytes", "lastReplayedLsn",
                "lastReplayedCommit", "expectedLastSegment", "expectedLsn", "firstMissingSegment"),
                fieldNames(json.path("walReplay")));
        assertTrue(json.path("walReplay").path("firstSegment").isNull());
        for (Path f : r.reportFiles()) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)),
                    f + " is private to its owner");
        }
        // a second drill in the same second does not overwrite the first history entry
        assertEquals(dir.resolve("history/pitr-drill-main-20260224T103000Z-2.json"), ReportWriter.files(dir, "main", start).get(3));
    }

    @Test
    void anInterruptedDrillIsAnErrorWithSkippedChecksInJunitNeverAFailure() throws Exception {
        Instant start = Instant.parse("2026-02-24T10:30:00Z");
        DrillReport r = new DrillReport(DrillStatus.INTERRUPTED, "main", dev.pitr.restore.RecoveryTarget.latest(), "F",
                Optional.empty(), start, start.plusSeconds(5), new DrillTimings(Duration.ofMillis(800), Duration.ZERO,
                        Duration.ofMillis(900)), List.of(DrillCheck.of("review", true, "a", "b", "ok"),
                        new DrillCheck("recovery", DrillStatus.INTERRUPTED, "recovery completes", "interrupted",
                                "interrupted during recovery: the JVM is shutting down"),
                        new DrillCheck("rowCount:t", DrillStatus.INTERRUPTED, "", "not run", "not run: interrupted")),
                "2.45", "15.18", Optional.of("interrupted during recovery: the JVM is shutting down"),
                ReportWriter.files(dir, "main", start), dev.pitr.drill.WalReplay.none(), Optional.empty(),
                List.of(new dev.pitr.drill.StaleDrill(Path.of("/tmp/pitr-drill-x"),
                        "main", 42, start.minusSeconds(60), Optional.of(43L), 5 << 20, true, "stale")),
                dev.pitr.drill.DrillPhases.none(), Optional.empty());
        ReportWriter.write(r, Optional.empty());
        String xml = Files.readString(dir.resolve("TEST-pitr-restore-drill.xml"));
        assertTrue(xml.contains("tests=\"4\" failures=\"0\" errors=\"1\" skipped=\"2\""), xml);
        assertEquals(2, xml.split("<skipped ").length - 1, xml);
        assertTrue(xml.contains("name=\"interrupted\""), xml);
        assertTrue(javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("TEST-pitr-restore-drill.xml").toFile()) != null);
        String md = Files.readString(dir.resolve("pitr-drill-report.md"));
        assertTrue(md.startsWith("# pitr restore drill: INTERRUPTED"), md);
        assertTrue(md.contains("| Interrupted | interrupted during recovery"), md);
        assertTrue(md.contains("| /tmp/pitr-drill-x | main | 42 |"), md);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("pitr-drill-report.json").toFile());
        assertEquals("INTERRUPTED", json.path("status").asText());
        assertEquals(43, json.path("staleDrillsCleaned").get(0).path("postmasterPid").asLong());
    }

    @Test
    void withAReportGroupTheFilesAreReadableByThatGroupOnlyAndAWiderOldFileIsReplaced() throws Exception {
        Instant start = Instant.parse("2026-02-24T10:30:00Z");
        Files.writeString(dir.resolve("pitr-drill-report.json"), "{}");
        Files.setPosixFilePermissions(dir.resolve("pitr-drill-report.json"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        String group = Files.readAttributes(dir, java.nio.file.attribute.PosixFileAttributes.class).group().getName();
        DrillReport r = new DrillReport(DrillStatus.PASSED, "main", dev.pitr.restore.RecoveryTarget.latest(), "F", Optional.empty(), start, start,
                new DrillTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO), List.of(), "2.45", "15", Optional.empty(),
                ReportWriter.files(dir, "main", start));
        ReportWriter.write(r, Optional.of(group));
        for (Path f : r.reportFiles()) {
            var attrs = Files.readAttributes(f, java.nio.file.attribute.PosixFileAttributes.class);
            assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(attrs.permissions()), f.toString());
            assertEquals(group, attrs.group().getName(), f.toString());
        }
    }

    @Test
    void everyCheckNamesTheDatabaseItRanInInJsonMarkdownAndJunitAndASkippedCheckIsSkippedNotFailed() throws Exception {
        Instant start = Instant.parse("2026-02-24T10:30:00Z");
        DrillReport r = new DrillReport(DrillStatus.PASSED, "main", dev.pitr.restore.RecoveryTarget.latest(), "F",
                Optional.empty(), start, start.plusSeconds(5), new DrillTimings(Duration.ZERO, Duration.ZERO, Duration.ZERO),
                List.of(DrillCheck.of("restore", true, "exit 0", "exit 0", "ok"),
                        DrillCheck.of("rowCount:nbms:public.orders", true, "= 2", "2", "table has 2 rows").in("nbms"),
                        DrillCheck.skipped("amcheck", "no corruption", "not run: 120.0 GB above amcheckMaxSize")),
                "2.45", "15.18", Optional.empty(), ReportWriter.files(dir, "main", start));
        assertEquals(List.of(), r.failedChecks());
        ReportWriter.write(r, Optional.empty());
        JsonNode checks = new ObjectMapper().readTree(dir.resolve("pitr-drill-report.json").toFile()).path("checks");
        assertTrue(checks.get(0).has("database") && checks.get(0).path("database").isNull(), checks.toString());
        assertEquals("nbms", checks.get(1).path("database").asText());
        assertEquals("SKIPPED", checks.get(2).path("status").asText());
        assertTrue(Files.readString(dir.resolve("pitr-drill-report.md"))
                .contains("| rowCount:nbms:public.orders | nbms | PASSED | = 2 | 2 |"));
        String xml = Files.readString(dir.resolve("TEST-pitr-restore-drill.xml"));
        assertTrue(xml.contains("tests=\"3\" failures=\"0\" errors=\"0\" skipped=\"1\""), xml);
        assertTrue(xml.contains("<property name=\"database\" value=\"nbms\"/>"), xml);
        assertTrue(xml.contains("<skipped message=\"not run: 120.0 GB above amcheckMaxSize\"/>"), xml);
        assertTrue(javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(dir.resolve("TEST-pitr-restore-drill.xml").toFile()) != null);
    }
}
