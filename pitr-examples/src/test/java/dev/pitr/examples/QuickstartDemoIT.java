package dev.pitr.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.drill.DrillReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command must keep working: the demo runs the whole runbook to a PASSED drill. */
class QuickstartDemoIT {
    @TempDir
    Path reports;

    @Test
    void demoRunsTheRunbookToAPassedDrillAtTheRecordedTime() throws Exception {
        DrillReport drill = QuickstartDemo.run(reports);
        assertTrue(drill.passed(), () -> "drill failed: " + drill.failure() + " " + drill.failedChecks());
        assertEquals("1000", drill.check("rowCount:public.orders").orElseThrow().actual());
        assertTrue(drill.check("sql:no-orders-after-target").orElseThrow().passed());
        assertTrue(drill.backupSet().endsWith("F"), "the target is before the incremental: the full set is restored");
        assertTrue(Files.isRegularFile(reports.resolve("pitr-drill-report.json")));
    }
}
