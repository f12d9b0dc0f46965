package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.error.ErrorCode;
import dev.pitr.error.LockHeldException;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.PgBackRestNotInstalledException;
import dev.pitr.error.StanzaMissingException;
import dev.pitr.error.StopFileException;
import dev.pitr.error.VerifyFailedException;
import dev.pitr.info.StanzaInfo;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.operation.ExpireResult;
import dev.pitr.operation.VerifyResult;
import dev.pitr.sandbox.SandboxCluster;
import dev.pitr.sandbox.SandboxExtension;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real pgBackRest 2.45 against a real sandbox: each failure becomes the typed error a caller can act on.
 * The tests share one sandbox and run in order (missing stanza first, corrupted archive last).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationFailuresIT {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.of(
            SandboxCluster.builder().stanza("failures").configure(c -> c.globalOption("job-retry", "0"))).withoutStanza();

    static SandboxCluster sandbox;
    static PgBackRest pgbr;

    @BeforeAll
    static void start() {
        // job-retry=0: verify must not wait 15 s to retry the file the test corrupts on purpose.
        sandbox = SANDBOX.cluster();
        pgbr = sandbox.pgBackRest();
    }

    @Test
    @Order(1)
    void beforeStanzaCreateInfoReportsAMissingStanzaAndCheckThrowsStanzaMissing() {
        StanzaInfo info = pgbr.stanzaInfo();
        assertTrue(info.status().stanzaMissing(), info.status().toString());
        StanzaMissingException e = assertThrows(StanzaMissingException.class, () -> pgbr.check());
        assertTrue(e.getMessage().contains("stanzaCreate()"), e.getMessage());
    }

    @Test
    @Order(2)
    void aStanzaNameTheConfigurationDoesNotKnowIsStanzaMissing() {
        PgBackRest other = PgBackRest.configure().stanza("nope").configFile(sandbox.configFile()).runAs(sandbox.user()).load();
        assertTrue(other.stanzaInfo().status().stanzaMissing());
        StanzaMissingException e = assertThrows(StanzaMissingException.class, other::check);
        assertEquals(ErrorCode.OPTION_REQUIRED, e.errorCode());
        assertTrue(e.getMessage().contains("does this stanza exist?"), e.getMessage());
    }

    @Test
    @Order(3)
    void aSecondConcurrentBackupOfTheSameRepositoryFailsWithLockHeld() throws Exception {
        pgbr.stanzaCreate();
        // pgBackRest 2.53+ runs backups of different repositories side by side: both name repo1. The lock is
        // watched through info (status.lock.backup.held), whose lock file names differ between releases.
        CompletableFuture<BackupResult> first = CompletableFuture.supplyAsync(() -> pgbr.backup().type(BackupType.FULL)
                .repo(1).run());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!pgbr.stanzaInfo().backupLockHeld() && !first.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertFalse(first.isDone(), "the first backup was still running when the second started");
        LockHeldException e = assertThrows(LockHeldException.class, () -> pgbr.backup().type(BackupType.INCR).repo(1).run());
        assertEquals(ErrorCode.LOCK_ACQUIRE, e.errorCode());
        assertTrue(first.get(60, TimeUnit.SECONDS).label().endsWith("F"));
    }

    @Test
    @Order(4)
    void aStopFileBlocksBackupsUntilStart() {
        pgbr.stop();
        try {
            StopFileException e = assertThrows(StopFileException.class, () -> pgbr.backup(BackupType.INCR));
            assertEquals(ErrorCode.STOP, e.errorCode());
        } finally {
            pgbr.start();
        }
        assertEquals(BackupType.INCR, pgbr.backup(BackupType.INCR).type());
    }

    @Test
    @Order(5)
    void expireDryRunNamesWhatWouldGoAndRemovesNothing() {
        ExpireResult dry = pgbr.expire().dryRun().run();
        assertTrue(dry.dryRun());
        assertEquals(2, pgbr.stanzaInfo().backups().size(), "a dry run removes nothing");
    }

    @Test
    @Order(6)
    void verifyPassesOnAHealthyRepository() {
        VerifyResult result = pgbr.verify();
        assertFalse(result.lines().isEmpty());
    }

    @Test
    @Order(7)
    void verifyFailsOnACorruptedWalFileAlthoughPgBackRestExitsZero() throws IOException {
        Path wal = newestArchivedWal();
        try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
            f.seek(Math.min(64, f.length() - 8));
            f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
        VerifyFailedException e = assertThrows(VerifyFailedException.class, () -> pgbr.verify());
        assertFalse(e.findings().isEmpty());
        assertTrue(e.getMessage().contains("verify found problems"), e.getMessage());
    }

    private static Path newestArchivedWal() throws IOException {
        try (Stream<Path> s = Files.walk(sandbox.repositoryPath().resolve("archive"))) {
            return s.filter(p -> p.getFileName().toString().matches("[0-9A-F]{24}-.*"))
                    .max(java.util.Comparator.comparing(p -> p.getFileName().toString())).orElseThrow();
        }
    }

    @Test
    @Order(8)
    void aBrokenArchiveCommandFailsCheckWithArchiveTimeout() {
        // Looks like a pgBackRest archive_command but cannot push: the config file does not exist.
        try (SandboxCluster broken = SandboxCluster.builder().stanza("broken")
                .archiveCommand("pgbackrest --config=/nonexistent/pgbackrest.conf --stanza=broken archive-push %p")
                .configure(c -> c.globalOption("archive-timeout", "3")).start()) {
            broken.pgBackRest().stanzaCreate();
            PgBackRestException e = assertThrows(PgBackRestException.class, () -> broken.pgBackRest().check());
            assertEquals(ErrorCode.ARCHIVE_TIMEOUT, e.errorCode());
            assertTrue(e.getMessage().contains("was not archived before the 3000ms timeout"), e.getMessage());
        }
    }

    @Test
    @Order(9)
    void anArchiveCommandThatIsNotPgBackRestIsReportedAsSuch() {
        try (SandboxCluster broken = SandboxCluster.builder().stanza("foreign").archiveCommand("/bin/true").start()) {
            broken.pgBackRest().stanzaCreate();
            PgBackRestException e = assertThrows(PgBackRestException.class, () -> broken.pgBackRest().check());
            assertEquals(ErrorCode.ARCHIVE_COMMAND_INVALID, e.errorCode());
        }
    }

    @Test
    @Order(10)
    void pgBackRestMissingFromPathFailsAtLoadWithAnInstallHint() {
        PgBackRestNotInstalledException e = assertThrows(PgBackRestNotInstalledException.class,
                () -> PgBackRest.configure().stanza("failures").configFile(sandbox.configFile())
                        .executable("/nonexistent/bin/pgbackrest").load());
        assertTrue(e.getMessage().contains("apt-get install pgbackrest"), e.getMessage());
        PgBackRestNotInstalledException notOnPath = assertThrows(PgBackRestNotInstalledException.class,
                () -> PgBackRest.configure().stanza("failures").configFile(sandbox.configFile()).runAs(sandbox.user())
                        .executable("pgbackrest-not-on-path").load());
        assertTrue(notOnPath.getMessage().contains("install pgBackRest 2.45 or newer"), notOnPath.getMessage());
    }
}
