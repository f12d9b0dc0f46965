package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Repository;
import dev.pitr.internal.os.RunAs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A typed configuration renders pgbackrest.conf into a private /tmp/pitr-conf-* directory: it is deleted when
 * the PgBackRest is closed, and at the JVM's exit when nobody closed it (before, one stayed per load()).
 */
class RenderedConfigurationCleanupIT {
    @TempDir
    Path repo;

    @Test
    void closeDeletesTheRenderedConfigurationAndLaterCommandsAreRefused() {
        PgBackRest pgbr = typed(repo).load();
        Path dir = pgbr.configuration().configFile().getParent();
        assertTrue(dir.getFileName().toString().startsWith("pitr-conf-"), dir.toString());
        assertTrue(Files.isRegularFile(pgbr.configuration().configFile()));
        pgbr.close();
        assertFalse(Files.exists(dir), dir + " is left behind");
        pgbr.close();
        IllegalStateException refused = assertThrows(IllegalStateException.class, pgbr::info);
        assertTrue(refused.getMessage().contains("was closed"), refused.getMessage());
    }

    @Test
    void aRenderConfigToFileIsTheCallersAndStays() {
        Path file = repo.resolve("pgbackrest.conf");
        try (PgBackRest pgbr = typed(repo).renderConfigTo(file).load()) {
            assertEquals(file, pgbr.configuration().configFile());
        }
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void theJvmsExitDeletesWhatNobodyClosed() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RenderedConfigurationExitMain.class.getName(), repo.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), output);
        Matcher m = Pattern.compile("RENDERED=(\\S+)").matcher(output);
        List<Path> rendered = m.results().map(r -> Path.of(r.group(1))).toList();
        assertEquals(3, rendered.size(), output);
        for (Path file : rendered) {
            assertFalse(Files.exists(file.getParent()), file.getParent() + " outlived the JVM");
        }
    }

    static FluentConfiguration typed(Path repo) {
        FluentConfiguration c = PgBackRest.configure().stanza("x").repository(Repository.posix(repo))
                .pgPath(Path.of("/tmp/pitr-no-such-cluster"));
        if (RunAs.isRoot()) {
            c.runAs("postgres");
        }
        return c;
    }
}
