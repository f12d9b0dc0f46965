package dev.pitr.internal.drill;

import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillPhases;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.CommandSpec;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.internal.pg.PostgresBinaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The data is not only there but readable: PostgreSQL's own {@code pg_amcheck} over every database it is
 * told to (default: every connectable non-template one) of the drill cluster, through the drill's socket
 * and port only. It reads every heap block (tables, TOAST, materialized views: {@code verify_heapam}) and
 * every B-tree index ({@code bt_index_check}); one check {@code amcheck:<database>} per database names each
 * corrupt relation, and the page checksum failures PostgreSQL counted ({@code pg_stat_database}) while the
 * drill read. A read-only clone (paused at its target) is checked where amcheck is already installed: the
 * checks themselves are read-only, only installing the extension needs a writable clone.
 */
final class AmcheckValidation {
    static final String NAME = "amcheck";
    private static final String EXPECTED = "no corruption";
    private static final int MAX_LISTED = 10;

    private final DrillCluster cluster;
    private final DrillSettings settings;
    private final AmcheckSettings amcheck;
    private final PostgresBinaries binaries;
    private final Optional<String> runAs;
    private final CommandRunner runner;

    AmcheckValidation(DrillCluster cluster, DrillSettings settings, PostgresBinaries binaries, Optional<String> runAs,
            CommandRunner runner) {
        this.cluster = cluster;
        this.settings = settings;
        this.amcheck = settings.amcheck();
        this.binaries = binaries;
        this.runAs = runAs;
        this.runner = runner;
    }

    /** How the dry run lists this validation: {@code amcheck} over the given databases or all of them. */
    static String planned(AmcheckSettings amcheck) {
        if (amcheck.mode() == AmcheckSettings.Mode.OFF) {
            return NAME + " (off)";
        }
        return amcheck.databases().isEmpty() ? NAME
                : amcheck.databases().stream().map(d -> NAME + ":" + d).collect(Collectors.joining(", "));
    }

    /** The checks, each database's duration recorded in {@code timings}. */
    List<DrillCheck> run(List<DrillPhases.Timed> timings) {
        if (amcheck.mode() == AmcheckSettings.Mode.OFF) {
            return List.of(DrillCheck.skipped(NAME, EXPECTED, "turned off (amcheck=false): this drill did not verify "
                    + "that the restored relations read without corruption"));
        }
        Path executable = binaries.binDirectory().resolve("pg_amcheck");
        if (!Files.isExecutable(executable)) {
            return List.of(cannotRun("pg_amcheck is not in " + binaries.binDirectory() + " (PostgreSQL 14 and newer ship "
                    + "it with the server)"));
        }
        Cluster facts;
        try {
            facts = Cluster.read(cluster, settings.database());
        } catch (SQLException e) {
            return List.of(DrillCheck.of(NAME, false, EXPECTED, "error", "cannot list the databases of the drill "
                    + "cluster: " + e.getMessage()));
        }
        List<String> databases = amcheck.databases().isEmpty() ? new ArrayList<>(facts.sizes().keySet())
                : amcheck.databases();
        long bytes = databases.stream().mapToLong(d -> facts.sizes().getOrDefault(d, 0L)).sum();
        if (amcheck.mode() == AmcheckSettings.Mode.AUTO && bytes > amcheck.maxBytes()) {
            return List.of(DrillCheck.skipped(NAME, EXPECTED, "not run: the " + databases.size() + " database(s) to check"
                    + " hold " + gb(bytes) + ", above amcheckMaxSize " + gb(amcheck.maxBytes()) + " (pg_amcheck reads "
                    + "every page); raise amcheckMaxSize or set amcheck=true to check them anyway"));
        }
        List<DrillCheck> checks = new ArrayList<>();
        for (String database : databases) {
            checks.add(Validations.timed(timings, () -> facts.sizes().containsKey(database)
                    ? check(executable, database, facts)
                    : DrillCheck.of(NAME + ":" + database, false, EXPECTED, "missing", "database " + database
                            + " is not a connectable database of the restored cluster (it has: "
                            + String.join(", ", facts.sizes().keySet()) + ")").in(database)));
        }
        return checks;
    }

    private DrillCheck check(Path executable, String database, Cluster facts) {
        String name = NAME + ":" + database;
        Relations relations;
        try {
            relations = Relations.read(cluster, database);
        } catch (SQLException e) {
            return DrillCheck.of(name, false, EXPECTED, "error", "cannot connect to " + database + ": " + e.getMessage())
                    .in(database);
        }
        if (!relations.amcheckInstalled() && facts.readOnly()) {
            return DrillCheck.skipped(name, EXPECTED, "not run: the clone is read-only (recovery paused at its target) "
                    + "and the amcheck extension is not installed in " + database + "; create extension amcheck in "
                    + "production's " + database + ", or let the drill promote").in(database);
        }
        long before = checksumFailures(database).orElse(0L);
        long t0 = System.nanoTime();
        ProcessOutput out = runner.run(spec(executable, database, !relations.amcheckInstalled()));
        long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        Optional<Long> after = checksumFailures(database);
        long duringRead = after.map(a -> a - before).orElse(0L);
        if (out.timedOut()) {
            return DrillCheck.of(name, false, EXPECTED, "timed out", "pg_amcheck did not finish " + database + " within "
                    + settings.recoveryTimeout()).in(database);
        }
        PgAmcheckFindings findings = PgAmcheckFindings.parse(database, out.stdout());
        String checksums = checksumNote(facts.dataChecksums(), after.orElse(0L), duringRead) + relations.notCheckedNote();
        String scope = relations.heap() + " heap relations (tables, TOAST, materialized views) and " + relations.btree()
                + " B-tree indexes of " + database + " (" + mb(facts.sizes().get(database)) + ") in " + ms + " ms"
                + (amcheck.heapAllIndexed() ? ", with --heapallindexed" : "");
        if (findings.corrupt()) {
            List<PgAmcheckFindings.CorruptRelation> list = findings.relations();
            return DrillCheck.of(name, false, EXPECTED, list.size() + " corrupt relation" + (list.size() == 1 ? "" : "s"),
                    "corrupt in " + database + ": " + list.stream().limit(MAX_LISTED)
                            .map(PgAmcheckFindings.CorruptRelation::describe).collect(Collectors.joining("; "))
                            + (list.size() > MAX_LISTED ? "; and " + (list.size() - MAX_LISTED) + " more" : "")
                            + ". pg_amcheck read " + scope + "; " + checksums).in(database);
        }
        if (out.exitCode() != 0) {
            return DrillCheck.of(name, false, EXPECTED, "exit " + out.exitCode(), "pg_amcheck could not check " + database
                    + " (exit " + out.exitCode() + "): " + String.join(" | ", out.result().outputTail())).in(database);
        }
        if (after.orElse(0L) > 0) {
            return DrillCheck.of(name, false, EXPECTED, after.get() + " checksum failures", "pg_amcheck read " + scope
                    + "; " + checksums).in(database);
        }
        return DrillCheck.of(name, true, EXPECTED, "none", "pg_amcheck read " + scope + ": no corruption; " + checksums)
                .in(database);
    }

    /**
     * pg_amcheck against the drill's socket and port only (explicit options, no inherited libpq variable), as
     * the run-as user (the socket directory is its own), one database named by a connection string (no
     * pattern matching of its name).
     */
    private CommandSpec spec(Path executable, String database, boolean installMissing) {
        List<String> argv = new ArrayList<>(List.of(executable.toString(), "--host=" + cluster.socketDirectory(),
                "--port=" + cluster.port(), "--username=" + cluster.user(), "--no-password",
                "--jobs=" + Math.max(1, Runtime.getRuntime().availableProcessors())));
        if (installMissing) {
            argv.add("--install-missing");
        }
        if (amcheck.heapAllIndexed()) {
            argv.add("--heapallindexed");
        }
        argv.add("dbname=" + conninfoValue(database));
        return new CommandSpec(DrillClientEnvironment.isolated(argv), DrillClientEnvironment.of(cluster, database),
                Map.of(), settings.recoveryTimeout(), runAs, Path.of("/tmp"), "pitr.drill.amcheck", true);
    }

    private Optional<Long> checksumFailures(String database) {
        try (Connection c = cluster.connect(database);
                PreparedStatement s = c.prepareStatement("select checksum_failures from pg_stat_database where datname = ?")) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    long n = rs.getLong(1);
                    return rs.wasNull() ? Optional.empty() : Optional.of(n);
                }
            }
        } catch (SQLException e) {
            // the check itself reports what pg_amcheck found; the counter is an addition
        }
        return Optional.empty();
    }

    private static String checksumNote(boolean dataChecksums, long total, long duringRead) {
        if (!dataChecksums) {
            return "data checksums are off in this cluster (initdb without --data-checksums), so page checksum "
                    + "failures cannot be seen";
        }
        return total == 0 ? "data checksums on, no page checksum failures"
                : "data checksums on, " + total + " page checksum failure" + (total == 1 ? "" : "s") + " ("
                        + duringRead + " during this read)";
    }

    private DrillCheck cannotRun(String why) {
        if (amcheck.mode() == AmcheckSettings.Mode.ALWAYS) {
            return DrillCheck.of(NAME, false, EXPECTED, "not run", why);
        }
        return DrillCheck.skipped(NAME, EXPECTED, "not run: " + why);
    }

    /** A conninfo value, single-quoted with backslash escapes: any database name, never a pattern. */
    static String conninfoValue(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }

    /** What the cluster is: its connectable non-template databases and their sizes, read-only or not, checksums. */
    private record Cluster(Map<String, Long> sizes, boolean readOnly, boolean dataChecksums) {
        /** Read through the drill's database, else postgres or template1 (the drill's may be the one missing). */
        static Cluster read(DrillCluster cluster, String database) throws SQLException {
            SQLException first = null;
            for (String candidate : new LinkedHashSet<>(List.of(database, "postgres", "template1"))) {
                try (Connection c = cluster.connect(candidate)) {
                    return read(c);
                } catch (SQLException e) {
                    first = first == null ? e : first;
                }
            }
            throw first;
        }

        private static Cluster read(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                Map<String, Long> sizes = new LinkedHashMap<>();
                try (ResultSet rs = s.executeQuery("select datname, pg_database_size(oid) from pg_database "
                        + "where datallowconn and not datistemplate order by datname")) {
                    while (rs.next()) {
                        sizes.put(rs.getString(1), rs.getLong(2));
                    }
                }
                boolean readOnly;
                try (ResultSet rs = s.executeQuery("select pg_is_in_recovery() or current_setting('transaction_read_only')"
                        + "::boolean")) {
                    readOnly = rs.next() && rs.getBoolean(1);
                }
                boolean checksums;
                try (ResultSet rs = s.executeQuery("show data_checksums")) {
                    checksums = rs.next() && "on".equals(rs.getString(1));
                }
                return new Cluster(sizes, readOnly, checksums);
            }
        }
    }

    /** What pg_amcheck will read in one database, and what amcheck cannot verify there. */
    private record Relations(long heap, long btree, long other, String otherKinds, boolean amcheckInstalled) {
        static Relations read(DrillCluster cluster, String database) throws SQLException {
            try (Connection c = cluster.connect(database); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select count(*) filter (where c.relkind in ('r', 'm', 't')), "
                            + "count(*) filter (where c.relkind = 'i' and a.amname = 'btree'), "
                            + "count(*) filter (where c.relkind = 'i' and a.amname <> 'btree'), "
                            + "coalesce(string_agg(distinct a.amname, ', ') filter (where c.relkind = 'i' and a.amname "
                            + "<> 'btree'), ''), exists (select 1 from pg_extension where extname = 'amcheck') "
                            + "from pg_class c left join pg_am a on a.oid = c.relam where c.relpersistence <> 't'")) {
                rs.next();
                return new Relations(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getBoolean(5));
            }
        }

        String notCheckedNote() {
            return other == 0 ? "" : "; " + other + " " + otherKinds + " index" + (other == 1 ? "" : "es") + " not "
                    + "verified (amcheck checks heap and B-tree only)";
        }
    }
}
