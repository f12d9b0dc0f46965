package dev.pitr.maven;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.audit.AuditEntry;
import dev.pitr.audit.AuditLog;
import dev.pitr.audit.AuditOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pitr:audit-verify: an intact chain passes without pgBackRest; a changed line is a BUILD FAILURE naming it. */
class AuditVerifyGoalTest {
    private final MojoFixture f = new MojoFixture();

    @TempDir
    Path dir;

    private AuditVerifyMojo goal(Path log) {
        AuditVerifyMojo mojo = f.wire(new AuditVerifyMojo());
        mojo.configFile = null;
        mojo.auditLog = log == null ? null : log.toString();
        return mojo;
    }

    private Path logOf(int lines) {
        AuditLog log = AuditLog.open(dir.resolve("audit.jsonl"));
        for (int i = 0; i < lines; i++) {
            log.append(AuditEntry.of("check", "main", AuditOutcome.SUCCESS).withDetail("run " + i));
        }
        return log.file();
    }

    @Test
    void anIntactChainPassesWithoutAStanzaOrPgBackRest() {
        AuditVerifyMojo mojo = goal(logOf(3));
        assertDoesNotThrow(mojo::execute);
        assertEquals(0, f.loads);
        assertTrue(f.infos.stream().anyMatch(l -> l.startsWith("pitr:audit-verify: audit log chain intact: 3 line(s)")),
                f.infos.toString());
    }

    @Test
    void aChangedLineIsABuildFailureNamingTheLine() throws Exception {
        Path log = logOf(4);
        List<String> lines = Files.readAllLines(log);
        lines.set(1, lines.get(1).replace("run 1", "run 7"));
        Files.write(log, lines);
        MojoFailureException e = assertThrows(MojoFailureException.class, goal(log)::execute);
        assertTrue(e.getMessage().contains("line 2 of " + log + " was changed"), e.getMessage());
    }

    @Test
    void withoutAnAuditLogItIsABuildErrorNamingElementAndProperty() {
        MojoExecutionException e = assertThrows(MojoExecutionException.class, goal(null)::execute);
        assertTrue(e.getMessage().contains("<auditLog> (-Dpitr.auditLog)"), e.getMessage());
        MojoExecutionException missing = assertThrows(MojoExecutionException.class,
                goal(dir.resolve("nothing.jsonl"))::execute);
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
