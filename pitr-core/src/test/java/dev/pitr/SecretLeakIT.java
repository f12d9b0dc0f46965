package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Secret;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.PgBackRestException;
import dev.pitr.info.StanzaInfo;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.sandbox.SandboxCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * An encrypted repository end to end, with a planted secret that must appear in no log line, no exception
 * message, no toString(), no process argv (watched in /proc while the commands run) and no file pitr wrote.
 * A wrong pass is a clear CRYPTO error, not a Jackson stack trace.
 */
class SecretLeakIT {
    private static final String SECRET = "pitr-planted-" + UUID.randomUUID();

    @Test
    void anEncryptedRepositoryWorksAndItsPassLeaksNowhere() throws Exception {
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        List<String> leakedArgv = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean watching = new AtomicBoolean(true);
        java.util.Set<String> seenPgBackRest = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread watcher = new Thread(() -> watchProcessArguments(watching, leakedArgv, seenPgBackRest), "argv-watcher");
        List<String> messages = new ArrayList<>();
        System.setErr(new PrintStream(tee(originalErr, logs), true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(tee(originalOut, logs), true, StandardCharsets.UTF_8));
        watcher.start();
        try (SandboxCluster sandbox = SandboxCluster.builder().stanza("secret").cipher(Secret.of(SECRET)).start()) {
            PgBackRest pgbr = sandbox.pgBackRest();
            pgbr.stanzaCreate();
            pgbr.check();
            BackupResult full = pgbr.backup(BackupType.FULL);
            StanzaInfo info = pgbr.stanzaInfo();
            assertEquals("aes-256-cbc", info.cipher().orElseThrow());
            assertTrue(info.repos().get(0).encrypted());
            messages.add(full.toString());
            messages.add(info.toString());
            messages.add(pgbr.toString());
            messages.add(pgbr.configuration().toString());

            PgBackRest wrongPass = PgBackRest.configure().stanza("secret").configFile(sandbox.configFile())
                    .runAs(sandbox.user()).secret("repo1-cipher-pass", Secret.of("not-the-pass")).load();
            PgBackRestException infoError = assertThrows(PgBackRestException.class, wrongPass::info);
            assertEquals(ErrorCode.CRYPTO, infoError.errorCode());
            assertTrue(infoError.getMessage().contains("repo1-cipher-pass"), infoError.getMessage());
            PgBackRestException backupError = assertThrows(PgBackRestException.class, () -> wrongPass.backup(BackupType.INCR));
            messages.add(infoError.getMessage());
            messages.add(backupError.getMessage());
            messages.add(backupError.command().orElseThrow().toString());

            PgBackRest noPass = PgBackRest.configure().stanza("secret").configFile(sandbox.configFile())
                    .runAs(sandbox.user()).load();
            PgBackRestException missing = assertThrows(PgBackRestException.class, noPass::check);
            assertEquals(ErrorCode.OPTION_REQUIRED, missing.errorCode());
            assertTrue(missing.getMessage().contains("repo1-cipher-pass"), missing.getMessage());
            messages.add(missing.getMessage());

            assertNoFileContainsTheSecret(sandbox.directory());
        } finally {
            watching.set(false);
            watcher.join();
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String logText = logs.toString(StandardCharsets.UTF_8);
        assertTrue(logText.contains("backup command begin"), "pgBackRest's output was logged");
        assertFalse(logText.contains(SECRET), "a log line carries the secret");
        messages.forEach(m -> assertFalse(m.contains(SECRET), "leaked in: " + m));
        assertTrue(leakedArgv.isEmpty(), "secret on a process command line: " + leakedArgv);
        assertFalse(seenPgBackRest.isEmpty(), "the argv watcher saw pgbackrest processes (it works)");
    }

    private static void assertNoFileContainsTheSecret(Path root) throws IOException {
        byte[] needle = SECRET.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(new String(needle, StandardCharsets.ISO_8859_1)), "secret written into " + f);
            }
        }
    }

    private static void watchProcessArguments(AtomicBoolean watching, List<String> leaks, java.util.Set<String> seen) {
        while (watching.get()) {
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                    try {
                        String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
                        if (cmdline.contains("pgbackrest")) {
                            seen.add(p.getFileName().toString());
                        }
                        if (cmdline.contains(SECRET)) {
                            leaks.add(cmdline.replace('\0', ' '));
                        }
                    } catch (IOException vanished) {
                        // the process ended meanwhile
                    }
                });
            } catch (IOException e) {
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static OutputStream tee(OutputStream a, OutputStream b) {
        return new OutputStream() {
            @Override
            public void write(int c) throws IOException {
                a.write(c);
                b.write(c);
            }

            @Override
            public void write(byte[] buf, int off, int len) throws IOException {
                a.write(buf, off, len);
                b.write(buf, off, len);
            }
        };
    }
}
