package dev.pitr.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.LockProgress;
import dev.pitr.info.RepoLockProgress;
import dev.pitr.info.RestoreLock;
import dev.pitr.info.StanzaInfo;
import dev.pitr.operation.BackupType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real {@code info --output=json} of pgBackRest 2.45 (Debian 12), 2.54.2 and 2.59.1 (built from their tags),
 * captured in each state pitr meets, parse to what they show.
 */
class InfoFixturesTest {
    private final InfoJsonParser parser = new InfoJsonParser();

    private static String fixture(String version, String state) throws IOException {
        String name = "/info/fixtures/pgbackrest-" + version + "-info-" + state + ".json";
        try (InputStream in = InfoFixturesTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private StanzaInfo stanza(String version, String state, String name) throws IOException {
        return parser.parse(fixture(version, state)).stanza(name).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.45", "2.54.2", "2.59.1"})
    void aFullAndAnIncrementalKeepTheirAnnotationsAndTheLockIsFree(String version) throws IOException {
        StanzaInfo s = stanza(version, "full-incr-annotated", "compat");
        assertTrue(s.status().ok());
        assertFalse(s.backupLockHeld());
        assertEquals(Optional.empty(), s.backupLock().progress());
        assertEquals(2, s.backups().size());
        BackupInfo full = s.backups().get(0);
        BackupInfo incr = s.backups().get(1);
        assertEquals(BackupType.FULL, full.type());
        assertEquals(Map.of("owner", "compat", "ticket", "C-1"), full.annotations());
        assertEquals(BackupType.INCR, incr.type());
        assertEquals(Map.of("reviewed", "yes"), incr.annotations());
        assertEquals(full.label(), incr.prior().orElseThrow());
        assertEquals(version, incr.pgBackRestVersion());
        // status.lock.restore exists from 2.56 on, as {"held":false} when no restore runs.
        assertEquals(version.equals("2.59.1") ? Optional.of(new RestoreLock(false, Optional.empty())) : Optional.empty(),
                s.restoreLock());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.45", "2.54.2", "2.59.1"})
    void aRunningBackupHoldsTheLockBeforeItKnowsItsSize(String version) throws IOException {
        StanzaInfo s = stanza(version, "backup-running", "compat");
        assertTrue(s.backupLockHeld());
        assertEquals(Optional.empty(), s.backupLock().progress(), "no size yet (and none at all before 2.48)");
        assertEquals(List.of(), s.backupLock().repos());
        assertFalse(s.restoreLockHeld());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.45", "2.54.2", "2.59.1"})
    void twoFullsAreBothListedOldestFirst(String version) throws IOException {
        StanzaInfo s = stanza(version, "two-fulls", "compat");
        assertEquals(2, s.fullBackups().size());
        assertEquals(3, s.backups().size());
        assertEquals(s.fullBackups().get(1), s.latestFull().orElseThrow());
        assertTrue(s.fullBackups().get(1).annotations().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.45", "2.54.2", "2.59.1"})
    void aStanzaThatWasNeverCreatedIsMissingNotAnError(String version) throws IOException {
        StanzaInfo s = stanza(version, "missing-stanza", "compat");
        assertTrue(s.status().stanzaMissing());
        assertTrue(s.backups().isEmpty());
        assertFalse(s.backupLockHeld());
        assertFalse(s.restoreLockHeld());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.45", "2.54.2", "2.59.1"})
    void aWrongCipherPassIsACryptoErrorWhetherOrNotTheJsonIsValid(String version) throws IOException {
        // 2.45 and 2.59.1 printed raw bytes (invalid JSON); 2.54.2 happened to print valid JSON with status 99.
        PgBackRestException e = assertThrows(PgBackRestException.class, () -> parser.parse(fixture(version,
                "wrong-cipher-pass")));
        assertEquals(ErrorCode.CRYPTO, e.errorCode());
        assertTrue(e.getMessage().contains("cipher"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.54.2", "2.59.1"})
    void aBackupInProgressShowsItsBytes(String version) throws IOException {
        StanzaInfo s = stanza(version, "backup-progress", "compat");
        assertTrue(s.backupLockHeld());
        LockProgress p = s.backupLock().progress().orElseThrow();
        if (version.equals("2.54.2")) {
            assertEquals(new LockProgress(426366590, 422630649), p);
            assertEquals(List.of(), s.backupLock().repos(), "per-repository progress exists from 2.59 on");
        } else {
            assertEquals(new LockProgress(426284670, 425882873), p);
            assertEquals(List.of(new RepoLockProgress(1, new LockProgress(426284670, 425882873))), s.backupLock().repos());
            assertEquals(Optional.of(p), s.backupLock().progress(1));
        }
        assertEquals(99, p.percent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.59.1"})
    void aRestoreInProgressShowsItsBytesAndLeavesTheBackupLockFree(String version) throws IOException {
        StanzaInfo s = stanza(version, "restore-running", "compat");
        assertFalse(s.backupLockHeld());
        assertTrue(s.restoreLockHeld());
        LockProgress p = s.restoreLock().orElseThrow().progress().orElseThrow();
        assertEquals(new LockProgress(426284930, 9846784), p);
        assertEquals(2, p.percent());
        assertEquals("20261201-100047F", s.latestFull().orElseThrow().label());
    }
}
