package dev.pitr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pitr.config.PgBackRestVersion;
import dev.pitr.config.Secret;
import dev.pitr.error.PgBackRestException;
import dev.pitr.operation.BackupType;
import dev.pitr.operation.Operation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact argv pitr builds per operation (fake runner: nothing is executed). */
class CommandLineTest {
    @TempDir
    Path dir;

    private PgBackRest load(FakeRunner runner) throws Exception {
        Path conf = dir.resolve("pgbackrest.conf");
        java.nio.file.Files.writeString(conf, "[demo]\npg1-path=/var/lib/postgresql/main\n");
        return PgBackRest.configure().allowRoot(true).stanza("demo").configFile(conf).commandRunner(runner)
                .timeout(Operation.BACKUP, Duration.ofMinutes(7)).load();
    }

    private List<String> prefix() {
        return List.of("pgbackrest", "--config=" + dir.resolve("pgbackrest.conf"), "--stanza=demo",
                "--log-level-console=info", "--log-level-stderr=off");
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }

    @Test
    void loadChecksTheVersionFirst() throws Exception {
        FakeRunner runner = new FakeRunner();
        PgBackRest pgbr = load(runner);
        assertEquals(List.of("pgbackrest", "version"), runner.specs.get(0).argv());
        assertEquals(new PgBackRestVersion(2, 45, 0), pgbr.version());
    }

    @Test
    void checkAndStanzaCreateCarryConfigAndStanzaExplicitly() throws Exception {
        FakeRunner runner = new FakeRunner();
        PgBackRest pgbr = load(runner);
        pgbr.stanzaCreate();
        assertEquals(concat(prefix(), "stanza-create"), runner.last().argv());
        pgbr.check();
        assertEquals(concat(prefix(), "check"), runner.last().argv());
    }

    @Test
    void backupPassesTypeRepoAndAnnotationsAsSeparateTokensWithItsOwnTimeout() throws Exception {
        FakeRunner runner = new FakeRunner();
        PgBackRest pgbr = load(runner);
        try {
            pgbr.backup().type(BackupType.DIFF).repo(2).annotation("reason", "before release 1.2").run();
        } catch (PgBackRestException expectedNoNewSetInFakeInfo) {
            // the fake info shows no new backup set; the argv is what this test is about
        }
        assertEquals(concat(prefix(), "--type=diff", "--repo=2", "--annotation=reason=before release 1.2", "backup"),
                runner.lastOf("backup").argv());
        assertEquals(Duration.ofMinutes(7), runner.lastOf("backup").timeout());
    }

    @Test
    void infoKeepsStdoutPureJsonAndCapturesIt() throws Exception {
        FakeRunner runner = new FakeRunner();
        PgBackRest pgbr = load(runner);
        pgbr.info();
        assertEquals(List.of("pgbackrest", "--config=" + dir.resolve("pgbackrest.conf"), "--stanza=demo",
                "--log-level-console=off", "--log-level-stderr=warn", "--output=json", "info"), runner.last().argv());
        assertTrue(runner.last().captureStdout());
    }

    @Test
    void expireDryRunAndAnnotate() throws Exception {
        FakeRunner runner = new FakeRunner();
        PgBackRest pgbr = load(runner);
        pgbr.expire().dryRun().repo(1).run();
        assertEquals(concat(prefix(), "--dry-run", "--repo=1", "expire"), runner.last().argv());
        pgbr.annotate("20261126-123708F", Map.of("checked", "yes"));
        assertEquals(concat(prefix(), "--set=20261126-123708F", "--annotation=checked=yes", "annotate"), runner.last().argv());
        pgbr.stop();
        assertEquals(concat(prefix(), "stop"), runner.last().argv());
        pgbr.start();
        assertEquals(concat(prefix(), "start"), runner.last().argv());
    }

    @Test
    void runAsAndSecretsAreCarriedByTheSpecNotTheArgv() throws Exception {
        FakeRunner runner = new FakeRunner();
        Path conf = dir.resolve("pgbackrest.conf");
        java.nio.file.Files.writeString(conf, "[demo]\n");
        PgBackRest pgbr = PgBackRest.configure().stanza("demo").configFile(conf).runAs("nobody")
                .secret("repo1-cipher-pass", Secret.of("s3cr3t-value")).commandRunner(runner).load();
        pgbr.check();
        assertEquals(Optional.of("nobody"), runner.last().runAs());
        assertEquals("s3cr3t-value", runner.last().secrets().get("PGBACKREST_REPO1_CIPHER_PASS").reveal());
        assertFalse(String.join(" ", runner.last().argv()).contains("s3cr3t-value"));
    }
}
