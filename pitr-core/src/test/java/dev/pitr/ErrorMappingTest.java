package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.error.ErrorCode;
import dev.pitr.error.LockHeldException;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.PgBackRestNotInstalledException;
import dev.pitr.error.PgBackRestTimeoutException;
import dev.pitr.error.StanzaMissingException;
import dev.pitr.error.StopFileException;
import dev.pitr.error.VerifyFailedException;
import dev.pitr.operation.BackupType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pgBackRest's exit codes and ERROR/HINT lines become typed exceptions with useful messages. */
class ErrorMappingTest {
    @TempDir
    Path dir;

    private PgBackRest load(FakeRunner runner) throws Exception {
        Path conf = dir.resolve("pgbackrest.conf");
        Files.writeString(conf, "[demo]\n");
        return PgBackRest.configure().allowRoot(true).stanza("demo").configFile(conf).commandRunner(runner).load();
    }

    @Test
    void lockHeldBecomesLockHeldException() throws Exception {
        FakeRunner runner = new FakeRunner().answer("backup", 50, "",
                "ERROR: [050]: unable to acquire lock on file '/tmp/lock/demo-backup.lock': Resource temporarily unavailable",
                "       HINT: is another pgBackRest process running?");
        PgBackRestException e = assertThrows(PgBackRestException.class, () -> load(runner).backup(BackupType.INCR));
        assertInstanceOf(LockHeldException.class, e);
        assertEquals(ErrorCode.LOCK_ACQUIRE, e.errorCode());
        assertEquals(List.of("is another pgBackRest process running?"), e.hints());
        assertTrue(e.getMessage().contains("exit 50"), e.getMessage());
        assertEquals(50, e.command().orElseThrow().exitCode());
    }

    @Test
    void unknownStanzaOnCheckBecomesStanzaMissing() throws Exception {
        FakeRunner runner = new FakeRunner().answer("check", 37, "",
                "P00  ERROR: [037]: check command requires option: pg1-path", "       HINT: does this stanza exist?");
        PgBackRestException e = assertThrows(StanzaMissingException.class, () -> load(runner).check());
        assertEquals(ErrorCode.OPTION_REQUIRED, e.errorCode());
        assertTrue(e.getMessage().contains("stanzaCreate()"), e.getMessage());
    }

    @Test
    void checkBeforeStanzaCreateBecomesStanzaMissingWithContinuationLinesInTheMessage() throws Exception {
        FakeRunner runner = new FakeRunner().answer("check", 55, "",
                "ERROR: [055]: unable to load info file '/repo/archive/demo/archive.info' or '/repo/archive/demo/archive.info.copy':",
                "       FileMissingError: unable to open missing file '/repo/archive/demo/archive.info' for read",
                "       HINT: archive.info cannot be opened but is required to push/get WAL segments.",
                "       HINT: has a stanza-create been performed?");
        PgBackRestException e = assertThrows(StanzaMissingException.class, () -> load(runner).check());
        assertEquals(ErrorCode.FILE_MISSING, e.errorCode());
        assertTrue(e.getMessage().contains("FileMissingError"), e.getMessage());
        assertEquals(2, e.hints().size());
    }

    @Test
    void stopFileBecomesStopFileException() throws Exception {
        FakeRunner runner = new FakeRunner().answer("backup", 62, "", "ERROR: [062]: stop file exists for stanza demo");
        PgBackRestException e = assertThrows(StopFileException.class, () -> load(runner).backup(BackupType.FULL));
        assertTrue(e.getMessage().contains("start()"), e.getMessage());
    }

    @Test
    void archiveTimeoutKeepsItsCode() throws Exception {
        FakeRunner runner = new FakeRunner().answer("check", 82, "",
                "ERROR: [082]: WAL segment 000000010000000000000001 was not archived before the 60000ms timeout");
        PgBackRestException e = assertThrows(PgBackRestException.class, () -> load(runner).check());
        assertEquals(ErrorCode.ARCHIVE_TIMEOUT, e.errorCode());
        assertTrue(e.getMessage().contains("was not archived"), e.getMessage());
    }

    @Test
    void aCodeOutsideTheTableIsUnknownAndAnExitWithoutErrorLineKeepsTheExitCode() throws Exception {
        assertEquals(ErrorCode.UNKNOWN, ErrorCode.of(7));
        FakeRunner runner = new FakeRunner().answer("check", 124, "");
        PgBackRestException e = assertThrows(PgBackRestException.class, () -> load(runner).check());
        assertEquals(ErrorCode.UNHANDLED, e.errorCode());
        assertTrue(e.getMessage().contains("no ERROR line"), e.getMessage());
    }

    @Test
    void aKilledCommandBecomesATimeoutNamingTheSetting() throws Exception {
        FakeRunner runner = new FakeRunner().timeout("backup");
        PgBackRestTimeoutException e = assertThrows(PgBackRestTimeoutException.class, () -> load(runner).backup(BackupType.FULL));
        assertTrue(e.getMessage().contains("Operation.BACKUP"), e.getMessage());
    }

    @Test
    void verifyThatPrintsStatusErrorFailsAlthoughItExitedZero() throws Exception {
        FakeRunner runner = new FakeRunner().answer("verify", 0, "",
                "P00   INFO: stanza: demo", "P00   INFO: status: error", "    archiveId: 15-1, total WAL checked: 5, total valid WAL: 4",
                "      missing: 0, checksum invalid: 1, size invalid: 0, other: 0");
        VerifyFailedException e = assertThrows(VerifyFailedException.class, () -> load(runner).verify());
        assertTrue(e.getMessage().contains("checksum invalid: 1"), e.getMessage());
    }

    @Test
    void tooOldOrMissingPgBackRestFailsAtLoadWithAnInstallHint() throws Exception {
        FakeRunner old = new FakeRunner().answer("version", 0, "pgBackRest 2.40\n");
        PgBackRestNotInstalledException e = assertThrows(PgBackRestNotInstalledException.class, () -> load(old));
        assertTrue(e.getMessage().contains("older than the supported 2.45"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install pgbackrest"), e.getMessage());
    }
}
