package dev.pitr;

import dev.pitr.config.Secret;
import dev.pitr.drill.DrillReport;
import dev.pitr.operation.BackupType;
import dev.pitr.sandbox.SandboxCluster;
import java.nio.file.Path;
import java.util.List;

/**
 * Child JVM of {@link SecretEnvironmentDrillIT}, started with {@code NBMS_CIPHER_PASS} in its environment, as
 * docs/security.md tells users to pass the cipher pass: an encrypted sandbox, a full backup, and a drill whose
 * post-restore command prints its PG*, PITR_* and NBMS_* environment and the pass (read from a file, as a careless script might),
 * leaves a background child holding its stdout, and whose SQL check returns the pass.
 *
 * <p>Arguments: report directory, audit log, file holding the pass, sleep token for the background child.
 */
public final class SecretEnvironmentDrillMain {
    private SecretEnvironmentDrillMain() {
    }

    public static void main(String[] args) {
        Secret pass = Secret.fromEnv("NBMS_CIPHER_PASS");
        try (SandboxCluster sandbox = SandboxCluster.builder().stanza("envsecret").fsync(false).cipher(pass)
                .configure(c -> c.auditLog(Path.of(args[1]))).start()) {
            PgBackRest pgbr = sandbox.pgBackRest();
            pgbr.stanzaCreate();
            pgbr.backup(BackupType.FULL);
            long t0 = System.nanoTime();
            DrillReport report = pgbr.restoreDrill().reportDirectory(Path.of(args[0]))
                    .postRestoreCommand(List.of("sh", "-c", "env | grep -E '^(PG|PITR_|NBMS_)'; sleep " + args[3] + " & cat " + args[2]))
                    .assertSqlEquals("echo", "select '" + pass.reveal() + "'", pass.reveal())
                    .run();
            System.out.println("DRILL_SECONDS=" + (System.nanoTime() - t0) / 1_000_000_000.0);
            System.out.println("REPORT=" + report);
            System.out.println("STATUS=" + report.status());
        }
        System.exit(0);
    }
}
