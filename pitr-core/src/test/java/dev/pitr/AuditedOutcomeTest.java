package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.pitr.audit.AuditEntry;
import dev.pitr.audit.AuditOutcome;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.VerifyFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit line says how an operation really ended: a command that exits 0 but whose output pitr reads as a
 * failure (info of a repository it cannot decrypt, verify's findings) is a FAILURE, never SUCCESS.
 */
class AuditedOutcomeTest {
    @TempDir
    Path dir;

    private PgBackRest load(FakeRunner runner) throws IOException {
        Path conf = dir.resolve("pgbackrest.conf");
        Files.writeString(conf, "[enc]\n");
        return PgBackRest.configure().allowRoot(true).stanza("enc").configFile(conf).auditLog(dir.resolve("audit.jsonl"))
                .commandRunner(runner).load();
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = AuditedOutcomeTest.class.getResourceAsStream("/info/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static AuditEntry last(PgBackRest pgbr) {
        List<AuditEntry> entries = pgbr.auditLog().orElseThrow().entries();
        return entries.get(entries.size() - 1);
    }

    @Test
    void infoThatExitsZeroWithValidJsonButCannotDecryptARepositoryIsAuditedAsACryptoFailure() throws IOException {
        PgBackRest pgbr = load(new FakeRunner().answer("info", 0, fixture("wrong-pass-valid-json.json")));
        PgBackRestException e = assertThrows(PgBackRestException.class, pgbr::info);
        assertEquals(ErrorCode.CRYPTO, e.errorCode());
        AuditEntry line = last(pgbr);
        assertEquals("info", line.operation());
        assertEquals(AuditOutcome.FAILURE, line.outcome());
        assertEquals("CRYPTO", line.errorCode().orElseThrow());
    }

    @Test
    void infoWhoseOutputIsGarbledByAWrongPassIsAuditedAsACryptoFailure() throws IOException {
        PgBackRest pgbr = load(new FakeRunner().answer("info", 0, "Salted__\u0001\u0002 not json"));
        assertThrows(PgBackRestException.class, pgbr::stanzaInfo);
        assertEquals(AuditOutcome.FAILURE, last(pgbr).outcome());
        assertEquals("CRYPTO", last(pgbr).errorCode().orElseThrow());
    }

    @Test
    void readableInfoIsASuccess() throws IOException {
        PgBackRest pgbr = load(new FakeRunner().answer("info", 0, fixture("pgbackrest-2.45-full-incr.json")));
        pgbr.info();
        assertEquals(AuditOutcome.SUCCESS, last(pgbr).outcome());
        assertEquals(List.of(), last(pgbr).errorCode().stream().toList());
    }

    @Test
    void verifyWithFindingsIsAuditedAsAFailureAlthoughItExitedZero() throws IOException {
        PgBackRest pgbr = load(new FakeRunner().answer("verify", 0, "", "P00   INFO: status: error",
                "      missing: 0, checksum invalid: 1, size invalid: 0, other: 0"));
        assertThrows(VerifyFailedException.class, pgbr::verify);
        assertEquals(AuditOutcome.FAILURE, last(pgbr).outcome());
        assertEquals("VERIFY_FAILED", last(pgbr).errorCode().orElseThrow());
    }
}
