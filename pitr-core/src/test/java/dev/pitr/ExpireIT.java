package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.operation.BackupType;
import dev.pitr.operation.ExpireResult;
import dev.pitr.sandbox.SandboxCluster;
import dev.pitr.sandbox.SandboxExtension;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** expire honours repo1-retention-full: a dry run names the oldest full and removes nothing; a real run removes it. */
class ExpireIT {
    @RegisterExtension
    final SandboxExtension sandbox = SandboxExtension.of(SandboxCluster.builder().stanza("expire").retentionFull(2)
            .configure(c -> c.globalOption("expire-auto", "n")));

    @Test
    void expireKeepsTheConfiguredNumberOfFullBackups(SandboxCluster sandbox, PgBackRest pgbr) {
        String oldest = pgbr.backup(BackupType.FULL).label();
        pgbr.backup(BackupType.FULL);
        pgbr.backup(BackupType.FULL);
        assertEquals(3, pgbr.stanzaInfo().backups().size());

        ExpireResult dry = pgbr.expire().dryRun().run();
        assertEquals(List.of(oldest), dry.expiredBackups());
        assertEquals(3, pgbr.stanzaInfo().backups().size(), "a dry run removes nothing");

        ExpireResult real = pgbr.expire().run();
        assertFalse(real.dryRun());
        assertEquals(List.of(oldest), real.expiredBackups());
        assertEquals(2, pgbr.stanzaInfo().fullBackups().size());
        assertTrue(pgbr.stanzaInfo().backup(oldest).isEmpty());
        assertFalse(Files.exists(sandbox.repositoryPath().resolve("backup/expire/" + oldest)),
                "the expired backup's files are gone from the repository");
    }
}
