package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.audit.AuditEntry;
import dev.pitr.audit.AuditOutcome;
import dev.pitr.drill.DrillChoice;
import dev.pitr.drill.DrillPlan;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.drill.RestoreTestPlan;
import dev.pitr.drill.RestoreTestPlan.Selection;
import dev.pitr.drill.RestoreTestPlan.Target;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real drills chosen by a restore-test plan, on a sandbox with four backups a few seconds apart and rows
 * committed between them: the same seed picks the same backup and target every time (and the WAL up to a
 * random target is replayed: each clone holds exactly the rows production committed up to the target, and a
 * backup's end holds exactly the rows written before that backup); random selection over the window drills more than one backup (seeds 1 and 2
 * pick different ones of four: the choice depends only on the seed and how many are eligible); a drill due
 * too long ago is SKIPPED and recorded; the validation window keeps the clone up until released.
 */
class DrillPlanIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    static SandboxCluster sandbox;
    static PgBackRest pgbr;
    static final List<String> labels = new ArrayList<>();

    @TempDir
    static Path reports;

    @BeforeAll
    static void fourBackups() throws Exception {
        // Commit timestamps: the rows a time target keeps are those whose commit record is not after it.
        sandbox = SandboxCluster.builder().stanza("plans").fsync(false).archiveTimeout(Duration.ofHours(1))
                .serverSetting("track_commit_timestamp", "on")
                .configure(c -> c.auditLog(reports.resolve("audit.jsonl"))).start();
        pgbr = sandbox.pgBackRest();
        pgbr.stanzaCreate();
        sandbox.execute("create table t(id serial primary key, at timestamptz not null default clock_timestamp())");
        for (int i = 0; i < 4; i++) {
            BackupType type = i == 0 ? BackupType.FULL : BackupType.INCR;
            labels.add(pgbr.backup(type).label());
            // Commits spread over the seconds between backups: a random target between two backups lands
            // among them, so recovery replays WAL up to it.
            for (int k = 0; k < 4; k++) {
                sandbox.execute("insert into t(at) select clock_timestamp() from generate_series(1, 10)");
                Thread.sleep(700);
            }
        }
        pgbr.check();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static RestoreDrillRequest drill(RestoreTestPlan plan) {
        return pgbr.restoreDrill().testPlan(plan).recoveryTimeout(Duration.ofMinutes(3)).reportDirectory(reports);
    }

    /** What the plan will choose, from a dry run (the same snapshot a run sees: no backup is taken meanwhile). */
    private static DrillChoice choice(RestoreTestPlan plan) {
        DrillPlan dry = drill(plan).plan();
        return dry.choice().orElseThrow(() -> new AssertionError("the plan chose nothing: " + dry.describe()));
    }

    /** The rows production committed up to the instant (inclusive, as recovery_target_inclusive): the clone's count. */
    private static long committedUpTo(Instant target) {
        return Long.parseLong(sandbox.queryForString("select count(*) from t where pg_xact_commit_timestamp(xmin) <= '"
                + target + "'::timestamptz"));
    }

    /** Rows written before the backup (four batches of ten after each backup): what its end holds. */
    private static long rowsBefore(String label) {
        int index = labels.indexOf(label);
        assertTrue(index >= 0, label + " not in " + labels);
        return 40L * index;
    }

    private static JsonNode history(DrillReport r) throws IOException {
        return JSON.readTree(r.reportFiles().get(3).toFile());
    }

    @Test
    void theSameSeedPicksTheSameBackupAndTargetThreeTimesAndEachReportCarriesIt() throws IOException {
        RestoreTestPlan plan = RestoreTestPlan.defaults().selection(Selection.RANDOM).target(Target.RANDOM).seed(5)
                .scheduledAt(Instant.now());
        DrillChoice chosen = choice(plan);
        // Seed 5 picks the third of four backups (DrillChooser), which has a next one: a random instant between.
        assertEquals(labels.get(2), chosen.backupSet(), chosen.reason());
        RecoveryTarget.Time t = assertInstanceOf(RecoveryTarget.Time.class, chosen.target(), chosen.reason());
        long expected = committedUpTo(t.instant());
        assertTrue(expected > rowsBefore(chosen.backupSet()) && expected < 160, "the target " + t.instant()
                + " falls among the rows written after " + chosen.backupSet() + ": " + expected + " rows up to it");
        List<DrillReport> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            DrillReport r = drill(plan).expectRowCount("t", expected).run();
            assertTrue(r.passed(), () -> r.failure() + " " + r.checks());
            runs.add(r);
        }
        for (DrillReport r : runs) {
            assertEquals(chosen.backupSet(), r.backupSet());
            assertEquals(t, r.target());
            assertEquals(DrillStatus.PASSED, r.check("rowCount:t").orElseThrow(() -> new AssertionError(r.checks()
                    .toString())).status(), "the clone holds the " + expected + " rows committed up to " + t.instant());
            assertEquals(5L, r.seed().orElseThrow());
            JsonNode json = history(r);
            assertEquals(5, json.get("seed").asLong());
            assertEquals(r.backupSet(), json.get("plan").get("chosen").asText());
            assertEquals(4, json.get("plan").get("eligible").size(), json.toString());
        }
        assertTrue(labels.contains(runs.get(0).backupSet()), runs.get(0).backupSet() + " not in " + labels);
        Instant replayed = runs.get(0).recoveredTo().orElseThrow(() -> new AssertionError("no replayed commit"));
        assertFalse(replayed.isAfter(t.instant()), replayed + " after the target " + t.instant());
        assertTrue(t.instant().isAfter(runs.get(0).choice().orElseThrow().rangeFrom().orElseThrow()));
    }

    @Test
    void randomSelectionOverTheWindowDrillsMoreThanOneOfTheBackups() {
        Set<String> drilled = new HashSet<>();
        Instant at = Instant.now();
        for (long seed = 1; seed <= 2; seed++) {
            RestoreTestPlan plan = RestoreTestPlan.defaults().selection(Selection.RANDOM).target(Target.END).seed(seed)
                    .scheduledAt(at);
            DrillChoice chosen = choice(plan);
            assertEquals(RecoveryTarget.immediate(), chosen.target(), chosen.reason());
            DrillReport r = drill(plan).expectRowCount("t", rowsBefore(chosen.backupSet())).run();
            assertTrue(r.passed(), () -> r.failure() + " " + r.checks());
            assertEquals(chosen.backupSet(), r.backupSet());
            assertEquals(RecoveryTarget.immediate(), r.target());
            drilled.add(r.backupSet());
        }
        assertTrue(drilled.size() >= 2, "two seeds over four backups drilled only " + drilled);
    }

    @Test
    void aDrillThatCannotStartInItsStartWindowIsSkippedAndRecorded() throws IOException {
        RestoreTestPlan plan = RestoreTestPlan.defaults().startWindow(Duration.ofHours(1)).seed(9)
                .scheduledAt(Instant.now().minus(Duration.ofHours(2)));
        DrillReport r = drill(plan).run();
        assertEquals(DrillStatus.SKIPPED, r.status());
        assertTrue(r.failure().orElseThrow().contains("start window of PT1H closed at"), r.failure().toString());
        assertEquals(DrillStatus.SKIPPED, r.check("startWindow").orElseThrow().status());
        JsonNode json = history(r);
        assertEquals("SKIPPED", json.get("status").asText());
        assertEquals(9, json.get("seed").asLong(), "a skipped drill carries its seed too");
        assertTrue(json.get("plan").isNull(), "due two hours before these backups stopped, it had none to choose");
        String junit = Files.readString(r.reportFiles().get(2));
        assertTrue(junit.contains("skipped=\"1\"") && junit.contains("<skipped message="), junit);
        List<AuditEntry> lines = pgbr.auditLog().orElseThrow().entries();
        AuditEntry last = lines.get(lines.size() - 1);
        assertEquals(AuditOutcome.SKIPPED, last.outcome());
        assertEquals(r.reportFiles().get(3).toString(), last.detail().orElseThrow());
    }

    @Test
    void theValidationWindowKeepsTheCloneUpUntilAScriptReleasesIt() throws Exception {
        Path cloneFile = reports.resolve("pitr-drill-clone.json");
        CompletableFuture<Long> script = CompletableFuture.supplyAsync(() -> {
            try {
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (!Files.exists(cloneFile) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                JsonNode clone = JSON.readTree(cloneFile.toFile());
                Properties p = new Properties();
                p.setProperty("user", clone.get("PGUSER").asText());
                long rows;
                try (Connection c = DriverManager.getConnection(clone.get("jdbcUrl").asText(), p);
                        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from t")) {
                    rs.next();
                    rows = rs.getLong(1);
                }
                Files.delete(cloneFile); // done: release the clone
                return rows;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long t0 = System.nanoTime();
        DrillReport r = drill(RestoreTestPlan.defaults().validationWindow(Duration.ofMinutes(5))).expectRowCount("t", 160)
                .run();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertTrue(r.passed(), () -> r.failure() + " " + r.checks());
        assertEquals(160L, script.get(10, TimeUnit.SECONDS), "the script read the clone: every row, target latest");
        assertTrue(seconds < 120, "released early, not after the 5-minute window: " + seconds + " s");
        assertFalse(Files.exists(cloneFile));
    }
}
