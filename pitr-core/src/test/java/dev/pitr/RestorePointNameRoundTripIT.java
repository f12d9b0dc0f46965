package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.internal.os.Ownership;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.sandbox.SandboxCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Real PostgreSQL + pgBackRest: a restore point whose name PostgreSQL accepts but a configuration file could
 * mistake for settings (a space, quotes, a would-be recovery_end_command) is a drill target that round-trips:
 * pgBackRest writes it escaped into postgresql.auto.conf, recovery stops exactly there, and the command in
 * the name never runs. Before, pgBackRest wrote the quote unescaped: the clone did not start (syntax error),
 * and with a line break in the name the injected command ran as postgres.
 */
class RestorePointNameRoundTripIT {
    @Test
    void aTrickyButLegalRestorePointNameIsReachedAndNothingInItRuns() throws Exception {
        Path marker = Path.of("/tmp/pitr-pwn-" + ThreadLocalRandom.current().nextInt(100_000, 999_999));
        String name = "a b' recovery_end_command='touch " + marker + "'";
        assertTrue(name.length() <= 63, name);
        Path reports = Files.createTempDirectory("pitr-names-");
        try (SandboxCluster sandbox = SandboxCluster.builder().stanza("names").fsync(false).start()) {
            PgBackRest pgbr = sandbox.pgBackRest();
            pgbr.stanzaCreate();
            pgbr.backup(BackupType.FULL);
            sandbox.execute("create table t(id int primary key)", "insert into t select generate_series(1, 10)");
            try (Connection c = sandbox.connect(); PreparedStatement s = c.prepareStatement("select pg_create_restore_point(?)")) {
                s.setString(1, name);
                s.execute();
            }
            sandbox.execute("insert into t select generate_series(11, 20)");
            pgbr.check(); // switches and archives the WAL holding the restore point

            try (RestoreDrill drill = pgbr.restoreDrill().target(RecoveryTarget.name(name)).expectRowCount("t", 10)
                    .reportDirectory(reports).start()) {
                DrillReport report = drill.report();
                assertEquals(DrillStatus.PASSED, report.status(), report.toString());
                assertEquals("name " + name, report.target().describe());
                String autoConf = Files.readString(drill.dataDirectory().resolve("postgresql.auto.conf"));
                assertTrue(autoConf.contains("recovery_target_name = '" + name.replace("'", "''") + "'\n"), autoConf);
            }
            assertFalse(Files.exists(marker), "the command in the restore point's name ran");
        } finally {
            Files.deleteIfExists(marker);
            Ownership.deleteTree(reports);
        }
    }
}
