package dev.pitr.examples.benchmark;

import dev.pitr.PgBackRest;
import dev.pitr.drill.DrillReport;
import dev.pitr.operation.BackupType;
import dev.pitr.operation.Operation;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.sandbox.SandboxCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark harness ({@code bash scripts/benchmark.sh}; not part of the test suite): pitr against the
 * same work done by hand, interleaved in one run on a pgbench-initialised sandbox per scale.
 *
 * <ul>
 * <li>full backup: {@code pgbr.backup(FULL)} vs the same pgbackrest argv run directly</li>
 * <li>restore drill to a time target: {@code pgbr.restoreDrill()...run()} (restore, start, recovery, row-count
 * check, teardown) vs scripts/bench/raw-drill.sh (pgbackrest restore, pg_ctl start, poll until promoted, the
 * same count, pg_ctl stop, rm -rf)</li>
 * <li>check: {@code pgbr.check()} and, when given, a Maven command line ({@code pitr:check}) vs pgbackrest check</li>
 * </ul>
 * Everything is wall-clock time measured from this JVM around the call or the process. Runs alternate
 * which side goes first. One untimed warm-up of each side precedes the timed runs (the first restore on a
 * fresh VM is consistently slower, see docs/benchmarks.md).
 *
 * <p>The WAL-heavy scenario ({@code --wal-heavy=SCALE:LOAD_SECONDS}, {@link WalHeavy}) measures a drill whose time
 * goes into WAL replay, pitr in its own JVM against the runbook's hand script.
 *
 * <p>Options: {@code --scales=10,60 --runs=5 --out=DIR --raw-drill=PATH --wal-heavy=20:90,60:10 --with-untuned --hold
 * --pitr-jvm=-XX:TieredStopAtLevel=1,...} (JVM options of pitr's own-JVM drill, comma-separated: what a launcher's
 * flags buy)
 * ({@code --scales=} with nothing runs only the WAL-heavy scenario); the environment variable
 * {@code PITR_BENCH_MAVEN_CHECK} holds the Maven command line for {@code pitr:check} (it gets
 * {@code -Dpitr.stanza}/{@code -Dpitr.configFile} appended), as scripts/benchmark.sh sets it.
 */
public final class Benchmark {
    private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);

    private final Map<String, String> options;
    private final Path out;
    private final List<String> rows = new ArrayList<>();
    private final StringBuilder summary = new StringBuilder();

    private Benchmark(Map<String, String> options) {
        this.options = options;
        this.out = Path.of(options.getOrDefault("out", "target/benchmark")).toAbsolutePath();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String a : args) {
            if (!a.isBlank()) {
                String[] kv = a.replaceFirst("^--", "").split("=", 2);
                options.put(kv[0], kv.length > 1 ? kv[1] : "true");
            }
        }
        new Benchmark(options).run();
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        int runs = Integer.parseInt(options.getOrDefault("runs", "5"));
        summary.append(Machine.describe()).append('\n');
        for (String s : options.getOrDefault("scales", "10,60").split(",")) {
            if (!s.isBlank()) {
                scale(Integer.parseInt(s.strip()), runs);
            }
        }
        // SCALE:LOAD_SECONDS pairs: 20:90 is the WAL-heavy drill, 60:10 the restore-heavy one, both own-JVM.
        for (String scenario : options.getOrDefault("wal-heavy", "").split(",")) {
            if (!scenario.isBlank()) {
                String[] sl = scenario.strip().split(":");
                new WalHeavy(Integer.parseInt(sl[0]), Integer.parseInt(sl.length > 1 ? sl[1] : "90"), runs, out,
                        rawDrillScript(), rows, summary, options.containsKey("with-untuned"), options.containsKey("hold"),
                        pitrJvmOptions()).run();
            }
        }
        Files.write(out.resolve("runs.tsv"), rows);
        Files.writeString(out.resolve("summary.md"), summary);
        LOG.info("\n{}", summary);
        LOG.info("every timing: {}; summary: {}", out.resolve("runs.tsv"), out.resolve("summary.md"));
    }

    private void scale(int scale, int runs) throws Exception {
        LOG.info("load average {}", Machine.load());
        LOG.info("=== scale {}: creating a sandbox and running pgbench -i -s {}", scale, scale);
        try (SandboxCluster sandbox = SandboxCluster.builder().stanza("bench").start()) {
            PgBackRest pgbr = sandbox.pgBackRest();
            Path pgBin = pgBin();
            List<String> pgbench = List.of(pgBin.resolve("pgbench").toString(), "-h", sandbox.socketDirectory().toString(),
                    "-p", Integer.toString(sandbox.port()));
            long t = System.nanoTime();
            Shell.run(Shell.asServerUser(concat(pgbench, "-i", "-q", "-s", Integer.toString(scale), "postgres")));
            long initMs = ms(t);
            String dbSize = sandbox.queryForString("SELECT pg_size_pretty(pg_database_size('postgres'))");
            long accounts = Long.parseLong(sandbox.queryForString("SELECT count(*) FROM pgbench_accounts"));
            pgbr.stanzaCreate();
            List<String> rawBackup = Shell.asServerUser(pgbr.backup().type(BackupType.FULL).plan().argv());
            List<String> rawCheck = Shell.asServerUser(pgbr.plan(Operation.CHECK).argv());
            List<String> rawInfo = Shell.asServerUser(pgbr.plan(Operation.INFO).argv());

            LOG.info("scale {}: {} database, {} accounts; warm-up full backup", scale, dbSize, accounts);
            archived(sandbox);
            Shell.run(rawBackup);

            Map<String, List<Long>> m = new LinkedHashMap<>();
            for (int i = 0; i < runs; i++) {
                archived(sandbox);
                pair(i, m, scale, "backup-full", () -> { pgbr.backup(BackupType.FULL); return Map.of(); },
                        () -> { Shell.run(rawBackup); return Map.of(); });
            }

            LOG.info("scale {}: drill set-up (pgbench -T 10, target time, pgbench -t 100, incr backup)", scale);
            Shell.run(Shell.asServerUser(concat(pgbench, "-n", "-T", "10", "postgres")));
            Instant lastFullStop = pgbr.stanzaInfo().latestFull().orElseThrow().stop();
            while (Instant.now().isBefore(lastFullStop.plusMillis(1100))) {
                Thread.sleep(50);
            }
            Instant target = Instant.now();
            Thread.sleep(20);
            Shell.run(Shell.asServerUser(concat(pgbench, "-n", "-t", "100", "postgres")));
            archived(sandbox);
            pgbr.backup(BackupType.INCR);

            String targetText = RecoveryTarget.time(target).value().orElseThrow();
            int cores = Runtime.getRuntime().availableProcessors();
            Supplier<Map<String, Long>> pitrDrill = () -> {
                // amcheck off: the raw side does not read every page either (its cost is measured on its own,
                // scripts/bench/amcheck-cost.sh, docs/restore-drills.md).
                DrillReport r = pgbr.restoreDrill().target(RecoveryTarget.time(target)).amcheck(false)
                        .expectRowCount("pgbench_accounts", accounts).reportDirectory(out.resolve("drill-reports")).run();
                if (!r.passed()) {
                    throw new IllegalStateException("pitr drill FAILED: " + r.failure() + " " + r.failedChecks());
                }
                Map<String, Long> parts = new LinkedHashMap<>();
                parts.put("pitr.restore", r.timings().restore().toMillis());
                parts.put("pitr.recovery", r.timings().recovery().toMillis());
                parts.put("pitr.total-rto", r.timings().total().toMillis());
                return parts;
            };
            Supplier<Map<String, Long>> rawDrill = () -> {
                String line = Shell.run(List.of("bash", rawDrillScript().toString(), sandbox.configFile().toString(), "bench",
                        targetText, "/tmp/pitr-bench-raw-" + ProcessHandle.current().pid(), Integer.toString(freePort()),
                        Integer.toString(cores), pgBin.toString(), "pgbench_accounts")).strip();
                String[] f = line.substring(line.lastIndexOf('\n') + 1).split(" ");
                if (Long.parseLong(f[6]) != accounts) {
                    throw new IllegalStateException("raw drill counted " + f[6] + " rows, expected " + accounts);
                }
                Map<String, Long> parts = new LinkedHashMap<>();
                String[] names = {"raw.restore", "raw.recovery", "raw.count", "raw.stop", "raw.rm"};
                for (int k = 0; k < names.length; k++) {
                    parts.put(names[k], Long.parseLong(f[k]));
                }
                return parts;
            };
            LOG.info("scale {}: warm-up drills (untimed)", scale);
            Map<String, List<Long>> warm = new LinkedHashMap<>();
            pair(0, warm, scale, "warmup-drill", pitrDrill, rawDrill);
            for (int i = 0; i < runs; i++) {
                pair(i, m, scale, "drill", pitrDrill, rawDrill);
            }

            // A pitr backup reads info before and after pgbackrest backup (to name the new set): its own cost.
            for (int i = 0; i < runs; i++) {
                pair(i, m, scale, "info", () -> { pgbr.stanzaInfo(); return Map.of(); }, () -> { Shell.run(rawInfo); return Map.of(); });
            }
            for (int i = 0; i < runs; i++) {
                pair(i, m, scale, "check", () -> { pgbr.check(); return Map.of(); }, () -> { Shell.run(rawCheck); return Map.of(); });
            }
            Optional.ofNullable(options.getOrDefault("maven-check", System.getenv("PITR_BENCH_MAVEN_CHECK"))).filter(s -> !s.isBlank()).ifPresent(mvn -> {
                List<String> argv = new ArrayList<>(Arrays.asList(mvn.trim().split("\\s+")));
                argv.add("-Dpitr.stanza=bench");
                argv.add("-Dpitr.configFile=" + sandbox.configFile());
                argv.add("-Dpitr.runAsUser=" + sandbox.user());
                for (int i = 0; i < runs; i++) {
                    // In a directory without a pom: the goal runs without a project, as in a pipeline step.
                    pair(i, m, scale, "maven-check", () -> { Shell.run(argv, out); return Map.of(); },
                            () -> { Shell.run(rawCheck); return Map.of(); });
                }
            });
            report(scale, dbSize, accounts, initMs, warm, m);
        }
    }

    /** One interleaved pair; even runs pitr first, odd runs raw first. */
    private void pair(int i, Map<String, List<Long>> m, int scale, String what, Supplier<Map<String, Long>> pitr,
            Supplier<Map<String, Long>> raw) {
        boolean pitrFirst = i % 2 == 0;
        for (int side = 0; side < 2; side++) {
            boolean isPitr = (side == 0) == pitrFirst;
            long t = System.nanoTime();
            Map<String, Long> parts = (isPitr ? pitr : raw).get();
            long wall = ms(t);
            String key = what + (isPitr ? ".pitr" : ".raw");
            m.computeIfAbsent(key, k -> new ArrayList<>()).add(wall);
            parts.forEach((k, v) -> m.computeIfAbsent(what + "." + k, x -> new ArrayList<>()).add(v));
            rows.add(scale + "\t" + what + "\t" + (isPitr ? "pitr" : "raw") + "\t" + i + "\t" + wall + "\t" + parts);
            LOG.info("scale {} {} run {} {}: {} ms {}", scale, what, i + 1, isPitr ? "pitr" : "raw ", wall, parts.isEmpty() ? "" : parts);
        }
    }

    private void report(int scale, String dbSize, long accounts, long initMs, Map<String, List<Long>> warm,
            Map<String, List<Long>> m) {
        summary.append("\n### Scale ").append(scale).append(" (").append(dbSize).append(", ").append(accounts)
                .append(" pgbench_accounts rows; pgbench -i took ").append(initMs).append(" ms; load average at the end ").append(Machine.load()).append(")\n\n")
                .append("| Operation | pitr median (min–max) ms | raw median (min–max) ms | pitr / raw |\n")
                .append("|---|---:|---:|---:|\n");
        for (String what : List.of("backup-full", "drill", "info", "check", "maven-check")) {
            Stats p = Stats.of(m.getOrDefault(what + ".pitr", List.of()));
            Stats r = Stats.of(m.getOrDefault(what + ".raw", List.of()));
            if (p.n() > 0) {
                summary.append("| ").append(what).append(" | ").append(p.cell()).append(" | ").append(r.cell()).append(" | ")
                        .append(Stats.ratio(p, r)).append(" |\n");
            }
        }
        summary.append("\nDrill breakdown (median (min–max) ms):\n\n| Step | value |\n|---|---:|\n");
        m.forEach((k, v) -> {
            if (k.startsWith("drill.pitr.") || k.startsWith("drill.raw.")) {
                summary.append("| ").append(k.substring(6)).append(" | ").append(Stats.of(v).cell()).append(" |\n");
            }
        });
        summary.append("\nWarm-up drill (untimed in the medians): pitr ").append(warm.get("warmup-drill.pitr"))
                .append(" ms, raw ").append(warm.get("warmup-drill.raw")).append(" ms\n");
    }

    /**
     * Waits until the WAL written so far is in the repository (not timed): after a switch, until the server's
     * archive_status directory holds no {@code .ready} file. (Comparing names with pg_stat_archiver's
     * last_archived_wal is not enough: after a backup it names the backup history file, which sorts before
     * the segment the backup closed.)
     */
    static void archived(SandboxCluster sandbox) throws InterruptedException {
        sandbox.queryForString("SELECT pg_switch_wal()");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            String pending = sandbox.queryForString(
                    "SELECT count(*) FROM pg_ls_archive_statusdir() WHERE name LIKE '%.ready'");
            if ("0".equals(pending)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("WAL not archived in 120 s; see " + sandbox.serverLog());
    }

    /** {@code --pitr-jvm}: options for the JVM of pitr's own-JVM drill, comma-separated (none by default). */
    private List<String> pitrJvmOptions() {
        String value = options.getOrDefault("pitr-jvm", "");
        return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(o -> !o.isEmpty()).toList();
    }

    private Path rawDrillScript() {
        return Path.of(options.getOrDefault("raw-drill", "../scripts/bench/raw-drill.sh")).toAbsolutePath();
    }

    static Path pgBin() throws IOException {
        String env = System.getenv("PITR_PG_BIN");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        try (var dirs = Files.list(Path.of("/usr/lib/postgresql"))) {
            return dirs.map(d -> d.resolve("bin")).filter(d -> Files.isExecutable(d.resolve("pg_ctl")))
                    .max((a, b) -> Integer.compare(major(a), major(b)))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql; set PITR_PG_BIN"));
        }
    }

    private static int major(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(Arrays.asList(more));
        return all;
    }

    static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
