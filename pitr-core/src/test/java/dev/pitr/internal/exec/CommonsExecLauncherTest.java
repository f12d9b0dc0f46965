package dev.pitr.internal.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.CommandResult;
import dev.pitr.Secret;
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
}
