package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Repository;
import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.info.StanzaStatus;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.operation.BackupType;
import dev.pitr.operation.CommandResult;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.restore.RestoreInterlock;
import dev.pitr.restore.RestorePlan;
import dev.pitr.restore.TargetAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restore argv building, backup-set prediction and interlocks, with a fake runner (no pgBackRest runs). */
class RestoreRequestTest {
    private static final Instant FULL_STOP = Instant.parse("2026-02-24T10:00:00Z");
    private static final Instant INCR_STOP = Instant.parse("2026-02-24T11:00:00Z");
    private static final Instant NOW = Instant.parse("2026-02-24T12:00:00Z");

    @TempDir
    Path dir;
    PgBackRest pgbr;
    Path production;
    final List<List<String>> ran = new ArrayList<>();

    @BeforeEach
    void load() {
        production = dir.resolve("prod");
        pgbr = PgBackRest.configure().allowRoot(true).stanza("main").repository(Repository.posix(dir.resolve("repo")))
                .pgPath(production).renderConfigTo(dir.resolve("pgbackrest.conf"))
                .commandRunner(spec -> {
                    ran.add(spec.argv());
                    return new ProcessOutput(new CommandResult(spec.argv(), 0, Duration.ZERO, List.of("pgBackRest 2.45")),
                            "pgBackRest 2.45\n", false);
                }).load();
        ran.clear();
    }

    @Test
    void everyOptionBecomesOneArgumentInAStableOrder() {
        List<String> options = pgbr.restore()
                .target(RecoveryTarget.time(Instant.parse("2026-02-24T10:30:00Z")))
                .targetAction(TargetAction.PROMOTE).exclusive().timeline("current").set("20260224-100000F")
                .delta().force().dbInclude("app").dbExclude("scratch").tablespaceMapAll(Path.of("/srv/ts"))
                .linkMap("pg_wal", Path.of("/srv/wal")).recoveryOption("primary_conninfo", "host=x")
                .processMax(3).repo(2).pgPath(Path.of("/srv/restore")).archiveModeOff().options();
        assertEquals(List.of("--pg1-path=/srv/restore", "--type=time", "--target=2026-02-24 10:30:00.000000+00",
                "--target-action=promote", "--target-exclusive", "--target-timeline=current", "--set=20260224-100000F",
                "--delta", "--force", "--db-include=app", "--db-exclude=scratch", "--tablespace-map-all=/srv/ts",
                "--link-map=pg_wal=/srv/wal", "--recovery-option=primary_conninfo=host=x", "--process-max=3", "--repo=2",
                "--archive-mode=off"), options);
        assertTrue(ran.isEmpty(), "building options runs nothing");
    }

    @Test
    void latestSendsNoTypeAndProcessMaxDefaultsToTheCores() {
        List<String> options = pgbr.restore().pgPath(Path.of("/srv/restore")).options();
        assertEquals(List.of("--pg1-path=/srv/restore", "--process-max=" + Runtime.getRuntime().availableProcessors()),
                options);
        assertEquals(List.of("--pg1-path=/srv/restore", "--type=name", "--target=before_d", "--process-max=1"),
                pgbr.restore().target(RecoveryTarget.name("before_d")).pgPath(Path.of("/srv/restore")).processMax(1)
                        .options());
    }

    @Test
    void planPredictsTheBackupSetLikePgBackRest() {
        Path dest = dir.resolve("new");
        assertEquals("F", plan(pgbr.restore().target(RecoveryTarget.time(FULL_STOP.plusSeconds(60))).pgPath(dest))
                .backupSet().orElseThrow());
        assertEquals("F_I", plan(pgbr.restore().target(RecoveryTarget.time(INCR_STOP.plusSeconds(60))).pgPath(dest))
                .backupSet().orElseThrow());
        assertEquals("F_I", plan(pgbr.restore().target(RecoveryTarget.xid("9")).pgPath(dest)).backupSet().orElseThrow());
        assertEquals("F", plan(pgbr.restore().set("F").pgPath(dest)).backupSet().orElseThrow());
        RestorePlan p = plan(pgbr.restore().targetAction(TargetAction.PROMOTE).target(RecoveryTarget.immediate()).pgPath(dest));
        assertTrue(p.allowed(), p.describe());
        assertEquals("pgbackrest", p.argv().get(0));
        assertEquals("restore", p.argv().get(p.argv().size() - 1));
        assertTrue(p.argv().contains("--stanza=main"));
        assertTrue(ran.isEmpty(), "a plan from given info runs nothing");
        assertFalse(Files.exists(dest));
    }

    @Test
    void timeTargetsOutsideTheWindowAreRefusedWithTheWindowPrinted() {
        Path dest = dir.resolve("new");
        RestorePlan before = plan(pgbr.restore().target(RecoveryTarget.time(FULL_STOP.minusSeconds(1))).pgPath(dest));
        RestoreInterlock refusal = before.refusals().get(0);
        assertEquals("target-window", refusal.name());
        assertEquals(Setting.TARGET, refusal.setting().orElseThrow());
        assertTrue(refusal.message().contains("before the earliest backup stop"), refusal.message());
        assertTrue(refusal.message().contains("2026-02-24T10:00:00Z"), refusal.message());
        RestorePlan future = plan(pgbr.restore().target(RecoveryTarget.time(NOW.plusSeconds(5))).pgPath(dest));
        assertTrue(future.refusals().get(0).message().contains("in the future"));
        RestorePlan beforeSet = plan(pgbr.restore().set("F_I").target(RecoveryTarget.time(INCR_STOP.minusSeconds(5)))
                .pgPath(dest));
        assertTrue(beforeSet.refusals().get(0).message().contains("before the stop time"), beforeSet.describe());
        RestorePlan missingSet = plan(pgbr.restore().set("nope").pgPath(dest));
        assertEquals(Setting.RESTORE_SET, missingSet.refusals().get(0).setting().orElseThrow());
    }

    @Test
    void theProductionPathNeedsTheStanzaNameRepeated() throws IOException {
        RestorePlan refused = plan(pgbr.restore());
        assertEquals("production-path", refused.refusals().get(0).name());
        assertTrue(refused.refusals().get(0).fix().orElseThrow().contains("confirmInPlace(\"main\")"));
        assertEquals(1, plan(pgbr.restore().confirmInPlace("other")).refusals().size());
        assertTrue(plan(pgbr.restore().confirmInPlace("main")).allowed());
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> dev.pitr.internal.restore.RestoreExecutor.execute(pgbr.invoker(), plan(pgbr.restore())));
        assertEquals(Setting.RESTORE_CONFIRM_IN_PLACE, e.setting());
        assertTrue(e.getMessage().contains("fix: restore somewhere else"), e.getMessage());
    }

    @Test
    void aNonEmptyDirectoryNeedsDeltaOrForceAndALivePostmasterIsAlwaysRefused() throws IOException {
        Path busy = Files.createDirectories(dir.resolve("busy"));
        Files.writeString(busy.resolve("PG_VERSION"), "15\n");
        assertEquals(Setting.RESTORE_DELTA, plan(pgbr.restore().pgPath(busy)).refusals().get(0).setting().orElseThrow());
        assertTrue(plan(pgbr.restore().pgPath(busy).delta()).allowed());
        assertTrue(plan(pgbr.restore().pgPath(busy).force()).allowed());
        Files.writeString(busy.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + busy + "\n");
        RestorePlan live = plan(pgbr.restore().pgPath(busy).delta());
        assertEquals("live-postmaster", live.refusals().get(0).name());
        Files.writeString(busy.resolve("postmaster.pid"), "999999999\n");
        assertTrue(plan(pgbr.restore().pgPath(busy).delta()).allowed(), "a stale pid file is no live server");
    }

    @Test
    void optionsThatDoNotFitTheTargetAreRefused() {
        Path dest = dir.resolve("new");
        assertEquals(Setting.TARGET_ACTION, plan(pgbr.restore().targetAction(TargetAction.PROMOTE).pgPath(dest))
                .refusals().get(0).setting().orElseThrow());
        assertEquals(Setting.TARGET_EXCLUSIVE, plan(pgbr.restore().target(RecoveryTarget.name("x")).exclusive().pgPath(dest))
                .refusals().get(0).setting().orElseThrow());
        assertThrows(PitrConfigurationException.class, () -> pgbr.restore().recoveryOption("recovery_target_time", "x"));
        assertThrows(PitrConfigurationException.class, () -> pgbr.restore().processMax(0));
        assertEquals(Setting.RESTORE_PG_PATH, assertThrows(PitrConfigurationException.class,
                () -> pgbr.restore().pgPath(Path.of("relative")).options()).setting());
    }

    @Test
    void aParentAChildOrASymlinkOfTheProductionDirectoryIsRefusedEvenWithConfirmation() throws IOException {
        Files.createDirectories(production);
        Path link = Files.createSymbolicLink(dir.resolve("prod-link"), production);
        for (Path dest : List.of(dir, production.resolve("sub"))) {
            RestorePlan p = plan(pgbr.restore().pgPath(dest).force().confirmInPlace("main"));
            assertEquals("production-path", p.refusals().get(0).name(), dest.toString());
            assertTrue(p.refusals().get(0).message().contains("overlaps"), p.refusals().get(0).message());
        }
        RestorePlan viaLink = plan(pgbr.restore().pgPath(link));
        assertEquals("production-path", viaLink.refusals().get(0).name());
        assertEquals(Setting.RESTORE_CONFIRM_IN_PLACE, viaLink.refusals().get(0).setting().orElseThrow());
    }

    @Test
    void theProductionDirectoryIsKnownFromAnExistingConfigFileToo() throws IOException {
        Path conf = Files.writeString(dir.resolve("existing.conf"), "[global]\nrepo1-path=" + dir.resolve("repo")
                + "\n\n[main]\npg1-path=" + production + "\npg1-port=5433\n");
        PgBackRest fromFile = PgBackRest.configure().allowRoot(true).stanza("main").configFile(conf)
                .commandRunner(spec -> new ProcessOutput(new CommandResult(spec.argv(), 0, Duration.ZERO, List.of()),
                        "pgBackRest 2.45\n", false)).load();
        assertEquals(Optional.of(production), fromFile.configuration().pgPath());
        assertEquals(Optional.of(5433), fromFile.configuration().pgPort());
        RestorePlan p = fromFile.restore().pgPath(production).force().plan(info(), NOW);
        assertEquals("production-path", p.refusals().get(0).name());
    }

    @Test
    void aRecoveryOptionCarryingAPasswordIsRefusedBecauseItWouldReachTheCommandLine() {
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> pgbr.restore().recoveryOption("primary_conninfo", "host=db user=rep password=hunter2"));
        assertTrue(e.getMessage().contains("passfile"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    private RestorePlan plan(RestoreRequest request) {
        return request.plan(info(), NOW);
    }

    private static StanzaInfo info() {
        return new StanzaInfo("main", new StanzaStatus(0, "ok"), false, Optional.of("none"), List.of(), List.of(),
                List.of(), List.of(backup("F", BackupType.FULL, FULL_STOP), backup("F_I", BackupType.INCR, INCR_STOP)));
    }

    private static BackupInfo backup(String label, BackupType type, Instant stop) {
        return new BackupInfo(label, type, Optional.empty(), List.of(), stop.minusSeconds(30), stop, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 1, 1, 1, 1, Optional.of(false), Map.of(), 1, 1, "2.45");
    }
}
