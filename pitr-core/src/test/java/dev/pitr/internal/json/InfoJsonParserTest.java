package dev.pitr.internal.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.InfoResult;
import dev.pitr.info.StanzaInfo;
import dev.pitr.operation.BackupType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfoJsonParserTest {
    private final InfoJsonParser parser = new InfoJsonParser();

    static String fixture(String name) throws IOException {
        try (InputStream in = InfoJsonParserTest.class.getResourceAsStream("/info/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsTheReal245OutputOfAFullAndAnIncrementalBackup() throws IOException {
        InfoResult result = parser.parse(fixture("pgbackrest-2.45-full-incr.json"));
        StanzaInfo demo = result.stanza("demo").orElseThrow();
        assertTrue(demo.status().ok());
        assertFalse(demo.backupLockHeld());
        assertEquals("7712458280951930186", demo.databases().get(0).systemIdentifier());
        assertEquals("15", demo.databases().get(0).version());
        assertEquals(2, demo.backups().size());

        BackupInfo full = demo.latestFull().orElseThrow();
        assertEquals("20261126-123708F", full.label());
        assertEquals(BackupType.FULL, full.type());
        assertEquals(Instant.ofEpochSecond(1795696631), full.stop());
        assertEquals("000000010000000000000002", full.walStart().orElseThrow());
        assertEquals("0/3000050", full.lsnStop().orElseThrow());
        assertEquals(22994029, full.size());
        assertEquals(2812423, full.repoSize());
        assertFalse(full.hasError());

        BackupInfo incr = demo.latestBackup().orElseThrow();
        assertEquals(BackupType.INCR, incr.type());
        assertEquals("20261126-123708F", incr.prior().orElseThrow());
        assertEquals(List.of("20261126-123708F"), incr.references());
        assertEquals("2.45", incr.pgBackRestVersion());

        assertEquals("000000010000000000000005", demo.latestArchivedWal().orElseThrow());
        assertEquals(full.stop(), demo.recoveryWindow().orElseThrow().earliest());
        assertEquals(incr.stop(), demo.recoveryWindow().orElseThrow().latestBackupStop());
    }

    @Test
    void toleratesNewerOptionalFieldsAndUnsignedSystemIds() throws IOException {
        StanzaInfo main = parser.parse(fixture("newer-optional-fields.json")).stanza("main").orElseThrow();
        assertEquals(4, main.status().code());
        assertTrue(main.backupLockHeld());
        assertEquals("mixed", main.cipher().orElseThrow());
        assertEquals("18446744073709551615", main.databases().get(0).systemIdentifier());
        assertEquals(2, main.repos().size());
        assertTrue(main.repos().get(0).encrypted());
        assertEquals(2, main.repos().get(1).status().code());
        BackupInfo b = main.backups().get(0);
        assertTrue(b.hasError());
        assertEquals(Map.of("owner", "ops", "ticket", "OPS-1"), b.annotations());
        assertEquals(50, b.repoSize(), "block-incremental size-map is used when present");
        assertEquals("000000010000000000000009", main.latestArchivedWal().orElseThrow());
    }

    @Test
    void aMissingStanzaIsATypedStatusNotAnError() throws IOException {
        StanzaInfo nope = parser.parse(fixture("missing-stanza.json")).stanza("nope").orElseThrow();
        assertTrue(nope.status().stanzaMissing());
        assertTrue(nope.backups().isEmpty());
        assertTrue(nope.recoveryWindow().isEmpty());
        assertTrue(nope.latestBackup().isEmpty());
    }

    @Test
    void undecryptableOutputBecomesACryptoErrorNamingTheCipherPass() throws IOException {
        PgBackRestException e = assertThrows(PgBackRestException.class, () -> parser.parse(fixture("undecryptable.json")));
        assertEquals(ErrorCode.CRYPTO, e.errorCode());
        assertTrue(e.getMessage().contains("cipher pass"), e.getMessage());
    }

    @Test
    void aWrongPassThatStillYieldsValidJsonIsACryptoErrorNamingTheRepository() throws IOException {
        PgBackRestException e = assertThrows(PgBackRestException.class,
                () -> parser.parse(fixture("wrong-pass-valid-json.json")));
        assertEquals(ErrorCode.CRYPTO, e.errorCode());
        assertTrue(e.getMessage().contains("repo1-cipher-pass"), e.getMessage());
    }

    @Test
    void outputThatIsNotAJsonArrayIsAJsonFormatError() {
        assertEquals(ErrorCode.JSON_FORMAT, assertThrows(PgBackRestException.class, () -> parser.parse("{}")).errorCode());
        assertEquals(ErrorCode.JSON_FORMAT, assertThrows(PgBackRestException.class, () -> parser.parse("")).errorCode());
        assertEquals(ErrorCode.JSON_FORMAT, assertThrows(PgBackRestException.class, () -> parser.parse("[{")).errorCode());
    }

    @Test
    void noStanzasIsAnEmptyResult() {
        assertTrue(parser.parse("[]").stanzas().isEmpty());
    }
}
