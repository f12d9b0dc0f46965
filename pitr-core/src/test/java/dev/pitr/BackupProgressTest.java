package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Setting;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.info.LockProgress;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.operation.CommandResult;
import dev.pitr.operation.Operation;
import dev.pitr.operation.OperationProgress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress listener is fed from info's lock while the backup command runs, only on releases whose info has
 * the fields. The real path (a backup of a few hundred MB on pgBackRest 2.55) is BackupProgressIT; this pins the
 * edge cases a real server does not produce on demand (exact figures, a release without them, a failing poll).
 */
class BackupProgressTest {
    @TempDir
    Path dir;

    private static String fixture(String name) {
        try (InputStream in = BackupProgressTest.class.getResourceAsStream("/info/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** pgBackRest as a script: version, a backup that runs for a while, and info before, during and after it. */
    private static final class ScriptedRelease implements CommandRunner {
        final String version;
        final AtomicBoolean backupRunning = new AtomicBoolean();
        final AtomicBoolean backupDone = new AtomicBoolean();
        final AtomicInteger infoCalls = new AtomicInteger();
        String duringBackup;

        ScriptedRelease(String version, String duringBackup) {
            this.version = version;
            this.duringBackup = duringBackup;
        }

        @Override
        public ProcessOutput run(CommandSpec spec) {
            String command = spec.argv().get(spec.argv().size() - 1);
            String stdout = "";
            int exit = 0;
            switch (command) {
                case "version" -> stdout = "pgBackRest " + version + "\n";
                case "backup" -> {
                    backupRunning.set(true);
                    sleep(1200);
                    backupRunning.set(false);
                    backupDone.set(true);
                }
                case "info" -> {
                    infoCalls.incrementAndGet();
                    if (backupRunning.get()) {
                        stdout = duringBackup;
                        exit = duringBackup.isEmpty() ? 1 : 0;
                    } else {
                        stdout = fixture("pgbackrest-" + version + "-info-" + (backupDone.get() ? "two-fulls"
                                : "full-incr-annotated") + ".json");
                    }
                }
                default -> { }
            }
            return new ProcessOutput(new CommandResult(spec.argv(), exit, Duration.ofMillis(1), List.of()), stdout, false);
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private PgBackRest load(CommandRunner runner) throws IOException {
        Path conf = Files.writeString(dir.resolve("pgbackrest.conf"), "[compat]\n");
        return PgBackRest.configure().allowRoot(true).stanza("compat").configFile(conf).commandRunner(runner).load();
    }

    @Test
    void aRunningBackupReportsTheBytesOfItsLock() throws IOException {
        ScriptedRelease release = new ScriptedRelease("2.54.2", fixture("pgbackrest-2.54.2-info-backup-progress.json"));
        List<OperationProgress> seen = new CopyOnWriteArrayList<>();
        BackupResult result = load(release).backup().type(BackupType.FULL).progress(seen::add, Duration.ofMillis(100)).run();
        assertEquals("20261201-100458F", result.label());
        assertFalse(seen.isEmpty(), "at least one reading while the backup ran");
        assertEquals(1, seen.size(), "unchanged readings are reported once: " + seen);
        OperationProgress p = seen.get(0);
        assertEquals(Operation.BACKUP, p.operation());
        assertEquals("compat", p.stanza());
        assertEquals(new LockProgress(426366590, 422630649), p.bytes());
        assertEquals(99, p.percent());
        assertTrue(p.elapsed().compareTo(Duration.ofMillis(100)) >= 0, p.elapsed().toString());
    }

    @Test
    void aReleaseWithoutProgressFieldsIsNotPolledAndReportsNothing() throws IOException {
        ScriptedRelease release = new ScriptedRelease("2.45", fixture("pgbackrest-2.45-info-backup-running.json"));
        List<OperationProgress> seen = new CopyOnWriteArrayList<>();
        load(release).backup().type(BackupType.FULL).progress(seen::add, Duration.ofMillis(100)).run();
        assertTrue(seen.isEmpty());
        assertEquals(2, release.infoCalls.get(), "only the backup's own info before and after");
    }

    @Test
    void aFailingPollOrAListenerThatThrowsNeverFailsTheBackup() throws IOException {
        ScriptedRelease failing = new ScriptedRelease("2.54.2", "");
        load(failing).backup().type(BackupType.FULL).progress(p -> { }, Duration.ofMillis(100)).run();
        assertTrue(failing.infoCalls.get() > 2, "it polled");

        ScriptedRelease ok = new ScriptedRelease("2.54.2", fixture("pgbackrest-2.54.2-info-backup-progress.json"));
        BackupResult r = load(ok).backup().type(BackupType.FULL).progress(p -> {
            throw new IllegalStateException("listener bug");
        }, Duration.ofMillis(100)).run();
        assertEquals("20261201-100458F", r.label());
    }

    @Test
    void aPollIntervalUnder100msIsRefused() throws IOException {
        PgBackRest pgbr = load(new ScriptedRelease("2.54.2", ""));
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class,
                () -> pgbr.backup().progress(p -> { }, Duration.ofMillis(10)));
        assertEquals(Setting.BACKUP_PROGRESS, e.setting());
    }
}
