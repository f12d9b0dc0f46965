package dev.pitr.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrillRecordsTest {
    @TempDir
    Path dir;

    static String report(String stanza, String status, String startedAt, String finishedAt) {
        return "{\"status\":\"" + status + "\",\"stanza\":\"" + stanza + "\",\"target\":\"latest\",\"backupSet\":\"B\","
                + "\"recoveredTo\":\"2026-12-01T09:59:58Z\"," + (startedAt == null ? "" : "\"startedAt\":\"" + startedAt + "\",")
                + "\"finishedAt\":\"" + finishedAt + "\",\"timings\":{\"restoreMs\":3000,\"recoveryMs\":1000,\"totalMs\":5000}}";
    }

    @Test
    void theLatestReportAndItsHistoryCopyAreOneDrillAndOtherStanzasAreIgnored() throws Exception {
        Files.createDirectories(dir.resolve("history"));
        String drill = report("nbms", "PASSED", "2026-12-01T10:00:00Z", "2026-12-01T10:00:05Z");
        Files.writeString(dir.resolve("pitr-drill-report.json"), drill);
        Files.writeString(dir.resolve("history/pitr-drill-nbms-20261201T100000Z.json"), drill);
        Files.writeString(dir.resolve("history/pitr-drill-nbms-20261101T100000Z.json"),
                report("nbms", "FAILED", "2026-11-01T10:00:00Z", "2026-11-01T10:00:05Z"));
        Files.writeString(dir.resolve("history/pitr-drill-other-20261201T110000Z.json"),
                report("other", "PASSED", "2026-12-01T11:00:00Z", "2026-12-01T11:00:05Z"));

        List<DrillRecords.Drill> drills = DrillRecords.read("nbms", dir);
        assertEquals(2, drills.size(), drills.toString());
        DrillRecords.Drill newest = drills.get(1);
        assertTrue(newest.passed());
        assertEquals(Duration.ofSeconds(1), newest.validation());
        // A "latest" drill: the last replayed commit 2 s before the drill started.
        assertEquals(Optional.of(Duration.ofSeconds(2)), newest.recoveryPointGap());
    }

    @Test
    void anInterruptedDrillIsLeftOutOfTheFiguresAndFlaggedAsTheNewestUntilADrillCompletes() throws Exception {
        Files.createDirectories(dir.resolve("history"));
        Files.writeString(dir.resolve("history/pitr-drill-nbms-20261201T100000Z.json"),
                report("nbms", "FAILED", "2026-12-01T10:00:00Z", "2026-12-01T10:00:05Z"));
        Files.writeString(dir.resolve("history/pitr-drill-nbms-20261201T110000Z.json"),
                report("nbms", "INTERRUPTED", "2026-12-01T11:00:00Z", "2026-12-01T11:00:02Z"));
        assertEquals(1, DrillRecords.read("nbms", dir).size(), "its timings are those of a drill cut short");
        assertEquals(Optional.of(true), DrillRecords.newestInterrupted("nbms", dir));
        dev.pitr.metrics.PitrMetrics m = MetricsModel.build("nbms", Optional.empty(), MetricsFixtures.report(), dir);
        assertEquals(Optional.of(1.0), m.value(dev.pitr.metrics.MetricNames.DRILL_LAST_INTERRUPTED, Map.of("stanza", "nbms")));
        assertEquals(Optional.of(5.0), m.value(dev.pitr.metrics.MetricNames.DRILL_RTO, Map.of("stanza", "nbms")),
                "the RTO is the completed drill's");
        Files.writeString(dir.resolve("history/pitr-drill-nbms-20261201T120000Z.json"),
                report("nbms", "PASSED", "2026-12-01T12:00:00Z", "2026-12-01T12:00:05Z"));
        assertEquals(Optional.of(false), DrillRecords.newestInterrupted("nbms", dir));
        assertEquals(Optional.empty(), DrillRecords.newestInterrupted("other", dir));
    }

    @Test
    void aReportWithoutStartedAtTakesItFromTheTimings() throws Exception {
        Files.writeString(dir.resolve("pitr-drill-report.json"), report("nbms", "PASSED", null, "2026-12-01T10:00:05Z"));
        DrillRecords.Drill d = DrillRecords.read("nbms", dir).get(0);
        assertEquals(Instant.parse("2026-12-01T10:00:00Z"), d.startedAt());
    }

    @Test
    void theRtoEstimateReadsOnlyTheNewestHistoryCopiesAndTheLatestReport() throws Exception {
        Files.createDirectories(dir.resolve("history"));
        for (int day = 1; day <= 9; day++) {
            String started = "2026-11-0" + day + "T10:00:00Z";
            Files.writeString(dir.resolve("history/pitr-drill-nbms-2026110" + day + "T100000Z.json"),
                    report("nbms", "PASSED", started, started.replace(":00:00Z", ":00:05Z")));
        }
        Files.writeString(dir.resolve("pitr-drill-report.json"), report("nbms", "PASSED", "2026-11-09T10:00:00Z",
                "2026-11-09T10:00:05Z"));
        List<DrillRecords.Drill> newest = DrillRecords.readNewest("nbms", dir, 3);
        assertEquals(List.of(Instant.parse("2026-11-07T10:00:00Z"), Instant.parse("2026-11-08T10:00:00Z"),
                Instant.parse("2026-11-09T10:00:00Z")), newest.stream().map(DrillRecords.Drill::startedAt).toList(),
                "the three newest copies; the latest report is the newest copy's drill");
        assertEquals(9, DrillRecords.read("nbms", dir).size());
        // Stanza "nbms-x" shares the file-name prefix; its newer copies do not push nbms's out.
        for (int day = 1; day <= 5; day++) {
            String started = "2026-11-2" + day + "T10:00:00Z";
            Files.writeString(dir.resolve("history/pitr-drill-nbms-x-2026112" + day + "T100000Z.json"),
                    report("nbms-x", "PASSED", started, started.replace(":00:00Z", ":00:05Z")));
        }
        assertEquals(Instant.parse("2026-11-07T10:00:00Z"), DrillRecords.readNewest("nbms", dir, 3).get(0).startedAt());
    }
}
