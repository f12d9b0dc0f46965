package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.Secret;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.operation.BackupType;
import dev.pitr.sandbox.SandboxCluster;
import dev.pitr.sandbox.SandboxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A drill from an encrypted repository: the cipher pass reaches pgBackRest only through the environment,
 * so recovery (restore_command = archive-get) works only if pitr put it into the drill postmaster's
 * environment; it must not leak into the report files.
 */
class EncryptedRepositoryDrillIT {
    private static final String PASS = "drill-secret-" + Long.toHexString(System.nanoTime());

    @TempDir
    Path reports;

    @RegisterExtension
    final SandboxExtension sandbox = SandboxExtension.of(SandboxCluster.builder().stanza("enc").fsync(false)
            .cipher(Secret.of(PASS)));

    @Test
    void drillFromAnEncryptedRepositoryReplaysWalWithTheSecretOnlyInThePostmasterEnvironment(SandboxCluster sandbox,
            PgBackRest pgbr) throws Exception {
        pgbr.backup(BackupType.FULL);
        sandbox.execute("create table t(id int)", "insert into t select generate_series(1, 42)");
        pgbr.check(); // archives the WAL holding the rows: only WAL replay brings them back

        DrillReport r = pgbr.restoreDrill().expectRowCount("t", 42).reportDirectory(reports).run();
        assertTrue(r.passed(), () -> r.failure() + " " + r.checks());
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f).contains(PASS), "secret leaked into " + f);
            }
        }
        assertEquals(DrillStatus.PASSED, r.status());
    }
}
