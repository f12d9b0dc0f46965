package dev.pitr.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Secret;
import dev.pitr.operation.CommandResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A real background process: started at once, its output redacted into the tail, stopped by SIGTERM. */
class CommonsExecLauncherTest {
    @Test
    void aStartedProcessRunsUntilStoppedAndItsOutputIsRedacted() {
        CommandSpec spec = new CommandSpec(List.of("sh", "-c", "echo \"ready $TOKEN\"; exec sleep 30"), Map.of(),
                Map.of("TOKEN", Secret.of("s3cr3t-value")), Duration.ofSeconds(1), Optional.empty(), Path.of("/tmp"),
                "pitr.test.launcher", false);
        RunningProcess p = new CommonsExecLauncher(false).start(spec);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (p.outputTail().isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(List.of("ready ******"), p.outputTail());
            assertFalse(p.awaitExit(Duration.ofMillis(1500)), "the spec's timeout is no watchdog for started processes");
            assertTrue(p.isAlive());
        } finally {
            CommandResult r = p.stop(Duration.ofSeconds(5));
            assertFalse(p.isAlive());
            assertEquals(143, r.exitCode(), "ended by SIGTERM");
            assertEquals(r, p.stop(Duration.ofSeconds(5)), "stop is idempotent");
        }
    }

    @Test
    void aProcessThatExitsByItselfReportsItsExitCode() {
        RunningProcess p = new CommonsExecLauncher(false).start(CommandSpec.of(List.of("sh", "-c", "echo bye; exit 3"),
                Duration.ofSeconds(5)));
        assertTrue(p.awaitExit(Duration.ofSeconds(10)));
        assertEquals(3, p.result().orElseThrow().exitCode());
        assertEquals(List.of("bye"), p.result().orElseThrow().outputTail());
    }

    @Test
    void aStartedProcessIsStoppedWhenTheJvmExits() {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessOutput out = new CommonsExecRunner().run(CommandSpec.of(List.of(javaBin, "-cp",
                System.getProperty("java.class.path"), LauncherExitProbe.class.getName()), Duration.ofSeconds(60))
                .capturingStdout());
        assertEquals(0, out.exitCode(), out.result().toString());
        var m = java.util.regex.Pattern.compile("child-pid=(\\d+)").matcher(out.stdout());
        assertTrue(m.find(), out.stdout());
        long pid = Long.parseLong(m.group(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "sleep " + pid + " outlived its JVM");
    }

    @Test
    void aMissingExecutableFailsAtOnceAsNotInstalled() {
        org.junit.jupiter.api.Assertions.assertThrows(dev.pitr.error.PgBackRestNotInstalledException.class,
                () -> new CommonsExecLauncher(false).start(CommandSpec.of(List.of("/nonexistent/pgbackrest", "server"),
                        Duration.ofSeconds(5))));
    }

    @Test
    void stoppingABackgroundProcessEndsTheChildrenItStartedToo() throws Exception {
        try (dev.pitr.WrapperScripts w = new dev.pitr.WrapperScripts()) {
            RunningProcess p = new CommonsExecLauncher(false).start(CommandSpec.of(List.of("sh", "-c", "sleep " + w.token
                    + " & exec sleep " + w.token), Duration.ofSeconds(5)));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (w.leftovers().size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, w.leftovers().size(), "the server and its child run");
            long t0 = System.nanoTime();
            p.stop(Duration.ofSeconds(5));
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(5)) < 0, "stop returned soon");
            assertEquals(List.of(), w.awaitNoLeftovers(Duration.ofSeconds(2)), "the server's child outlived stop()");
        }
    }
}
