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
import dev.pitr.internal.os.RunAs;
import dev.pitr.operation.BackupType;
import dev.pitr.operation.CommandResult;
import dev.pitr.restore.IsolatedCluster;
import dev.pitr.restore.Isolation;
import dev.pitr.restore.RestoreInterlock;
import dev.pitr.restore.RestorePlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore a person starts beside production: isolated on request, a warning otherwise, writable destination. */
class IsolatedRestorePlanTest {
    static final Instant NOW = Instant.parse("2026-02-24T12:00:00Z");

    @TempDir
    Path dir;
    PgBackRest pgbr;
    Path production;

    @BeforeEach
    void load() {
        production = dir.resolve("prod");
        pgbr = PgBackRest.configure().stanza("main").repository(Repository.posix(dir.resolve("repo")))
                .pgPath(production).pgPort(5433).renderConfigTo(dir.resolve("pgbackrest.conf")).allowRoot(true)
                .commandRunner(spec -> new ProcessOutput(new CommandResult(spec.argv(), 0, Duration.ZERO,
                        List.of("pgBackRest 2.45")), "pgBackRest 2.45\n", false)).load();
    }

    @Test
    void anIsolatedCopyNeverArchivesListensOnItsOwnPortAndSocketAndFollowsNoPrimary() {
        Path copy = dir.resolve("copy");
        RestorePlan plan = pgbr.restore().pgPath(copy).isolated(Isolation.defaults().port(55444)).plan(info(), NOW);
        assertTrue(plan.allowed(), plan.describe());
        IsolatedCluster c = plan.isolation().orElseThrow();
        assertEquals(55444, c.port());
        assertEquals(copy.resolve("pitr-socket"), c.socketDirectory());
        assertEquals("'off'", c.settings().get("archive_mode"));
        assertEquals("''", c.settings().get("archive_command"));
        assertEquals("''", c.settings().get("listen_addresses"));
        assertEquals("''", c.settings().get("primary_conninfo"));
        assertEquals("'" + copy.resolve("pitr-socket") + "'", c.settings().get("unix_socket_directories"));
        assertEquals(List.of(), plan.warnings());
        assertTrue(plan.describe().contains("isolated:   port 55444"), plan.describe());
        assertTrue(pgbr.restore().pgPath(copy).isolated().plan(info(), NOW).isolation().orElseThrow().port() > 0,
                "a free port when none is given");
        assertEquals("'localhost'", pgbr.restore().pgPath(copy).isolated(Isolation.defaults().listenAddresses("localhost"))
                .plan(info(), NOW).isolation().orElseThrow().settings().get("listen_addresses"));
    }

    @Test
    void withoutIsolationACopyGetsAWarningSayingWhatProductionsSettingsWillDo() {
        RestorePlan plan = pgbr.restore().pgPath(dir.resolve("copy")).plan(info(), NOW);
        assertTrue(plan.allowed());
        assertEquals(1, plan.warnings().size());
        String w = plan.warnings().get(0);
        assertTrue(w.contains("archive_command with archive_mode=on"), w);
        assertTrue(w.contains("production's port 5433"), w);
        assertTrue(w.contains("-Dpitr.restore.isolated=true"), w);
        assertEquals(List.of(), pgbr.restore().pgPath(production).confirmInPlace("main").plan(info(), NOW).warnings(),
                "restoring production itself warns of nothing");
    }

    @Test
    void theProductionDirectoryCannotBeIsolatedAndBadIsolationSettingsNameTheirSetting() {
        RestorePlan plan = pgbr.restore().pgPath(production).confirmInPlace("main").isolated().plan(info(), NOW);
        RestoreInterlock refused = plan.refusals().get(0);
        assertEquals("isolation", refused.name());
        assertEquals(Setting.RESTORE_ISOLATED, refused.setting().orElseThrow());
        assertEquals(Setting.RESTORE_PORT, assertThrows(PitrConfigurationException.class,
                () -> Isolation.defaults().port(70000)).setting());
        assertEquals(Setting.RESTORE_LISTEN_ADDRESSES, assertThrows(PitrConfigurationException.class,
                () -> Isolation.defaults().listenAddresses("x'; drop")).setting());
    }

    @Test
    void aDestinationTheRunAsUserCannotCreateIsRefusedBeforePgBackRestRuns() throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        RestorePlan ok = pgbr.restore().pgPath(dir.resolve("new/deeper/copy")).plan(info(), NOW);
        assertTrue(ok.interlocks().stream().anyMatch(i -> i.name().equals("destination-writable") && i.passed()
                && i.message().contains("will be created in " + dir)), ok.describe());
        // Runs as root on CI too: with a run-as user other than the current one the check is `test -d -w -x` run
        // as that user (DestinationAccess); the scripted runner answers it with exit 1 for the locked directory.
        // When the current user is postgres the check is local, and the r-x mode refuses it in the same way.
        List<List<String>> tests = new ArrayList<>();
        PgBackRest asPostgres = PgBackRest.configure().stanza("main").repository(Repository.posix(dir.resolve("repo")))
                .pgPath(production).pgPort(5433).renderConfigTo(dir.resolve("pgbackrest-postgres.conf"))
                .runAs("postgres").commandRunner(spec -> {
                    if (spec.argv().get(0).equals("test")) {
                        tests.add(spec.argv());
                        boolean lockedDir = spec.argv().contains(locked.toString());
                        return new ProcessOutput(new CommandResult(spec.argv(), lockedDir ? 1 : 0, Duration.ZERO,
                                List.of()), "", false);
                    }
                    return new ProcessOutput(new CommandResult(spec.argv(), 0, Duration.ZERO,
                            List.of("pgBackRest 2.45")), "pgBackRest 2.45\n", false);
                }).load();
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            RestorePlan refused = asPostgres.restore().pgPath(locked.resolve("copy")).plan(info(), NOW);
            assertFalse(refused.allowed(), refused.describe());
            RestoreInterlock refusal = refused.refusals().get(0);
            assertEquals("destination-writable", refusal.name(), refused.describe());
            assertEquals(Setting.RESTORE_PG_PATH, refusal.setting().orElseThrow());
            assertTrue(refusal.message().contains("[047]"), refused.describe());
            assertTrue(refusal.message().contains("postgres (the user pgBackRest runs as) cannot write"),
                    refused.describe());
            if (!RunAs.currentUser().equals("postgres")) {
                assertEquals(List.of(List.of("test", "-d", locked.toString(), "-a", "-w", locked.toString(), "-a",
                        "-x", locked.toString())), tests, "the check ran as the run-as user, through the runner");
            }
            RestorePlan writable = asPostgres.restore().pgPath(dir.resolve("other/copy")).plan(info(), NOW);
            assertTrue(writable.interlocks().stream().anyMatch(i -> i.name().equals("destination-writable")
                    && i.passed() && i.message().contains("writable by postgres")), writable.describe());
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static StanzaInfo info() {
        Instant stop = NOW.minusSeconds(3600);
        BackupInfo full = new BackupInfo("F", BackupType.FULL, Optional.empty(), List.of(), stop.minusSeconds(30), stop,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 1, 1, 1, 1, Optional.of(false),
                Map.of(), 1, 1, "2.45");
        return new StanzaInfo("main", new StanzaStatus(0, "ok"), false, Optional.of("none"), List.of(), List.of(),
                List.of(), List.of(full));
    }
}
