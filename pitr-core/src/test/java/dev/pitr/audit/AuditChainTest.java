package dev.pitr.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.audit.AuditVerification.Kind;
import dev.pitr.internal.audit.AuditChain;
import dev.pitr.internal.audit.AuditLines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hash chain of the audit log: what verification finds when one character, one line or one file is touched. */
class AuditChainTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private AuditLog logWith(int lines) {
        AuditLog log = AuditLog.open(dir.resolve("audit.jsonl"));
        for (int i = 1; i <= lines; i++) {
            log.append(entry(i));
        }
        return log;
    }

    private static AuditEntry entry(int i) {
        return AuditEntry.of("backup", "nbms", AuditOutcome.SUCCESS).withTime(Instant.parse("2026-11-26T10:00:00Z")
                .plusSeconds(i)).withDuration(Duration.ofMillis(1000 + i)).withBackupLabel("20261126-1000" + (10 + i) + "F");
    }

    private static List<String> lines(Path file) throws IOException {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static AuditVerification.Break brokenAt(AuditLog log, int line, Kind kind) {
        AuditVerification v = log.verify();
        assertFalse(v.intact(), "expected a break at line " + line + ", got: " + v.describe());
        AuditVerification.Break b = v.firstBreak().orElseThrow();
        assertEquals(line, b.line(), b.message());
        assertEquals(kind, b.kind(), b.message());
        assertTrue(b.message().startsWith("line " + line + " of "), b.message());
        return b;
    }

    @Test
    void everyLineCarriesItsSequenceThePreviousLinesHashAndItsOwn() throws IOException {
        AuditLog log = logWith(3);
        List<String> lines = lines(log.file());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals(1, first.get("seq").asLong());
        assertEquals(AuditChain.GENESIS, first.get("prevHash").asText());
        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", AuditChain.GENESIS);
        for (int i = 1; i < 3; i++) {
            JsonNode n = JSON.readTree(lines.get(i));
            assertEquals(i + 1, n.get("seq").asLong());
            assertEquals(AuditChain.sha256(lines.get(i - 1).getBytes(StandardCharsets.UTF_8)), n.get("prevHash").asText());
            assertTrue(lines.get(i).endsWith(",\"lineHash\":\"" + n.get("lineHash").asText() + "\"}"), lines.get(i));
        }
        AuditVerification v = log.verify();
        assertTrue(v.intact(), v.describe());
        assertEquals(3, v.lines());
        assertEquals(new AuditVerification.Position(log.file(), 1), v.chainStart().orElseThrow());
        assertEquals(3, v.headSeq());
        assertEquals(AuditChain.sha256(lines.get(2).getBytes(StandardCharsets.UTF_8)), v.head().orElseThrow());
        assertEquals(3, log.entries().size(), "readers see the entries, not the chain");
        assertEquals("20261126-100013F", log.entries().get(2).backupLabel().orElseThrow());
    }

    @Test
    void editingOneCharacterOfAnyLineNamesThatLine() throws IOException {
        AuditLog log = logWith(5);
        List<String> good = lines(log.file());
        for (int n = 1; n <= 5; n++) {
            List<String> edited = new ArrayList<>(good);
            // One character of the duration: 100n -> 900n, the kind of edit that hides a slow restore.
            edited.set(n - 1, edited.get(n - 1).replace("\"durationMs\":100" + n, "\"durationMs\":900" + n));
            assertFalse(edited.equals(good));
            write(log.file(), edited);
            brokenAt(log, n, Kind.CHANGED);
        }
        write(log.file(), good);
        assertTrue(log.verify().intact());
    }

    @Test
    void anEditedLineWhoseOwnHashWasRecomputedIsStillCaughtByTheNextLine() throws IOException {
        AuditLog log = logWith(4);
        List<String> lines = lines(log.file());
        String edited = lines.get(1).replace("\"outcome\":\"SUCCESS\"", "\"outcome\":\"FAILURE\"");
        String unsealed = edited.substring(0, edited.lastIndexOf(",\"lineHash\"")) + "}";
        lines.set(1, AuditChain.seal(unsealed));
        write(log.file(), lines);
        AuditVerification.Break b = brokenAt(log, 2, Kind.CHANGED);
        assertTrue(b.message().contains("line 3 carries the hash line 2 had"), b.message());
    }

    @Test
    void removingALineNamesThePlaceItWasIn() throws IOException {
        AuditLog log = logWith(5);
        List<String> good = lines(log.file());

        List<String> withoutThird = new ArrayList<>(good);
        withoutThird.remove(2);
        write(log.file(), withoutThird);
        AuditVerification.Break b = brokenAt(log, 3, Kind.REMOVED);
        assertTrue(b.message().contains("seq 3 missing"), b.message());

        List<String> withoutTwoAndThree = new ArrayList<>(good);
        withoutTwoAndThree.subList(1, 3).clear();
        write(log.file(), withoutTwoAndThree);
        assertTrue(brokenAt(log, 2, Kind.REMOVED).message().contains("seq 2..3 missing"));

        write(log.file(), good.subList(1, 5));
        brokenAt(log, 1, Kind.REMOVED);
    }

    @Test
    void cuttingOffTheNewestLinesIsOnlyVisibleAgainstAKeptHead() throws IOException {
        AuditLog log = logWith(5);
        String head = log.verify().head().orElseThrow();
        write(log.file(), lines(log.file()).subList(0, 4));
        AuditVerification v = log.verify();
        assertTrue(v.intact(), "a chain cannot show its own end was cut: " + v.describe());
        assertEquals(4, v.headSeq());
        assertFalse(v.head().orElseThrow().equals(head), "but the head no longer matches the one kept elsewhere");
    }

    @Test
    void insertingALineNamesIt() throws IOException {
        AuditLog log = logWith(4);
        List<String> good = lines(log.file());

        List<String> foreign = new ArrayList<>(good);
        foreign.add(2, AuditLines.toJson(entry(99)));
        write(log.file(), foreign);
        brokenAt(log, 3, Kind.INSERTED);

        List<String> copied = new ArrayList<>(good);
        copied.add(3, good.get(1));
        write(log.file(), copied);
        brokenAt(log, 4, Kind.INSERTED);

        // A forger who seals the line and links it to the line before it still breaks the link of the next one.
        List<String> forged = new ArrayList<>(good);
        String body = AuditLines.toJson(entry(98));
        String link = ",\"seq\":3,\"prevHash\":\"" + AuditChain.sha256(good.get(1).getBytes(StandardCharsets.UTF_8)) + "\"}";
        forged.add(2, AuditChain.seal(body.substring(0, body.length() - 1) + link));
        write(log.file(), forged);
        AuditVerification.Break b = brokenAt(log, 3, Kind.INSERTED);
        assertTrue(b.message().contains("line 4 links to line 2"), b.message());
    }

    @Test
    void aLogWrittenBeforeTheChainIsReadAsBeforeAndTheChainStartsAtItsFirstNewLine() throws IOException {
        Path file = dir.resolve("audit.jsonl");
        List<String> legacy = List.of(AuditLines.toJson(entry(1)), AuditLines.toJson(entry(2)), AuditLines.toJson(entry(3)));
        write(file, legacy);
        AuditLog log = AuditLog.open(file);
        AuditVerification before = log.verify();
        assertTrue(before.intact());
        assertTrue(before.chainStart().isEmpty());
        assertTrue(before.describe().contains("no line carries a hash yet"), before.describe());

        log.append(entry(4));
        log.append(entry(5));
        assertEquals(5, log.entries().size());
        AuditVerification v = log.verify();
        assertTrue(v.intact(), v.describe());
        assertEquals(4, v.chainStart().orElseThrow().line());
        assertTrue(v.describe().contains("the chain starts at line 4 of " + file), v.describe());
        JsonNode first = JSON.readTree(lines(file).get(3));
        assertEquals(1, first.get("seq").asLong());
        assertEquals(AuditChain.sha256(legacy.get(2).getBytes(StandardCharsets.UTF_8)), first.get("prevHash").asText());

        List<String> lines = lines(file);
        lines.set(0, lines.get(0).replace("nbms", "nbmx"));
        write(file, lines);
        assertTrue(log.verify().intact(), "lines before the chain are not protected");
        lines.set(2, lines.get(2).replace("nbms", "nbmx"));
        write(file, lines);
        brokenAt(log, 3, Kind.CHANGED);
    }

    @Test
    void rotationMovesTheLinesToANamedFileAndTheChainRunsOnAcrossIt() throws IOException {
        AuditLog log = logWith(3);
        Path rotated = log.rotate().orElseThrow();
        assertEquals(dir, rotated.getParent());
        assertTrue(rotated.getFileName().toString().matches("audit\\.jsonl\\.\\d{8}T\\d{6}Z"), rotated.toString());
        log.append(entry(4));
        log.append(entry(5));

        List<String> current = lines(log.file());
        assertEquals(3, current.size());
        JsonNode first = JSON.readTree(current.get(0));
        assertEquals("audit-rotate", first.get("operation").asText());
        assertEquals(rotated.getFileName().toString(), first.get("prevFile").asText());
        assertEquals(AuditChain.sha256(Files.readAllBytes(rotated)), first.get("prevFileHash").asText());
        assertEquals(4, first.get("seq").asLong());
        assertEquals(List.of(rotated, log.file()), log.files());
        assertEquals(2 + 1, log.entries().size());
        assertEquals(3 + 1 + 2, log.allEntries().size());

        AuditVerification v = log.verify();
        assertTrue(v.intact(), v.describe());
        assertEquals(List.of(rotated, log.file()), v.files());
        assertEquals(6, v.lines());
        assertEquals(6, v.headSeq());

        List<String> old = lines(rotated);
        List<String> edited = new ArrayList<>(old);
        edited.set(1, edited.get(1).replace("1002", "1003"));
        write(rotated, edited);
        AuditVerification.Break b = brokenAt(log, 2, Kind.CHANGED);
        assertEquals(rotated, b.file());

        write(rotated, old.subList(0, 2));
        b = brokenAt(log, 3, Kind.REMOVED);
        assertEquals(rotated, b.file());

        List<String> longer = new ArrayList<>(old);
        longer.add(AuditLines.toJson(entry(7)));
        write(rotated, longer);
        b = brokenAt(log, 4, Kind.INSERTED);
        assertEquals(rotated, b.file());

        longer.set(3, AuditChain.seal(AuditLines.toJson(entry(7)).replaceAll("}$", ",\"seq\":4,\"prevHash\":\""
                + AuditChain.sha256(old.get(2).getBytes(StandardCharsets.UTF_8)) + "\"}")));
        write(rotated, longer);
        b = brokenAt(log, 4, Kind.INSERTED);
        assertEquals(rotated, b.file());
        assertTrue(b.message().contains("the rotation recorded line 3 as the last"), b.message());

        Files.delete(rotated);
        AuditVerification gone = log.verify();
        assertTrue(gone.intact(), gone.describe());
        assertEquals(rotated.getFileName().toString(), gone.missingPrevious().orElseThrow());
        assertEquals(List.of(log.file()), gone.files());
    }

    @Test
    void aSizeLimitRotatesBeforeTheAppendThatWouldGrowPastIt() throws IOException {
        AuditLog log = AuditLog.open(dir.resolve("audit.jsonl")).rotateAt(1);
        log.append(entry(1));
        log.append(entry(2));
        log.append(entry(3));
        AuditVerification v = log.verify();
        assertTrue(v.intact(), v.describe());
        assertEquals(3, v.files().size(), v.files().toString());
        assertEquals(List.of("backup", "audit-rotate", "backup", "audit-rotate", "backup"),
                log.allEntries().stream().map(AuditEntry::operation).toList());
        assertEquals(5, v.headSeq());
    }

    @Test
    void aLogWhoseFirstLinesWereAddedAboveItsOpeningIsCaught() throws IOException {
        AuditLog log = logWith(2);
        List<String> lines = lines(log.file());
        lines.add(0, AuditLines.toJson(entry(0)));
        write(log.file(), lines);
        brokenAt(log, 1, Kind.INSERTED);
    }
}
