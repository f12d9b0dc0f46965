package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.CommonsExecRunner;
import dev.pitr.internal.exec.ProcessOutput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM that exits with a drill still open leaves no drill process and no scratch directory behind. */
class DrillTeardownOnJvmExitIT {
    @TempDir
    Path reports;

    @Test
    void theShutdownHookStopsTheDrillClusterAndDeletesItsScratchDirectory() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessOutput out = new CommonsExecRunner().run(CommandSpec.of(List.of(java, "-cp",
                System.getProperty("java.class.path"), DrillJvmExitMain.class.getName(), reports.toString()),
                Duration.ofMinutes(3)).capturingStdout());
        assertEquals(0, out.exitCode(), out.result().toString());
        Matcher m = Pattern.compile("SCRATCH=(\\S+)").matcher(out.stdout());
        assertTrue(m.find(), out.stdout());
        assertTrue(out.stdout().contains("STATUS=PASSED"), out.stdout());
        Path scratch = Path.of(m.group(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && scratch.toFile().exists()) {
            Thread.sleep(100);
        }
        RestoreDrillIT.assertTeardownComplete(scratch);
    }
}
