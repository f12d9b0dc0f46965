package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pitr.internal.os.RunAs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A cron job's PATH ({@code /usr/bin:/bin}) lacks /usr/sbin, where runuser lives: pitr still switches to the
 * run-as user (before, load() failed with "install pgBackRest", naming the wrong culprit).
 */
class CronPathIT {
    @Test
    void runAsWorksWithACronStylePath() throws Exception {
        assumeTrue(RunAs.isRoot(), "runuser is what root uses to switch users");
        try (WrapperScripts w = new WrapperScripts()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CronPathMain.class.getName(), w.configFile.toString()).redirectErrorStream(true);
            pb.environment().put("PATH", "/usr/bin:/bin");
            Process child = pb.start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.waitFor(), output);
            assertTrue(output.contains("LOADED pgBackRest 2."), output);
            assertFalse(output.contains("install pgBackRest"), output);
        }
    }
}
