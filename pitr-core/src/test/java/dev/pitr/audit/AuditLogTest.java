package dev.pitr.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.CommonsExecRunner;
import dev.pitr.internal.exec.ProcessOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static AuditEntry entry(String tag, int i) {
        return AuditEntry.of("backup", "nbms", AuditOutcome.SUCCESS).withArgv(AuditLogWriterMain.longArgv(tag, i))
                .withDuration(Duration.ofMillis(i)).withDetail(tag);
    }

    @Test
    void verifyingAnExistingLogCreatesNothingAndChangesNoModeAndAMissingOneIsRefused() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        AuditLog.open(file).append(entry("a", 1));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("r--r-----"));
        assertTrue(AuditLog.existing(file).verify().intact());
        assertEquals("r--r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)), "a read-only log stays as it is");
        Path missing = dir.resolve("elsewhere/audit.jsonl");
        PitrConfigurationException e = assertThrows(PitrConfigurationException.class, () -> AuditLog.existing(missing));
        assertEquals(dev.pitr.config.Setting.AUDIT_LOG, e.setting());
        assertFalse(Files.exists(missing.getParent()), "nothing was created");
    }

    @Test
    void twoThreadsAndTwoProcessesAppendingAtOnceLeaveOnlyWholeLines() throws Exception {
        Path file = dir.resolve("logs/audit.jsonl");
        AuditLog log = AuditLog.open(file);
        int perWriter = 300;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<?>> writers = new ArrayList<>();
        for (String tag : List.of("thread-a", "thread-b")) {
            writers.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < perWriter; i++) {
                    log.append(entry(tag, i));
                }
            }));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String tag : List.of("process-a", "process-b")) {
            List<String> argv = List.of(java, "-cp", System.getProperty("java.class.path"), AuditLogWriterMain.class.getName(),
                    file.toString(), Integer.toString(perWriter), tag);
            writers.add(CompletableFuture.supplyAsync(() -> new CommonsExecRunner().run(CommandSpec.of(argv,
                    Duration.ofMinutes(2)))).thenAccept(out -> assertEquals(0, out.exitCode(), out.result().toString())));
        }
        go.countDown();
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get();

        List<String> lines = Files.readAllLines(file);
        assertEquals(4 * perWriter, lines.size());
        Map<String, Integer> perTag = new HashMap<>();
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            String tag = n.get("detail").asText();
            assertEquals(40, n.get("argv").size(), line);
            assertTrue(n.get("argv").get(39).asText().startsWith("--option-39=" + tag + "-"), line);
            perTag.merge(tag, 1, Integer::sum);
        }
        assertEquals(Map.of("thread-a", perWriter, "thread-b", perWriter, "process-a", perWriter, "process-b", perWriter),
                perTag);
        assertEquals(4 * perWriter, log.entries().size());
        // Four writers at once still leave one unbroken chain: each link is made under the same lock as its write.
        AuditVerification chain = log.verify();
        assertTrue(chain.intact(), chain.describe());
        assertEquals(4 * perWriter, chain.headSeq());
    }

    @Test
    void aLineCarriesWhoWhatWhenHowLongAndOutcomeButNoSecret() throws Exception {
        AuditLog log = AuditLog.open(dir.resolve("audit.jsonl"));
        Instant t = Instant.parse("2026-11-26T10:00:00Z");
        log.append(AuditEntry.of("backup", "nbms", AuditOutcome.FAILURE).withTime(t)
                .withArgv(List.of("pgbackrest", "--stanza=nbms", "--repo1-cipher-pass=hunter2", "--type=full", "backup"))
                .withDuration(Duration.ofMillis(1234)).withErrorCode("ARCHIVE_TIMEOUT").withBackupLabel("20261126-100000F"));
        String line = Files.readString(log.file());
        assertFalse(line.contains("hunter2"), line);
        JsonNode n = JSON.readTree(line);
        assertEquals("2026-11-26T10:00:00Z", n.get("time").asText());
        assertEquals(System.getProperty("user.name"), n.get("user").asText());
        assertFalse(n.get("host").asText().isEmpty());
        assertEquals("backup", n.get("operation").asText());
        assertEquals("nbms", n.get("stanza").asText());
        assertEquals("--repo1-cipher-pass=******", n.get("argv").get(2).asText());
        assertEquals(1234, n.get("durationMs").asLong());
        assertEquals("FAILURE", n.get("outcome").asText());
        assertEquals("ARCHIVE_TIMEOUT", n.get("errorCode").asText());
        assertEquals("20261126-100000F", n.get("backupLabel").asText());

        log.append(AuditEntry.of("restore-drill", "nbms", AuditOutcome.PASSED).withTime(t.plusSeconds(60)));
        Files.writeString(log.file(), "not json\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(2, log.entries().size());
        assertEquals(AuditOutcome.PASSED, log.latest("restore-drill", "nbms").orElseThrow().outcome());
        assertTrue(log.latest("restore-drill", "other").isEmpty());
    }

    @Test
    void aRelativeOrUnwritablePathIsAConfigurationError() {
        assertThrows(PitrConfigurationException.class, () -> AuditLog.open(Path.of("audit.jsonl")));
    }
}
