package dev.pitr.examples;

import dev.pitr.PgBackRest;
import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillReport;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.sandbox.SandboxCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quickstart demo: the runbook (docs/runbook.md) end to end on a throwaway sandbox cluster, with
 * pitr's public API only. {@code bash scripts/quickstart.sh} runs it.
 *
 * <ol>
 * <li>a sandbox: PostgreSQL with WAL archiving into a posix repository in its own temp directory</li>
 * <li>stanza-create, check, full backup</li>
 * <li>a batch of rows, the target time recorded, more rows after it (archived)</li>
 * <li>incremental backup, info</li>
 * <li>a restore drill to the recorded time: row count and SQL checks on an isolated clone</li>
 * <li>a summary, then the sandbox is removed (the drill reports stay)</li>
 * </ol>
 *
 * Exit status 0 when the drill PASSED, 1 otherwise.
 */
public final class QuickstartDemo {
    private static final Logger LOG = LoggerFactory.getLogger(QuickstartDemo.class);
    private static final int STEPS = 10;
    private static final int ROWS_BEFORE_TARGET = 1000;
    private static final int ROWS_AFTER_TARGET = 250;

    private QuickstartDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path reports = Path.of(args.length > 0 ? args[0] : "target/quickstart-drill-report").toAbsolutePath();
        DrillReport drill = run(reports);
        LOG.info("done.");
        System.exit(drill.passed() ? 0 : 1);
    }

    /** Runs the whole demo and returns the drill's report; the sandbox is gone when it returns. */
    public static DrillReport run(Path reports) throws Exception {
        Instant demoStart = Instant.now();

        step(1, "sandbox cluster", "a throwaway PostgreSQL with archive_command = pgbackrest archive-push");
        try (SandboxCluster sandbox = SandboxCluster.builder().stanza("demo").start()) {
            PgBackRest pgbr = sandbox.pgBackRest();
            say("PostgreSQL %s in %s", sandbox.queryForString("SHOW server_version"), sandbox.dataDirectory());
            say("pgBackRest %s, posix repository %s, config %s", pgbr.version(), sandbox.repositoryPath(), pgbr.configuration().configFile());

            step(2, "stanza-create", "pgbackrest --stanza=demo stanza-create");
            pgbr.stanzaCreate();
            say("stanza 'demo' created");

            step(3, "check", "pgbackrest --stanza=demo check");
            long t = System.nanoTime();
            pgbr.check();
            say("WAL archiving works and the repository is valid (%d ms)", ms(t));

            step(4, "full backup", "PGBACKREST_TYPE=full pgbackrest --stanza=demo backup");
            BackupResult full = pgbr.backup(BackupType.FULL);
            say("%s backup %s: %s database, %s in the repository, %d ms", full.type(), full.label(), size(full.size()),
                    size(full.repoSize()), full.command().duration().toMillis());

            step(5, "a batch of rows", "the application writes");
            sandbox.execute("CREATE TABLE orders (id bigint PRIMARY KEY, amount numeric(10,2) NOT NULL, "
                            + "created_at timestamptz NOT NULL DEFAULT now())",
                    "INSERT INTO orders (id, amount) SELECT g, round((g % 97) * 1.25, 2) FROM generate_series(1, "
                            + ROWS_BEFORE_TARGET + ") g");
            String totalAtTarget = sandbox.queryForString("SELECT sum(amount) FROM orders");
            say("orders: %d rows, sum(amount) = %s", ROWS_BEFORE_TARGET, totalAtTarget);

            step(6, "record the recovery target time", "runbook PITR step 1: identify the target timestamp (UTC)");
            // pgBackRest picks the newest backup whose stop time (whole seconds) is before the target; a target
            // in the same second as the full backup's stop would find none ([075]). Real targets are far later.
            while (Instant.now().isBefore(full.stop().plusMillis(1100))) {
                Thread.sleep(50);
            }
            Instant target = Instant.now();
            Thread.sleep(50);
            say("target = %s  (everything committed before it must come back, nothing after it)", target);

            step(7, "more rows after the target", "the mistake PITR undoes");
            sandbox.execute("INSERT INTO orders (id, amount) SELECT g, 9999.99 FROM generate_series("
                    + (ROWS_BEFORE_TARGET + 1) + ", " + (ROWS_BEFORE_TARGET + ROWS_AFTER_TARGET) + ") g");
            String walFile = sandbox.queryForString("SELECT pg_walfile_name(pg_switch_wal() - 1)");
            waitArchived(sandbox);
            say("orders: %d rows now; WAL %s with those commits is archived", ROWS_BEFORE_TARGET + ROWS_AFTER_TARGET, walFile);

            step(8, "incremental backup", "PGBACKREST_TYPE=incr pgbackrest --stanza=demo backup");
            BackupResult incr = pgbr.backup(BackupType.INCR);
            say("%s backup %s: %s copied, %d ms", incr.type(), incr.label(), size(incr.repoDelta()),
                    incr.command().duration().toMillis());

            step(9, "info", "pgbackrest info --stanza=demo");
            StanzaInfo info = pgbr.stanzaInfo();
            say("stanza status: %s", info.status().message());
            for (BackupInfo b : info.backups()) {
                say("  %-40s %-4s %s .. %s  %s", b.label(), b.type(), b.start(), b.stop(), size(b.size()));
            }
            pgbr.walArchive(info).recoveryWindow().ifPresent(w -> say("recoverable: from %s to %s (%s)", w.earliest(),
                    w.latest(), w.latestSource().description()));

            step(10, "restore drill to the target time", "runbook PITR procedure + restore drill checklist, on an isolated clone");
            say("restoring into a scratch directory, starting PostgreSQL on a private socket, replaying WAL to %s ...", target);
            DrillReport drill = pgbr.restoreDrill()
                    .target(RecoveryTarget.time(target))
                    .expectRowCount("public.orders", ROWS_BEFORE_TARGET)
                    .assertSql("no-orders-after-target", "SELECT count(*) = 0 FROM orders WHERE id > " + ROWS_BEFORE_TARGET)
                    .assertSqlEquals("orders-total-at-target", "SELECT sum(amount)::text FROM orders", totalAtTarget)
                    .maxRto(Duration.ofMinutes(5))
                    .reportDirectory(reports)
                    .run();
            for (DrillCheck c : drill.checks()) {
                say("  %-6s %-28s expected %-14s actual %s", c.status(), c.name(), c.expected(), c.actual());
            }

            summary(full, incr, drill, demoStart);
            say("cleaning up: stopping the sandbox and deleting %s (the drill reports stay)", sandbox.directory());
            return drill;
        }
    }

    private static void summary(BackupResult full, BackupResult incr, DrillReport drill, Instant demoStart) {
        LOG.info("");
        LOG.info("================================ summary ================================");
        say("full backup         %s", full.label());
        say("incremental backup  %s", incr.label());
        say("drill target        %s", drill.target());
        say("drill restored      %s%s", drill.backupSet(), drill.recoveredTo().map(r -> "  (last replayed commit " + r + ")").orElse(""));
        say("drill status        %s  (%d of %d checks passed)", drill.status(),
                drill.checks().stream().filter(DrillCheck::passed).count(), drill.checks().size());
        drill.failure().ifPresent(f -> say("drill failure       %s", f));
        say("restore             %6d ms", drill.timings().restore().toMillis());
        say("recovery            %6d ms", drill.timings().recovery().toMillis());
        say("total (RTO)         %6d ms", drill.timings().total().toMillis());
        for (Path p : drill.reportFiles()) {
            say("report              %s", p);
        }
        say("demo took           %d s", Duration.between(demoStart, Instant.now()).toSeconds());
        LOG.info("=========================================================================");
    }

    /** Waits until every completed WAL segment is archived: no {@code .ready} file left in archive_status. */
    private static void waitArchived(SandboxCluster sandbox) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if ("0".equals(sandbox.queryForString(
                    "SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready'"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("WAL was not archived within 60 s; see " + sandbox.serverLog());
    }

    private static void step(int n, String title, String runbook) {
        LOG.info("");
        LOG.info("== step {}/{}: {}   [{}]", n, STEPS, title, runbook);
    }

    private static void say(String format, Object... args) {
        LOG.info("   " + String.format(format, args));
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? String.format("%.1f MB", bytes / 1048576.0) : String.format("%.0f kB", bytes / 1024.0);
    }
}
