package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.WrapperScripts;
import dev.pitr.internal.os.RunAs;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn pitr:check} with a site wrapper as the executable that hangs (and leaves a child holding its
 * output): the build ends within the timeout plus a few seconds, as a BUILD ERROR naming the timeout, and
 * leaves no process behind. Before, Maven waited for the orphaned children (~600 s for a sleep 600).
 */
class PluginProcessTreeIT {
    @Test
    void checkWithAHangingWrapperEndsSoonAfterItsTimeout() throws Exception {
        try (WrapperScripts w = new WrapperScripts()) {
            MavenBuild build = MavenBuild.project("basic", "hanging-wrapper", Map.of("stanza", "x", "configFile",
                    w.configFile.toString(), "runAsUser", RunAs.isRoot() ? "postgres" : RunAs.currentUser()));
            long t0 = System.nanoTime();
            MavenBuild.Result r = build.runWithin(Duration.ofMinutes(3), "pitr:check",
                    "-Dpitr.executable=" + w.hangsAfterVersion(), "-Dpitr.timeout=PT8S");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            r.assertError();
            r.assertLogContains("did not finish within PT8S");
            r.assertLogContains("<timeout> (-Dpitr.timeout)");
            // 8 s timeout + 5 s SIGTERM grace at most, plus Maven's own start-up on a loaded CI host.
            assertTrue(took.compareTo(Duration.ofSeconds(8 + 5 + 25)) < 0, "mvn pitr:check took " + took);
            assertEquals(List.of(), w.awaitNoLeftovers(Duration.ofSeconds(2)), "the wrapper's children outlived the build");
        }
    }
}
