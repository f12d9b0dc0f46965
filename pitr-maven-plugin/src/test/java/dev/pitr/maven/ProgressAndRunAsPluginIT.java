package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.PgBackRestVersion;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real Maven builds on today's stack: a backup of a few hundred MB logs its progress as a percentage line at most
 * every few seconds where pgBackRest reports it (2.48+; nothing and no error before), and as root without a
 * run-as user pgBackRest runs as the owner of pg1-path, or the build names the setting to give.
 */
class ProgressAndRunAsPluginIT {
    static SandboxCluster sandbox;
    static PgBackRestVersion version;

    @BeforeAll
    static void start() {
        // gz keeps the backup busy for several seconds (progress is read from info every 2 s); zst would be done
        // before the first reading.
        sandbox = SandboxCluster.builder().stanza("progress").fsync(false)
                .configure(c -> c.globalOption("compress-type", "gz").globalOption("compress-level", "6")).start();
        sandbox.pgBackRest().stanzaCreate();
        version = sandbox.pgBackRest().version();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static MavenBuild project(String template, String name, Path configFile) {
        return MavenBuild.project(template, name, Map.of("stanza", sandbox.stanza(), "configFile", configFile.toString(),
                "runAsUser", sandbox.user()));
    }

    @Test
    void aBackupOfAFewHundredMegabytesLogsItsProgressWherePgBackRestReportsIt() {
        boolean reported = version.atLeast(2, 48);
        if (reported) {
            // 100 MB by default (-Dpitr.it.progressMegabytes=250 for a bigger one) in 25 tables of random text:
            // pgBackRest updates the lock's byte count as files complete.
            int rowsPerTable = Integer.getInteger("pitr.it.progressMegabytes", 100) * 36;
            sandbox.execute(IntStream.rangeClosed(1, 25).mapToObj(i -> "create table big" + i + " as select g, "
                    + "(select string_agg(md5(random()::text || s || g), '') from generate_series(1, 30) s) as pad "
                    + "from generate_series(1, " + rowsPerTable + ") g").toArray(String[]::new));
        }
        MavenBuild.Result r = project("basic", "progress-backup", sandbox.configFile()).run("pitr:backup@full");
        r.assertSuccess();
        List<String> lines = r.log().lines().filter(l -> l.contains("backup progress: ")).toList();
        lines.forEach(l -> System.out.println("PROGRESS-LINE (pgBackRest " + version + ") " + l));
        if (reported) {
            assertTrue(!lines.isEmpty(), "pgBackRest " + version + " reports progress, see " + r.logFile());
            assertTrue(lines.stream().allMatch(l -> l.matches("\\[INFO] backup progress: \\d{1,3}% \\(.+ of .+, \\d+ s\\)")),
                    lines.toString());
        } else {
            assertEquals(List.of(), lines, "pgBackRest " + version + " has no progress in info");
        }
        r.assertLogContains("F (full) completed");
    }

    @Test
    void asRootWithoutARunAsUserPgBackRestRunsAsTheOwnerOfPg1Path() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "root only (CI runs as root)");
        MavenBuild.Result r = project("no-run-as", "root-owner", sandbox.configFile()).run("pitr:info");
        r.assertSuccess();
        r.assertLogContains("pgBackRest runs as '" + sandbox.user() + "', the owner of pg1-path " + sandbox.dataDirectory());
    }

    @Test
    void asRootWithoutARunAsUserOrAPg1PathTheBuildNamesTheSetting() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "root only (CI runs as root)");
        String withoutPgPath = Files.readString(sandbox.configFile()).lines().filter(l -> !l.startsWith("pg1-"))
                .reduce("", (a, b) -> a + b + "\n");
        Path conf = Files.writeString(sandbox.directory().resolve("no-pg-path.conf"), withoutPgPath);
        MavenBuild.Result r = project("no-run-as", "root-refused", conf).run("pitr:info");
        r.assertError();
        r.assertLogContains("<runAsUser> (-Dpitr.runAsUser)");
        r.assertLogContains("no pg1-path is configured");
    }
}
