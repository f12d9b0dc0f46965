package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.operation.CheckResult;
import dev.pitr.sandbox.SandboxCluster;
import dev.pitr.sandbox.SandboxExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real PostgreSQL + pgBackRest: stanza-create, check, full/diff/incr backups read back through info. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupLifecycleIT {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.of(SandboxCluster.builder().stanza("lifecycle"))
            .withoutStanza();

    static SandboxCluster sandbox;
    static PgBackRest pgbr;

    @BeforeAll
    static void start() {
        sandbox = SANDBOX.cluster();
        pgbr = sandbox.pgBackRest();
    }

    @Test
    @Order(1)
    void stanzaCreateThenCheckPasses() {
        pgbr.stanzaCreate();
        CheckResult check = pgbr.check();
        assertEquals(0, check.command().exitCode());
        assertEquals("lifecycle", check.stanza());
    }

    @Test
    @Order(2)
    void fullDiffAndIncrBackupsCarryTheirAnnotationsIntoInfo() {
        BackupResult full = pgbr.backup().type(BackupType.FULL).annotation("source", "it").run();
        assertEquals(BackupType.FULL, full.type());
        assertTrue(full.label().endsWith("F"), full.label());
        assertEquals(Map.of("source", "it"), full.annotations());
        assertTrue(full.size() > 1_000_000, "database size " + full.size());

        sandbox.execute("create table t(id int)", "insert into t select generate_series(1, 1000)");
        BackupResult diff = pgbr.backup().type(BackupType.DIFF).annotation("step", "2").run();
        assertEquals(BackupType.DIFF, diff.type());
        BackupResult incr = pgbr.backup(BackupType.INCR);
        assertEquals(BackupType.INCR, incr.type());

        StanzaInfo info = pgbr.stanzaInfo();
        assertTrue(info.status().ok(), info.status().toString());
        assertEquals(3, info.backups().size());
        BackupInfo latest = info.latestBackup().orElseThrow();
        assertEquals(incr.label(), latest.label());
        assertEquals(full.label(), info.latestFull().orElseThrow().label());
        assertEquals(diff.label(), latest.prior().orElseThrow());
        assertEquals("2", info.backup(diff.label()).orElseThrow().annotations().get("step"));
        assertTrue(info.recoveryWindow().orElseThrow().earliest().equals(info.backup(full.label()).orElseThrow().stop()));
        assertTrue(info.latestArchivedWal().isPresent());
    }
}
