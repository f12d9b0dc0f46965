package dev.pitr.examples.benchmark;

import dev.pitr.PgBackRest;
import dev.pitr.operation.BackupType;
import dev.pitr.restore.RecoveryTarget;
import dev.pitr.sandbox.SandboxCluster;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WAL-heavy scenario: where real drills spend their time. A weekly full backup, then a day's worth of writes
 * in small (here {@code pgbench -c 2 -T LOAD}), the target at the end: every drill restores the full set and
 * replays all of that WAL. pitr's drill runs through the public API in a JVM of its own ({@link DrillOnce}, JVM
 * start included), interleaved with the runbook's hand script (scripts/bench/raw-drill.sh: restore with
 * process-max = cores, start, poll until promoted, count, stop, rm); optionally ({@code --with-untuned}) a third
 * side, pitr with its replay settings and fetch-ahead turned off. Both check the same history row count at the
 * target. The pitr drills share one report directory, so each one's RTO estimate is calibrated by the ones
 * before it: the summary shows every estimate against its drill's measured RTO.
 */
final class WalHeavy {
    private static final Logger LOG = LoggerFactory.getLogger(WalHeavy.class);
    private static final String STANZA = "walbench";

    private final int scale;
    private final int loadSeconds;
    private final int runs;
    private final Path out;
    private final Path rawDrill;
    private final List<String> rows;
    private final StringBuilder summary;
    private final boolean withUntuned;
    private final boolean hold;
    /** JVM options of pitr's own-JVM drill ({@code --pitr-jvm}), empty for a plain {@code java -cp}. */
    private final List<String> pitrJvm;

    WalHeavy(int scale, int loadSeconds, int runs, Path out, Path rawDrill, List<String> rows, StringBuilder summary,
            boolean withUntuned, boolean hold, List<String> pitrJvm) {
        this.scale = scale;
        this.loadSeconds = loadSeconds;
        this.runs = runs;
        this.out = out;
        this.rawDrill = rawDrill;
        this.rows = rows;
        this.summary = summary;
        this.withUntuned = withUntuned;
        this.hold = hold;
        this.pitrJvm = List.copyOf(pitrJvm);
    }

    void run() throws Exception {
        LOG.info("=== WAL-heavy: scale {}, pgbench -c 2 -T {} after the full backup; load average {}", scale,
                loadSeconds, Machine.load());
        try (SandboxCluster sandbox = SandboxCluster.builder().stanza(STANZA).start()) {
            PgBackRest pgbr = sandbox.pgBackRest();
            Path pgBin = Benchmark.pgBin();
            List<String> pgbench = List.of(pgBin.resolve("pgbench").toString(), "-h",
                    sandbox.socketDirectory().toString(), "-p", Integer.toString(sandbox.port()));
            Shell.run(Shell.asServerUser(Benchmark.concat(pgbench, "-i", "-q", "-s", Integer.toString(scale),
                    "postgres")));
            String dbSize = sandbox.queryForString("SELECT pg_size_pretty(pg_database_size('postgres'))");
            pgbr.stanzaCreate();
            Benchmark.archived(sandbox);
            pgbr.backup(BackupType.FULL);
            String lsn0 = sandbox.queryForString("SELECT pg_current_wal_lsn()");
            Shell.run(Shell.asServerUser(Benchmark.concat(pgbench, "-n", "-c", "2", "-j", "2", "-T",
                    Integer.toString(loadSeconds), "postgres")));
            long walBytes = Long.parseLong(sandbox.queryForString("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '"
                    + lsn0 + "')::bigint"));
            long historyAtTarget = Long.parseLong(sandbox.queryForString("SELECT count(*) FROM pgbench_history"));
            Thread.sleep(1100);
            Instant target = Instant.now();
            Thread.sleep(1100);
            Shell.run(Shell.asServerUser(Benchmark.concat(pgbench, "-n", "-t", "50", "postgres")));
            Benchmark.archived(sandbox);
            LOG.info("WAL-heavy: {} database, {} MB of WAL to replay, {} history rows at the target {}", dbSize,
                    walBytes / 1_000_000, historyAtTarget, target);

            // Each scenario is another database: its own drill history (which calibrates the RTO estimate), started
            // empty, so "drill 3" is the third drill of this database.
            Path reports = fresh(out.resolve("wal-heavy-reports-" + scale));
            Path untunedReports = fresh(out.resolve("wal-heavy-reports-untuned-" + scale));
            String targetText = RecoveryTarget.time(target).value().orElseThrow();
            int cores = Runtime.getRuntime().availableProcessors();
            if (hold) {
                hold(sandbox, target, targetText, cores, pgBin, historyAtTarget, reports);
                return;
            }
            Map<String, List<Long>> m = new LinkedHashMap<>();
            List<String> estimates = new ArrayList<>();
            List<String> sides = new ArrayList<>(List.of("pitr", "raw"));
            if (withUntuned) {
                sides.add("pitr-untuned");
            }
            for (int i = 0; i <= runs; i++) {
                List<String> order = new ArrayList<>(sides);
                if (i % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (String side : order) {
                    long t = System.nanoTime();
                    Map<String, Long> parts = side.equals("raw")
                            ? raw(sandbox, targetText, cores, pgBin, historyAtTarget)
                            : pitr(sandbox, target, historyAtTarget, side.equals("pitr") ? reports
                                    : untunedReports, side.equals("pitr-untuned"));
                    long wall = Benchmark.ms(t);
                    rows.add("wal-heavy\t" + side + "\t" + i + "\t" + wall + "\t" + parts);
                    LOG.info("WAL-heavy run {} {}: {} ms {}", i, side, wall, parts);
                    if (side.equals("pitr") && parts.get("estimate") >= 0) {
                        estimates.add(String.format(Locale.ROOT, "drill %d: estimated %d ms, measured RTO %d ms "
                                + "(error %+.1f %%)", i + 1, parts.get("estimate"), parts.get("total"),
                                (parts.get("estimate") - parts.get("total")) * 100.0 / parts.get("total")));
                    }
                    if (i == 0) {
                        continue; // warm-up: the first restore after set-up is consistently slower
                    }
                    m.computeIfAbsent(side, k -> new ArrayList<>()).add(wall);
                    parts.forEach((k, v) -> m.computeIfAbsent(side + "." + k, x -> new ArrayList<>()).add(v));
                }
            }
            report(dbSize, walBytes, m, estimates);
        }
    }

    /**
     * {@code --hold}: instead of timing, writes the two sides' command lines (one a line: pitr, then the hand
     * script) to {@code wal-heavy-SCALE.commands} and keeps the sandbox up until {@code wal-heavy-SCALE.release}
     * appears, so an outside timer can pair them.
     */
    private void hold(SandboxCluster sandbox, Instant target, String targetText, int cores, Path pgBin, long rows,
            Path reports) throws Exception {
        String pitr = String.join(" ", pitrArgv(sandbox, target, rows, reports, false));
        String raw = String.join(" ", rawArgv(sandbox, targetText, cores, pgBin));
        Path commands = out.resolve("wal-heavy-" + scale + ".commands");
        Path release = out.resolve("wal-heavy-" + scale + ".release");
        java.nio.file.Files.writeString(commands, pitr + "\n" + raw + "\n");
        LOG.info("holding the sandbox: commands in {}; create {} to end", commands, release);
        while (!java.nio.file.Files.exists(release)) {
            Thread.sleep(500);
        }
    }

    private static Path fresh(Path dir) throws java.io.IOException {
        if (java.nio.file.Files.exists(dir)) {
            try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(f);
                }
            }
        }
        return dir;
    }

    private List<String> pitrArgv(SandboxCluster sandbox, Instant target, long rows, Path reports, boolean untuned) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        argv.addAll(pitrJvm);
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), DrillOnce.class.getName(), sandbox.configFile().toString(),
                STANZA, target.toString(), "pgbench_history", Long.toString(rows), reports.toString(), sandbox.user()));
        if (untuned) {
            argv.add("plain");
        }
        return argv;
    }

    private List<String> rawArgv(SandboxCluster sandbox, String target, int cores, Path pgBin) {
        return List.of("bash", rawDrill.toString(), sandbox.configFile().toString(), STANZA, target,
                "/tmp/pitr-bench-wal-" + ProcessHandle.current().pid(), Integer.toString(Benchmark.freePort()),
                Integer.toString(cores), pgBin.toString(), "pgbench_history");
    }

    private Map<String, Long> pitr(SandboxCluster sandbox, Instant target, long rows, Path reports, boolean untuned) {
        String line = Shell.run(pitrArgv(sandbox, target, rows, reports, untuned)).strip();
        Map<String, Long> parts = new LinkedHashMap<>();
        for (String kv : line.substring(line.lastIndexOf('\n') + 1).split(" ")) {
            String[] p = kv.split("=");
            parts.put(p[0], Long.parseLong(p[1]));
        }
        return parts;
    }

    private Map<String, Long> raw(SandboxCluster sandbox, String target, int cores, Path pgBin, long rows) {
        String line = Shell.run(rawArgv(sandbox, target, cores, pgBin)).strip();
        String[] f = line.substring(line.lastIndexOf('\n') + 1).split(" ");
        if (Long.parseLong(f[6]) != rows) {
            throw new IllegalStateException("hand drill counted " + f[6] + " history rows, expected " + rows);
        }
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put("restore", Long.parseLong(f[0]));
        parts.put("recovery", Long.parseLong(f[1]));
        parts.put("total", Long.parseLong(f[5]));
        return parts;
    }

    private void report(String dbSize, long walBytes, Map<String, List<Long>> m, List<String> estimates) {
        Stats pitr = Stats.of(m.getOrDefault("pitr", List.of()));
        Stats raw = Stats.of(m.getOrDefault("raw", List.of()));
        double replayMs = Stats.of(m.getOrDefault("pitr.replay", List.of())).median();
        summary.append("\n### WAL-heavy (scale ").append(scale).append(", ").append(dbSize).append("; pgbench -c 2 -T ")
                .append(loadSeconds).append(" after the full backup = ").append(walBytes / 1_000_000)
                .append(" MB of WAL replayed; n = ").append(runs).append(" after one warm-up; load average at the end ")
                .append(Machine.load()).append(pitrJvm.isEmpty() ? "" : "; pitr's JVM: " + String.join(" ", pitrJvm))
                .append(")\n\n")
                .append("| Side | wall median (min–max) ms | restore ms | recovery ms | / hand script |\n|---|---:|---:|---:|---:|\n");
        for (String side : List.of("pitr", "pitr-untuned", "raw")) {
            Stats s = Stats.of(m.getOrDefault(side, List.of()));
            if (s.n() > 0) {
                summary.append("| ").append(side).append(" | ").append(s.cell()).append(" | ")
                        .append(Stats.of(m.getOrDefault(side + ".restore", List.of())).cell()).append(" | ")
                        .append(Stats.of(m.getOrDefault(side + ".recovery", List.of())).cell()).append(" | ")
                        .append(Stats.ratio(s, raw)).append(" |\n");
            }
        }
        summary.append(String.format(Locale.ROOT, "\npitr's WAL replay: median %.0f ms for %d MB = %.0f MB/s%n",
                replayMs, walBytes / 1_000_000, replayMs > 0 ? walBytes / 1e6 / (replayMs / 1000) : 0));
        summary.append("\nRTO estimates (each drill's, made before it started; the warm-up is drill 1):\n\n");
        estimates.forEach(e -> summary.append("- ").append(e).append('\n'));
        LOG.info("WAL-heavy pitr/raw {}", Stats.ratio(pitr, raw));
    }
}
