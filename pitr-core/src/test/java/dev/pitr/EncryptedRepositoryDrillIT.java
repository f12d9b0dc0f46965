package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Secret;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.operation.BackupType;
import dev.pitr.sandbox.SandboxCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill from an encrypted repository: the cipher pass reaches pgBackRest only through the environment,
 * so recovery (restore_command = archive-get) works only if pitr put it into the drill postmaster's
 * environment; it must not leak into the report files.
 */
class EncryptedRepositoryDrillIT {
    @TempDir
    Path reports;

    @Test
    void drillFromAnEncryptedRepositoryReplaysWalWithTheSecretOnlyInThePostmasterEnvironment() throws Exception {
        String pass = "drill-secret-" + Long.toHexString(System.nanoTime());
        try (SandboxCluster sandbox = SandboxCluster.builder().stanza("enc").fsync(false).cipher(Secret.of(pass))
                .start()) {
            PgBackRest pgbr = sandbox.pgBackRest();
            pgbr.stanzaCreate();
            pgbr.backup(BackupType.FULL);
            sandbox.execute("create table t(id int)", "insert into t select generate_series(1, 42)");
            pgbr.check(); // archives the WAL holding the rows: only WAL replay brings them back

            DrillReport r = pgbr.restoreDrill().expectRowCount("t", 42).reportDirectory(reports).run();
            assertTrue(r.passed(), () -> r.failure() + " " + r.checks());
            try (Stream<Path> files = Files.walk(reports)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(Files.readString(f).contains(pass), "secret leaked into " + f);
                }
            }
            assertEquals(DrillStatus.PASSED, r.status());
        }
    }
}
