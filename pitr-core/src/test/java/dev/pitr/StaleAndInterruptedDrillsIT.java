package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.audit.AuditEntry;
import dev.pitr.audit.AuditLog;
import dev.pitr.audit.AuditOutcome;
import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.drill.StaleDrill;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.RuleResult;
import dev.pitr.internal.os.Ownership;
import dev.pitr.operation.BackupType;
import dev.pitr.sandbox.SandboxCluster;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drills whose JVM dies (kill -9) or is stopped (SIGTERM, a thread interrupt) during recovery. Recovery is
 * made to wait: the drills' restore_command goes through a pgBackRest wrapper ({@code cmd}) whose
 * archive-get waits while a flag file exists, as a slow archive would.
 */
class StaleAndInterruptedDrillsIT {
    static SandboxCluster sandbox;
    static PgBackRest pgbr;
    static Path work;
    static Path slowFlag;
    static Path slowRestore;
    static final java.util.concurrent.atomic.AtomicInteger CASES = new java.util.concurrent.atomic.AtomicInteger();

    Path drills;
    Path reports;
    Path audit;

    @BeforeAll
    static void sandbox() throws IOException {
        work = Files.createTempDirectory(Path.of("/tmp"), "pf"); // short: the drill's socket path must stay below 108 bytes
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        slowFlag = work.resolve("slow-archive");
        Path wrapper = work.resolve("slow-pgbackrest.sh");
        // Segments after the one named in backup-stop wait: the clone becomes consistent (pg_ctl -w returns), then
        // recovery waits.
        Files.writeString(wrapper, "#!/bin/sh\n"
                + "for a in \"$@\"; do case \"$a\" in --pg1-path=*) pg=\"${a#--pg1-path=}\";; archive-get) get=1;; "
                + "[0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F][0-9A-F]*) [ -n \"$get\" ] && [ -z \"$seg\" ] "
                + "&& seg=\"$a\";; esac; done\n"
                + "if [ -n \"$seg\" ] && [ ${#seg} -eq 24 ] && [ \"$seg\" \\> \"$(cat " + work.resolve("backup-stop") + ")\" ]; then\n"
                + "  while [ -e " + slowFlag + " ] && [ -d \"$pg\" ]; do sleep 0.2; done\n"
                + "fi\n"
                + "exec pgbackrest \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        // The executable for a kill during the restore: pgbackrest restore runs, then its process keeps running with
        // the scratch directory on its command line while the flag exists, as a big restore still writing would.
        slowRestore = work.resolve("slow-restore.sh");
        Files.writeString(slowRestore, "#!/bin/sh\n"
                + "for a in \"$@\"; do case \"$a\" in --pg1-path=*) pg=\"${a#--pg1-path=}\";; restore) r=1;; esac; done\n"
                + "pgbackrest \"$@\" || exit $?\n"
                + "if [ -n \"$r\" ]; then while [ -e " + slowFlag + " ] && [ -d \"$pg\" ]; do sleep 0.2; done; fi\n");
        Files.setPosixFilePermissions(slowRestore, PosixFilePermissions.fromString("rwxr-xr-x"));
        sandbox = SandboxCluster.builder().stanza("faults").fsync(false).archiveTimeout(Duration.ofHours(1))
                .configure(c -> c.globalOption("cmd", wrapper.toString())).start();
        pgbr = sandbox.pgBackRest();
        pgbr.stanzaCreate();
        pgbr.backup(BackupType.FULL);
        // Archived WAL up to here flows: more than the 512 kB PostgreSQL decodes ahead of replay, so replay passes
        // the backup's end (the clone becomes consistent) before the read-ahead waits for the next segment.
        sandbox.execute("create table pad as select g, repeat('x', 200) from generate_series(1, 20000) g");
        pgbr.check();
        Files.writeString(work.resolve("backup-stop"), pgbr.stanzaInfo().latestArchivedWal().orElseThrow());
        sandbox.execute("create table t as select g from generate_series(1, 1000) g");
        pgbr.check();
    }

    @AfterAll
    static void tearDown() {
        if (sandbox != null) {
            sandbox.close();
        }
        Ownership.deleteTree(work);
    }

    @BeforeEach
    void directories() throws IOException {
        Path each = Files.createDirectory(work.resolve("c" + CASES.incrementAndGet()));
        Files.setPosixFilePermissions(each, PosixFilePermissions.fromString("rwxr-xr-x"));
        drills = Files.createDirectory(each.resolve("d"));
        Files.setPosixFilePermissions(drills, PosixFilePermissions.fromString("rwxr-xr-x"));
        reports = each.resolve("reports");
        audit = each.resolve("audit.jsonl");
        Files.writeString(slowFlag, "");
    }

    @AfterEach
    void fastArchiveAgain() throws IOException {
        Files.deleteIfExists(slowFlag);
    }

    @Test
    void aDrillKilledDuringRecoveryKeepsItsPostmasterUntilTheNextDrillStopsRemovesAndReportsIt() throws Exception {
        Killed killed = killDuringRecovery();
        Files.delete(slowFlag);
        long t0 = System.nanoTime();
        DrillReport next = pgbr.restoreDrill().directory(drills).reportDirectory(reports).expectRowCount("t", 1000).run();
        System.out.printf("STALE-DRILL next drill with cleanup: %d ms%n", Duration.ofNanos(System.nanoTime() - t0).toMillis());
        assertTrue(next.passed(), () -> next.failure() + " " + next.failedChecks());
        assertEquals(1, next.staleDrillsCleaned().size(), next.staleDrillsCleaned().toString());
        StaleDrill stale = next.staleDrillsCleaned().get(0);
        assertEquals(killed.scratch, stale.scratchDirectory());
        assertEquals(killed.jvm, stale.ownerPid());
        assertEquals(Optional.of(killed.postmaster), stale.postmasterPid());
        assertTrue(stale.removed() && stale.bytes() > 1_000_000, stale.toString());
        assertGone(killed);
        JsonNode json = new ObjectMapper().readTree(reports.resolve("pitr-drill-report.json").toFile());
        assertEquals(killed.scratch.toString(), json.path("staleDrillsCleaned").get(0).path("scratchDirectory").asText());
        assertEquals(killed.postmaster, json.path("staleDrillsCleaned").get(0).path("postmasterPid").asLong());
        assertTrue(Files.readString(reports.resolve("pitr-drill-report.md")).contains("## Stale drills cleaned up first"));
    }

    @Test
    void aDrillKilledDuringRestoreLeavesItsRestoreRunningUntilCleanupEndsItAndDeletesTheFiles() throws Exception {
        Started child = startChildDrill(slowRestore.toString());
        Path scratch = null;
        long restorePid = -1;
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (restorePid < 0 && System.nanoTime() < deadline) {
            assertTrue(child.process.isAlive(), () -> "the child drill ended: " + child.output());
            try (Stream<Path> s = Files.list(drills)) {
                for (Path dir : s.filter(p -> p.getFileName().toString().startsWith("pitr-drill-")).toList()) {
                    Optional<ProcessHandle> waiting = ProcessHandle.allProcesses().filter(h -> cmdline(h.pid())
                            .startsWith("/bin/sh " + slowRestore) && cmdline(h.pid()).contains(" restore")
                            && cmdline(h.pid()).contains(dir.toString()))
                            .findFirst();
                    // restored files are there: base/ of the clone's data directory
                    if (waiting.isPresent() && Files.isDirectory(dir.resolve("pg/base"))
                            && !ProcessHandle.allProcesses().anyMatch(h -> cmdline(h.pid()).startsWith("pgbackrest")
                                    && cmdline(h.pid()).contains(dir.toString()))) {
                        scratch = dir;
                        restorePid = waiting.get().pid();
                    }
                }
            }
            Thread.sleep(100);
        }
        assertTrue(restorePid > 0, () -> "no drill reached its restore: " + child.output());
        long jvm = kill9(child, restorePid, "restore");

        long t0 = System.nanoTime();
        List<StaleDrill> cleaned = pgbr.cleanStaleDrills(drills);
        System.out.printf("STALE-DRILL cleanStaleDrills after a kill during restore: %d ms%n",
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        assertEquals(1, cleaned.size(), cleaned.toString());
        StaleDrill stale = cleaned.get(0);
        assertEquals(scratch, stale.scratchDirectory());
        assertEquals(jvm, stale.ownerPid());
        assertEquals(Optional.empty(), stale.postmasterPid(), "no postmaster was started yet");
        assertTrue(stale.removed() && stale.bytes() > 1_000_000, stale.toString());
        assertTrue(dev.pitr.internal.os.ProcessExit.await(restorePid, Duration.ofSeconds(10)), "the restore is ended");
        RestoreDrillIT.assertTeardownComplete(scratch);
    }

    @Test
    void drillCleanupStopsAKilledDrillAndRemovesDeadOwnersDirectoriesButNoLiveOrKeptOne() throws Exception {
        Killed killed = killDuringRecovery();
        // As a kill during restore leaves it: a marker of a JVM that is gone, files, no postmaster.
        Path duringRestore = fakeDrill("pitr-drill-faults-restoring", deadPid(), Instant.now().minusSeconds(60), false);
        // This JVM's pid with another start time: the pid was reused, the drill's JVM is gone.
        ProcessHandle self = ProcessHandle.current();
        Path reusedPid = fakeDrill("pitr-drill-faults-reused", self.pid(),
                self.info().startInstant().orElseThrow().minusSeconds(3600), false);
        Path live = fakeDrill("pitr-drill-faults-live", self.pid(), self.info().startInstant().orElseThrow(), false);
        Path kept = fakeDrill("pitr-drill-faults-kept", deadPid(), Instant.now().minusSeconds(60), true);

        long t0 = System.nanoTime();
        List<StaleDrill> cleaned = pgbr.cleanStaleDrills(drills);
        System.out.printf("STALE-DRILL cleanStaleDrills of a drill killed in recovery and two without postmaster: %d ms%n",
                Duration.ofNanos(System.nanoTime() - t0).toMillis());
        assertEquals(List.of(killed.scratch, duringRestore, reusedPid).stream().sorted().toList(),
                cleaned.stream().map(StaleDrill::scratchDirectory).sorted().toList(), cleaned.toString());
        assertTrue(cleaned.stream().allMatch(StaleDrill::removed), cleaned.toString());
        assertGone(killed);
        assertFalse(Files.exists(duringRestore));
        assertFalse(Files.exists(reusedPid));
        assertTrue(Files.isDirectory(live) && Files.isDirectory(kept), "a live or kept drill is left alone");
        assertEquals(List.of(), pgbr.cleanStaleDrills(drills), "nothing left to clean");
    }

    @Test
    void sigtermDuringRecoveryRecordsAnInterruptedDrillThatGovernanceCountsNeitherWay() throws Exception {
        Started child = startChildDrill();
        Path scratch = awaitRecoveryWaiting(child);
        long t0 = System.nanoTime();
        child.process.destroy(); // SIGTERM, as systemd, Kubernetes or a CI runner stopping the build
        assertTrue(child.process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS), "child JVM exits");
        System.out.printf("INTERRUPTED-DRILL SIGTERM to JVM exit: %d ms%n", Duration.ofNanos(System.nanoTime() - t0).toMillis());

        JsonNode json = new ObjectMapper().readTree(reports.resolve("pitr-drill-report.json").toFile());
        assertEquals("INTERRUPTED", json.path("status").asText(), child.output());
        String failure = json.path("failure").asText();
        assertTrue(failure.startsWith("interrupted during recovery: the JVM is shutting down (SIGTERM"), failure);
        JsonNode recovery = json.path("checks").get(2);
        assertEquals("recovery", recovery.path("name").asText());
        assertEquals("INTERRUPTED", recovery.path("status").asText());
        String xml = Files.readString(reports.resolve("TEST-pitr-restore-drill.xml"));
        assertTrue(xml.contains("failures=\"0\" errors=\"1\""), xml);
        assertTrue(xml.contains("type=\"DrillInterrupted\""), xml);
        assertTrue(Files.readString(reports.resolve("pitr-drill-report.md")).startsWith("# pitr restore drill: INTERRUPTED"));
        try (Stream<Path> h = Files.list(reports.resolve("history"))) {
            Path history = h.findFirst().orElseThrow();
            assertEquals("INTERRUPTED", new ObjectMapper().readTree(history.toFile()).path("status").asText());
        }
        List<AuditEntry> drillsAudited = AuditLog.open(audit).entries().stream()
                .filter(e -> e.operation().equals("restore-drill")).toList();
        assertEquals(List.of(AuditOutcome.INTERRUPTED), drillsAudited.stream().map(AuditEntry::outcome).toList());
        RestoreDrillIT.assertTeardownComplete(scratch);

        HealthReport health = pgbr.healthCheck().reportDirectory(reports).auditLog(AuditLog.open(audit))
                .pgBackRestCheck(false).preflight(false).run();
        RuleResult drillRule = health.results().stream().filter(r -> r.rule().equals("restore-drill")).findFirst()
                .orElseThrow();
        assertFalse(drillRule.message().contains("FAILED"), drillRule.message());
        assertTrue(drillRule.message().contains("was INTERRUPTED and is not counted"), drillRule.message());
        assertEquals(Optional.empty(), health.metrics().lastDrillStatus(), "an interrupted drill is no last status");
    }

    @Test
    void aThreadInterruptDuringRecoveryReturnsAnInterruptedReportAndKeepsTheInterruptFlag() throws Exception {
        AtomicReference<DrillReport> report = new AtomicReference<>();
        AtomicBoolean flagKept = new AtomicBoolean();
        Thread drill = new Thread(() -> {
            report.set(pgbr.restoreDrill().directory(drills).reportDirectory(reports).expectRowCount("t", 1000).run());
            flagKept.set(Thread.currentThread().isInterrupted());
        }, "drill");
        drill.start();
        Path scratch = awaitRecoveryWaiting(null);
        drill.interrupt();
        drill.join(60_000);
        assertFalse(drill.isAlive());
        DrillReport r = report.get();
        assertEquals(DrillStatus.INTERRUPTED, r.status(), () -> r.failure() + " " + r.checks());
        assertEquals("interrupted during recovery: the thread running the drill was interrupted", r.failure().orElseThrow());
        assertEquals(DrillStatus.INTERRUPTED, r.check("recovery").orElseThrow().status());
        DrillCheck notRun = r.check("rowCount:t").orElseThrow();
        assertEquals(DrillStatus.INTERRUPTED, notRun.status());
        assertEquals("not run", notRun.actual());
        assertTrue(flagKept.get(), "the caller still sees it was interrupted");
        RestoreDrillIT.assertTeardownComplete(scratch);
    }

    /** A child JVM's drill killed with SIGKILL while its recovery waits for WAL. */
    private Killed killDuringRecovery() throws Exception {
        Started child = startChildDrill();
        Path scratch = awaitRecoveryWaiting(child);
        long postmaster = Long.parseLong(Files.readAllLines(scratch.resolve("pg/postmaster.pid")).get(0).strip());
        long jvm = kill9(child, postmaster, "postmaster");
        assertTrue(Files.isDirectory(scratch));
        return new Killed(jvm, postmaster, scratch);
    }

    /** Kills the child JVM with SIGKILL; its drill's {@code survivor} (a pid) keeps running. The JVM's pid. */
    private static long kill9(Started child, long survivor, String what) throws InterruptedException {
        long jvm = child.process.pid();
        child.process.destroyForcibly(); // kill -9
        assertTrue(child.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        Thread.sleep(1000);
        assertTrue(ProcessHandle.of(survivor).map(ProcessHandle::isAlive).orElse(false),
                "the killed drill's " + what + " keeps running");
        return jvm;
    }

    private Started startChildDrill() throws IOException {
        return startChildDrill("pgbackrest");
    }

    private Started startChildDrill(String executable) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = work.resolve("child-" + System.nanoTime() + ".log").toFile();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DrillChildMain.class.getName(),
                sandbox.configFile().toString(), sandbox.stanza(), sandbox.user(), drills.toString(), reports.toString(),
                audit.toString(), executable).redirectErrorStream(true).redirectOutput(log).start();
        return new Started(p, log.toPath());
    }

    /**
     * The drill's scratch directory once its clone accepts read-only connections (pg_ctl -w returned: the
     * drill waits for the end of recovery) and recovery waits in archive-get.
     */
    private Path awaitRecoveryWaiting(Started child) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertTrue(child == null || child.process.isAlive(), () -> "the child drill ended: " + child.output());
            try (Stream<Path> s = Files.list(drills)) {
                for (Path scratch : s.filter(p -> p.getFileName().toString().startsWith("pitr-drill-")).toList()) {
                    boolean waiting = ProcessHandle.allProcesses().anyMatch(h -> cmdline(h.pid()).contains("archive-get 0")
                            && cmdline(h.pid()).contains("slow-pgbackrest.sh") && cmdline(h.pid()).contains(scratch.toString()));
                    if (waiting && Files.exists(scratch.resolve("pg/postmaster.pid")) && readable(scratch)) {
                        return scratch;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no drill reached recovery: " + (child == null ? "" : child.output()));
    }

    private static boolean readable(Path scratch) throws IOException {
        Path log = scratch.resolve("server.log");
        return Files.exists(log) && Files.readString(log).contains("ready to accept read-only connections");
    }

    private void assertGone(Killed killed) {
        // (a stopped postmaster stays a zombie until init reaps it; ProcessExit counts that as ended)
        assertTrue(dev.pitr.internal.os.ProcessExit.await(killed.postmaster, Duration.ofSeconds(10)),
                "the stale postmaster is stopped");
        RestoreDrillIT.assertTeardownComplete(killed.scratch);
    }

    private Path fakeDrill(String name, long ownerPid, Instant ownerStartedAt, boolean kept) throws IOException {
        Path dir = Files.createDirectories(drills.resolve(name).resolve("pg"));
        Files.write(dir.resolve("base.dat"), new byte[4096]);
        String boot = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        Files.writeString(dir.getParent().resolve("pitr-drill.json"), "{\"ownerPid\":" + ownerPid + ",\"ownerStartedAt\":\""
                + ownerStartedAt + "\",\"host\":\"" + host + "\",\"bootId\":\"" + boot + "\",\"stanza\":\"faults\","
                + "\"startedAt\":\"" + Instant.now().minusSeconds(60) + "\",\"postmasterPid\":null,\"kept\":" + kept + "}\n");
        return dir.getParent();
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private record Killed(long jvm, long postmaster, Path scratch) {
    }

    private record Started(Process process, Path log) {
        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                return "";
            }
        }
    }
}
