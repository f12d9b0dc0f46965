package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.internal.os.Ownership;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The documented {@code Secret.fromEnv("NBMS_CIPHER_PASS")} with a real encrypted sandbox and drill, in a JVM of
 * its own whose environment holds the pass: the post-restore command (run as the JVM's user, root in CI)
 * inherits neither that variable nor any PGBACKREST_* one, the pass it prints anyway is redacted, and the pass
 * is in no log line, report, history copy or audit line; every report file is private to its owner (0600).
 * Before, the command printed NBMS_CIPHER_PASS=... into the INFO log, and its last line carried the pass
 * into the JSON, Markdown and history reports (mode 0644).
 */
class SecretEnvironmentDrillIT {
    private static final String PASS = "pitr-env-pass-" + UUID.randomUUID();
    private Path work;

    @BeforeEach
    void work() throws Exception {
        work = Files.createTempDirectory("pitr-env-secret-");
    }

    @AfterEach
    void clean() {
        Ownership.deleteTree(work);
    }

    @Test
    void theCipherPassFromTheEnvironmentReachesNoChildThatDoesNotNeedItAndNoReport() throws Exception {
        Path reports = work.resolve("reports");
        Path audit = work.resolve("audit.jsonl");
        Path passFile = Files.writeString(work.resolve("pass.txt"), PASS + "\n");
        try (WrapperScripts w = new WrapperScripts()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    SecretEnvironmentDrillMain.class.getName(), reports.toString(), audit.toString(), passFile.toString(),
                    w.token).redirectErrorStream(true);
            pb.environment().put("NBMS_CIPHER_PASS", PASS);
            pb.environment().keySet().removeIf(k -> k.startsWith("PGBACKREST_"));
            Process child = pb.start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.waitFor(), output);
            System.out.println(output);

            assertTrue(output.contains("STATUS=PASSED"), output);
            assertTrue(output.contains("PGHOST="), "the post-restore command printed its environment:\n" + output);
            assertFalse(output.contains("NBMS_CIPHER_PASS="), "the pass's variable reached the post-restore command");
            assertFalse(output.contains("PGBACKREST_"), "a pgBackRest variable reached the post-restore command");
            assertFalse(output.contains(PASS), "the pass is in the log:\n" + output);
            assertTrue(output.contains("last output: ******"), "the printed pass was redacted:\n" + output);
            Matcher took = Pattern.compile("DRILL_SECONDS=([0-9.]+)").matcher(output);
            assertTrue(took.find(), output);
            assertEquals(List.of(), w.awaitNoLeftovers(Duration.ofSeconds(2)), "the command's background child outlived it");
            assertTrue(Double.parseDouble(took.group(1)) < 60, "the background child holding stdout made the drill wait");
        }
        List<Path> written;
        try (Stream<Path> files = Files.walk(reports)) {
            written = files.filter(Files::isRegularFile).toList();
        }
        assertTrue(written.stream().anyMatch(f -> f.getFileName().toString().equals("pitr-drill-report.json")), written.toString());
        assertTrue(written.stream().anyMatch(f -> f.getParent().getFileName().toString().equals("history")), written.toString());
        for (Path f : Stream.concat(written.stream(), Stream.of(audit)).toList()) {
            assertFalse(Files.readString(f).contains(PASS), "the pass is in " + f);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f + " is not private");
        }
        assertTrue(Files.readString(reports.resolve("pitr-drill-report.json")).contains("******"));
    }
}
