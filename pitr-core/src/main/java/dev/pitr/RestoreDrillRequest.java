package dev.pitr;

import dev.pitr.config.Setting;
import dev.pitr.drill.DrillPlan;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.RestoreTestPlan;
import dev.pitr.error.PitrConfigurationException;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.conf.ConfValues;
import dev.pitr.internal.drill.AmcheckSettings;
import dev.pitr.internal.drill.DrillPlanner;
import dev.pitr.internal.drill.DrillRun;
import dev.pitr.internal.drill.DrillSettings;
import dev.pitr.internal.plan.PlannedDrills;
import dev.pitr.internal.drill.InDatabase;
import dev.pitr.internal.drill.ReplaySettings;
import dev.pitr.operation.ProgressListener;
import dev.pitr.restore.RecoveryTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An automated restore drill: restore the stanza's backup into a scratch directory, start an isolated
 * PostgreSQL on it, wait for recovery under a deadline, validate it, and report. {@link #run()} does all of
 * it and tears down; {@link #start()} leaves the drill cluster up until you close it.
 *
 * <pre>{@code
 * DrillReport report = pgbr.restoreDrill()
 *         .target(RecoveryTarget.time(Instant.parse("2026-02-24T10:30:00Z")))
 *         .expectMinRowCount("public.orders", 1)
 *         .requireExtension("postgis")
 *         .maxRto(Duration.ofMinutes(15))
 *         .reportDirectory(Path.of("target/pitr-drill"))
 *         .run();
 * }</pre>
 *
 * A failed check, a recovery that ends in FATAL or an exceeded threshold return a FAILED report (its files
 * written); only an inability to run (bad settings, a refused target, pgBackRest or PostgreSQL missing)
 * throws.
 */
public final class RestoreDrillRequest {
    /**
     * Where drills write their reports unless told otherwise: {@code ./pitr-drill-report}, relative to the
     * working directory. {@link HealthCheck} reads the drill history from the same place by default, so a
     * drill followed by a health check finds each other without any directory given.
     */
    public static final Path DEFAULT_REPORT_DIRECTORY = Path.of("pitr-drill-report");
    private static final long MIN_MEMORY_BUDGET = 32L << 20;
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([kKmMgGtT][bB])");
    private static final Pattern TABLE = Pattern.compile("(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*)(\\.(\"[^\"]+\"|[A-Za-z_][A-Za-z0-9_$]*))?");
    private final Invoker invoker;
    private RecoveryTarget target = RecoveryTarget.latest();
    /** The parent of drills' scratch directories on disk unless told otherwise. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/tmp");
    /** The memory file system a drill restores into when it fits and no directory was given. */
    public static final Path MEMORY_DIRECTORY = Path.of("/dev/shm");
    private static final String MEMORY_PATH = "/dev/shm";

    /** Where drills without a directory go: /tmp, and /dev/shm where this host has it (stale drills are looked for in both). */
    public static List<Path> defaultDirectories() {
        return java.nio.file.Files.isDirectory(MEMORY_DIRECTORY) ? List.of(DEFAULT_DIRECTORY, MEMORY_DIRECTORY)
                : List.of(DEFAULT_DIRECTORY);
    }
    private Path directory;
    private boolean scratchInMemory = true;
    private Integer port;
    private Duration recoveryTimeout = Duration.ofMinutes(30);
    private final List<DrillSettings.RowCountExpectation> rowCounts = new ArrayList<>();
    private final List<DrillSettings.SqlAssertion> assertions = new ArrayList<>();
    private final List<DrillSettings.ExtensionRequirement> extensions = new ArrayList<>();
    private String database = "postgres";
    private AmcheckSettings.Mode amcheck = AmcheckSettings.Mode.AUTO;
    private long amcheckMaxSize = AmcheckSettings.DEFAULT_MAX_BYTES;
    private final List<String> amcheckDatabases = new ArrayList<>();
    private boolean amcheckHeapAllIndexed;
    private String databaseUser;
    private List<String> postRestoreCommand = List.of();
    private Duration postRestoreTimeout = Duration.ofMinutes(10);
    private URI readinessUrl;
    private Duration readinessTimeout = Duration.ofMinutes(5);
    private Duration maxRto;
    private Duration maxTargetGap;
    private Path reportDirectory = DEFAULT_REPORT_DIRECTORY;
    private boolean keepScratch;
    private boolean annotateBackup;
    private Integer repo;
    private int processMax = Runtime.getRuntime().availableProcessors();
    private Path pgBinDirectory;
    private RestoreTestPlan testPlan;
    private String set;
    private Long memoryBudget;
    private Boolean archiveAsync;
    private Integer archiveGetProcessMax;
    private Long archiveGetQueueMax;
    private boolean replayTuning = true;
    private ProgressListener restoreProgress;

    RestoreDrillRequest(Invoker invoker) {
        this.invoker = invoker;
    }

    /** Where recovery stops (default latest). */
    public RestoreDrillRequest target(RecoveryTarget recoveryTarget) {
        this.target = Objects.requireNonNull(recoveryTarget, "target");
        return this;
    }

    /**
     * The parent of the scratch directory, always used as given; the run-as user must be able to reach it. Without
     * one the drill restores into memory ({@value #MEMORY_PATH}) when the whole drill fits in a quarter of the memory
     * this host has available (see {@link #scratchInMemory(boolean)}), else into /tmp.
     */
    public RestoreDrillRequest directory(Path parent) {
        this.directory = Objects.requireNonNull(parent, "directory");
        return this;
    }

    /**
     * Whether a drill without a {@link #directory(Path) directory} may restore into memory, {@value #MEMORY_PATH}
     * (default true): when the restored size, the WAL to replay, the fetch-ahead queue and 64 MiB together take at
     * most a quarter of the memory available now (half the {@link #memoryBudget(long) memoryBudget} when set) and
     * half of that file system's free space. pgBackRest's restore then no longer waits for a thousand fsyncs and
     * the teardown deletes from memory: 3x faster restores measured (docs/benchmarks.md). false: always /tmp.
     */
    public RestoreDrillRequest scratchInMemory(boolean inMemory) {
        this.scratchInMemory = inMemory;
        return this;
    }

    /** The drill cluster's port, which names its socket (no TCP listener); default a free one. */
    public RestoreDrillRequest port(int p) {
        if (p < 1 || p > 65535) {
            throw new PitrConfigurationException(Setting.DRILL_PORT, p + " is not a port", "use 1..65535");
        }
        this.port = p;
        return this;
    }

    /** How long recovery may take before the drill fails (default 30 minutes). */
    public RestoreDrillRequest recoveryTimeout(Duration timeout) {
        this.recoveryTimeout = positive(Setting.RECOVERY_TIMEOUT, timeout);
        return this;
    }

    /**
     * The table must have exactly this many rows. {@code table} or {@code schema.table} in the drill's
     * {@link #database(String) database}, or {@code database:schema.table} (e.g. {@code nbms:public.orders}) in
     * another one.
     */
    public RestoreDrillRequest expectRowCount(String table, long exact) {
        return rowCount(InDatabase.parse(Setting.EXPECTED_ROW_COUNTS, table), exact, true);
    }

    /** The table of {@code database} must have exactly this many rows. */
    public RestoreDrillRequest expectRowCount(String database, String table, long exact) {
        return rowCount(InDatabase.of(Setting.EXPECTED_ROW_COUNTS, database, table), exact, true);
    }

    /** The table ({@code [database:][schema.]table}) must have at least this many rows. */
    public RestoreDrillRequest expectMinRowCount(String table, long min) {
        return rowCount(InDatabase.parse(Setting.EXPECTED_ROW_COUNTS, table), min, false);
    }

    /** The table of {@code database} must have at least this many rows. */
    public RestoreDrillRequest expectMinRowCount(String database, String table, long min) {
        return rowCount(InDatabase.of(Setting.EXPECTED_ROW_COUNTS, database, table), min, false);
    }

    /**
     * A read-only query whose first column of the first row must be true; named {@code name} in the drill's
     * database, or {@code database:name} (e.g. {@code nbms:orders-recent}) to run it in another one.
     */
    public RestoreDrillRequest assertSql(String name, String sql) {
        return assertion(InDatabase.parse(Setting.SQL_CHECKS, name), sql, Optional.empty());
    }

    /** A read-only query in {@code database} whose first column of the first row must be true. */
    public RestoreDrillRequest assertSql(String database, String name, String sql) {
        return assertion(InDatabase.of(Setting.SQL_CHECKS, database, name), sql, Optional.empty());
    }

    /**
     * A read-only query whose first column of the first row, as text, must equal {@code expected}
     * ({@code name} as in {@link #assertSql(String, String)}).
     */
    public RestoreDrillRequest assertSqlEquals(String name, String sql, String expected) {
        return assertion(InDatabase.parse(Setting.SQL_CHECKS, name), sql, Optional.of(Objects.requireNonNull(expected)));
    }

    /** A read-only query in {@code database} whose first column of the first row, as text, must equal {@code expected}. */
    public RestoreDrillRequest assertSqlEquals(String database, String name, String sql, String expected) {
        return assertion(InDatabase.of(Setting.SQL_CHECKS, database, name), sql,
                Optional.of(Objects.requireNonNull(expected)));
    }

    /**
     * This extension must be installed (e.g. {@code postgis}) in the drill's database, or, written
     * {@code database:extension} (e.g. {@code nbms:postgis}), in another one.
     */
    public RestoreDrillRequest requireExtension(String extension) {
        return extension(InDatabase.parse(Setting.EXTENSIONS, extension));
    }

    /** This extension must be installed in {@code database}. */
    public RestoreDrillRequest requireExtension(String database, String extension) {
        return extension(InDatabase.of(Setting.EXTENSIONS, database, extension));
    }

    /**
     * The drill's database (default {@code postgres}): where checks that name no database of their own run, what
     * the post-restore command's PGDATABASE and PITR_JDBC_URL and {@link RestoreDrill#jdbcUrl()} point at.
     */
    public RestoreDrillRequest database(String name) {
        this.database = name(Setting.DRILL_DATABASE, name);
        return this;
    }

    /**
     * Whether the drill runs PostgreSQL's {@code pg_amcheck} over the restored databases (reads every heap page and
     * B-tree index, reports each corrupt relation and the page checksum failures seen). Not called: on when the
     * databases fit {@link #amcheckMaxSize(long)}, else a visible SKIPPED check; {@code true}: whatever the size;
     * {@code false}: off (the report still shows a SKIPPED {@code amcheck} check).
     */
    public RestoreDrillRequest amcheck(boolean on) {
        this.amcheck = on ? AmcheckSettings.Mode.ALWAYS : AmcheckSettings.Mode.OFF;
        return this;
    }

    /** The size bound (bytes of {@code pg_database_size}, summed) up to which amcheck runs by default (100 GB). */
    public RestoreDrillRequest amcheckMaxSize(long bytes) {
        if (bytes < 0) {
            throw new PitrConfigurationException(Setting.AMCHECK_MAX_SIZE, bytes + " is negative",
                    "give a size in bytes, e.g. 100000000000 (100 GB)");
        }
        this.amcheckMaxSize = bytes;
        return this;
    }

    /** The databases amcheck reads (default: every connectable database that is not a template). */
    public RestoreDrillRequest amcheckDatabases(List<String> databases) {
        if (databases == null || databases.isEmpty()) {
            throw new PitrConfigurationException(Setting.AMCHECK_DATABASES, "the list is empty",
                    "name at least one database, or leave the setting out to check every database");
        }
        amcheckDatabases.clear();
        databases.forEach(d -> amcheckDatabases.add(name(Setting.AMCHECK_DATABASES, d)));
        return this;
    }

    /**
     * Also verify that every heap tuple has its entry in each B-tree index ({@code --heapallindexed}); default off:
     * it costs 4.5 to 9 times the plain check (docs/restore-drills.md).
     */
    public RestoreDrillRequest amcheckHeapAllIndexed(boolean on) {
        this.amcheckHeapAllIndexed = on;
        return this;
    }

    /** The database role checks connect as (default pg1-user, else the run-as user). */
    public RestoreDrillRequest databaseUser(String role) {
        this.databaseUser = name(Setting.DRILL_DATABASE_USER, role);
        return this;
    }

    /**
     * A command (argv, no shell) run after recovery that must exit 0, e.g. an application's pre-deploy
     * check. Its environment has PGHOST (the socket directory), PGPORT, PGDATABASE, PGUSER and PITR_JDBC_URL.
     */
    public RestoreDrillRequest postRestoreCommand(List<String> argv) {
        if (argv == null || argv.isEmpty() || argv.get(0).isBlank()) {
            throw new PitrConfigurationException(Setting.POST_RESTORE_COMMAND, "is empty", "give the command as a list, "
                    + "e.g. List.of(\"./check.sh\", \"--strict\")");
        }
        this.postRestoreCommand = List.copyOf(argv);
        return this;
    }

    /** How long the post-restore command may run (default 10 minutes). */
    public RestoreDrillRequest postRestoreTimeout(Duration timeout) {
        this.postRestoreTimeout = positive(Setting.POST_RESTORE_TIMEOUT, timeout);
        return this;
    }

    /** An HTTP(S) URL that must answer 2xx before the readiness timeout (e.g. an app started on the drill). */
    public RestoreDrillRequest readinessUrl(URI url) {
        if (url == null || url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            throw new PitrConfigurationException(Setting.READINESS_URL, "'" + url + "' is not an http(s) URL",
                    "give e.g. http://localhost:8080/actuator/health");
        }
        this.readinessUrl = url;
        return this;
    }

    /** How long to wait for the readiness URL (default 5 minutes). */
    public RestoreDrillRequest readinessTimeout(Duration timeout) {
        this.readinessTimeout = positive(Setting.READINESS_TIMEOUT, timeout);
        return this;
    }

    /** Fail the drill when restore, recovery and validation together take longer. */
    public RestoreDrillRequest maxRto(Duration max) {
        this.maxRto = positive(Setting.MAX_RTO, max);
        return this;
    }

    /** For a time target: fail when the last replayed commit is further than this from the target. */
    public RestoreDrillRequest maxTargetGap(Duration max) {
        this.maxTargetGap = positive(Setting.MAX_TARGET_GAP, max);
        return this;
    }

    /** Where the report files go (default {@link #DEFAULT_REPORT_DIRECTORY}, {@code ./pitr-drill-report}). */
    public RestoreDrillRequest reportDirectory(Path dir) {
        this.reportDirectory = Objects.requireNonNull(dir, "reportDirectory");
        return this;
    }

    /** Keep the scratch directory after the drill, for debugging (the server is still stopped). */
    public RestoreDrillRequest keepScratch(boolean keep) {
        this.keepScratch = keep;
        return this;
    }

    /** Record the outcome as an annotation ({@code pitr-drill}) on the backup set used. */
    public RestoreDrillRequest annotateBackup(boolean annotate) {
        this.annotateBackup = annotate;
        return this;
    }

    /**
     * Restore this backup set ({@code --set}) instead of the one pgBackRest picks for the target (for time and
     * LSN targets the newest set that stopped before it, for every other target the newest set). A restore
     * point or transaction older than the newest backup needs a set that stopped before it.
     */
    public RestoreDrillRequest set(String label) {
        this.set = name(Setting.DRILL_SET, label).strip();
        return this;
    }

    /** Restore from this repository. */
    public RestoreDrillRequest repo(int number) {
        this.repo = number;
        return this;
    }

    /** Parallel restore processes (default: the available cores). */
    public RestoreDrillRequest processMax(int processes) {
        if (processes < 1 || processes > 999) {
            throw new PitrConfigurationException(Setting.PROCESS_MAX, processes + " is out of range", "use 1..999");
        }
        this.processMax = processes;
        return this;
    }

    /**
     * Whether WAL is fetched ahead of replay by pgBackRest's asynchronous archive-get, in parallel, into a spool in
     * the scratch directory (default true). archive-get only reads the repository; its spool, lock and log stay in
     * the scratch directory.
     */
    public RestoreDrillRequest archiveAsync(boolean on) {
        this.archiveAsync = on;
        return this;
    }

    /**
     * Parallel processes fetching WAL ahead (archive-get's {@code process-max}); default: one per core for a local
     * repository, two per core (at most 8) for an object store or a repository host.
     */
    public RestoreDrillRequest archiveGetProcessMax(int processes) {
        if (processes < 1 || processes > 999) {
            throw new PitrConfigurationException(Setting.DRILL_ARCHIVE_GET_PROCESS_MAX, processes + " is out of range",
                    "use 1..999");
        }
        this.archiveGetProcessMax = processes;
        return this;
    }

    /**
     * How many bytes of WAL may wait in the spool ({@code archive-get-queue-max}); default: four segments per
     * process (at least 128 MiB), no more than the WAL to replay, 1 GiB or a tenth of the disk left after the
     * restore.
     */
    public RestoreDrillRequest archiveGetQueueMax(long bytes) {
        if (bytes < 16L * 1024 * 1024) {
            throw new PitrConfigurationException(Setting.DRILL_ARCHIVE_GET_QUEUE_MAX, bytes + " bytes is less than one "
                    + "WAL segment", "give at least 16777216 (16 MiB), e.g. 134217728 (128 MiB, pgBackRest's default)");
        }
        this.archiveGetQueueMax = bytes;
        return this;
    }

    /**
     * Whether the clone runs with settings for replay speed (default true): fsync and synchronous_commit off,
     * shared_buffers the database's size within the host's memory budget, rare restartpoints, no autovacuum. They
     * change how fast the clone reaches the target, never what it shows there; false keeps production's.
     */
    public RestoreDrillRequest replayTuning(boolean on) {
        this.replayTuning = on;
        return this;
    }

    /** PostgreSQL's bin directory (default: found like the sandbox finds it). */
    public RestoreDrillRequest pgBinDirectory(Path dir) {
        this.pgBinDirectory = dir;
        return this;
    }

    /**
     * The memory the drill's PostgreSQL may use, in bytes (default: half of what this host has available,
     * from /proc/meminfo and the cgroup limit). The restored configuration is production's; its
     * shared_buffers, work memories and huge pages are capped to this so the drill starts on a smaller host.
     */
    public RestoreDrillRequest memoryBudget(long bytes) {
        if (bytes < MIN_MEMORY_BUDGET) {
            throw new PitrConfigurationException(Setting.DRILL_MEMORY_BUDGET, bytes + " bytes is too little for a "
                    + "PostgreSQL server", "give at least 32MB, e.g. memoryBudget(\"2GB\")");
        }
        this.memoryBudget = bytes;
        return this;
    }

    /** {@link #memoryBudget(long)} as PostgreSQL writes sizes: {@code 512MB}, {@code 2GB}, {@code 1TB}. */
    public RestoreDrillRequest memoryBudget(String size) {
        java.util.regex.Matcher m = SIZE.matcher(size == null ? "" : size.strip());
        if (!m.matches()) {
            throw new PitrConfigurationException(Setting.DRILL_MEMORY_BUDGET, "'" + size + "' is not a size",
                    "give a number with kB, MB, GB or TB, e.g. 2GB");
        }
        int shift = switch (m.group(2).toUpperCase(java.util.Locale.ROOT)) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 40;
        };
        long n = Long.parseLong(m.group(1));
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new PitrConfigurationException(Setting.DRILL_MEMORY_BUDGET, "'" + size + "' is too large",
                    "give the memory this host can give the drill, e.g. 2GB");
        }
        return memoryBudget(n << shift);
    }

    /**
     * A dry run: the drill's restore plan (from one {@code info} snapshot), its scratch directory, port, the
     * checks it would run, and every check {@link #run()} makes before writing, with the same results
     * ({@link DrillPlan#refusal()} is what the run would throw). Writes nothing; it reads info, the free space
     * and, as the run-as user, whether the drill directory can be reached.
     */
    public DrillPlan plan() {
        if (testPlan != null) {
            List<DrillPlan> plans = plans();
            if (plans.size() != 1) {
                throw new PitrConfigurationException(Setting.PLAN_REPOSITORIES, "the plan picks " + plans.size()
                        + " drill(s) now", "look at them with plans()");
            }
            return plans.get(0);
        }
        return DrillPlanner.plan(invoker, settings()).view();
    }

    /**
     * The dry-run plans of the drills a run would make now: one without a restore-test plan; with one, each
     * drill it picks (a repository it cannot pick a backup for is logged). Give the plan a seed, or the run
     * draws its own and may pick differently.
     */
    public List<DrillPlan> plans() {
        return testPlan == null ? List.of(plan()) : planned().plans();
    }

    /**
     * Chooses the drill with a restore-test plan (see {@link RestoreTestPlan}): which repository, which backup of
     * the selection window, which target, from the plan's seed; a start window; a validation window. The
     * report records the choice and its {@code seed}. The plan's choice replaces {@link #target}; {@link #repo}
     * still fixes the repository.
     */
    public RestoreDrillRequest testPlan(RestoreTestPlan plan) {
        this.testPlan = Objects.requireNonNull(plan, "plan");
        return this;
    }

    /**
     * Plans the drill once (one {@code info} snapshot, which the backup review uses too), then runs that plan
     * and leaves its cluster running; close the result to tear it down.
     */
    public RestoreDrill start() {
        if (testPlan != null) {
            PlannedDrills.Started s = planned().startOne();
            return s.run().map(RestoreDrill::new).orElseGet(() -> new RestoreDrill(s.report()));
        }
        return new RestoreDrill(DrillRun.start(invoker, DrillPlanner.plan(invoker, settings()),
                Optional.ofNullable(restoreProgress)));
    }

    /**
     * Reports the drill's restore progress while pgBackRest restores (read from info every 2 s; pgBackRest 2.56+
     * reports it, older releases report nothing). See {@link ProgressListener}.
     */
    public RestoreDrillRequest progress(ProgressListener listener) {
        this.restoreProgress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * Runs the drill, tears it down, and returns its report (written after the teardown, so it says how long that
     * took). With a restore-test plan, the clone is held for the plan's validation window, if any, before the
     * teardown (the report is then written before it). With a plan that drills every repository, use
     * {@link #runAll()}.
     */
    public DrillReport run() {
        if (testPlan != null) {
            return planned().runOne();
        }
        return DrillRun.runWhole(invoker, DrillPlanner.plan(invoker, settings()), Optional.ofNullable(restoreProgress))
                .report();
    }

    /**
     * Runs every drill of the run, one after the other: the one drill without a plan, or each drill the
     * restore-test plan picks (every repository with {@code repositories(ALL)}), SKIPPED and impossible ones
     * recorded too. Returns their reports in order.
     */
    public List<DrillReport> runAll() {
        return testPlan == null ? List.of(run()) : planned().runAll();
    }

    private PlannedDrills planned() {
        return new PlannedDrills(invoker, settings(), testPlan, Optional.ofNullable(restoreProgress));
    }

    DrillSettings settings() {
        if (directory != null && !directory.isAbsolute()) {
            throw new PitrConfigurationException(Setting.DRILL_DIRECTORY, "'" + directory + "' is not absolute",
                    "give an absolute directory the run-as user can reach, e.g. /tmp");
        }
        Path disk = directory == null ? DEFAULT_DIRECTORY : directory.normalize();
        // The scratch data directory below it reaches the restored cluster's restore_command (--pg1-path).
        ConfValues.commandPath(Setting.DRILL_DIRECTORY, disk, "the drill directory");
        Optional<Path> memory = directory == null && scratchInMemory ? Optional.of(MEMORY_DIRECTORY) : Optional.empty();
        return new DrillSettings(target, disk, Optional.ofNullable(port), recoveryTimeout, rowCounts,
                assertions, extensions, database, Optional.ofNullable(databaseUser), postRestoreCommand,
                postRestoreTimeout, Optional.ofNullable(readinessUrl), readinessTimeout, Optional.ofNullable(maxRto),
                Optional.ofNullable(maxTargetGap), reportDirectory.toAbsolutePath().normalize(), keepScratch,
                annotateBackup, Optional.ofNullable(repo), processMax, Optional.ofNullable(pgBinDirectory),
                new AmcheckSettings(amcheck, amcheckMaxSize, amcheckDatabases, amcheckHeapAllIndexed),
                Optional.ofNullable(set), Optional.ofNullable(memoryBudget), new ReplaySettings(
                        Optional.ofNullable(archiveAsync), Optional.ofNullable(archiveGetProcessMax),
                        Optional.ofNullable(archiveGetQueueMax), replayTuning), Optional.empty(), memory);
    }

    private RestoreDrillRequest rowCount(InDatabase table, long count, boolean exact) {
        rowCounts.add(new DrillSettings.RowCountExpectation(table(table.subject()), count, exact, table.database()));
        return this;
    }

    private RestoreDrillRequest assertion(InDatabase name, String sql, Optional<String> expected) {
        assertions.add(new DrillSettings.SqlAssertion(name.subject(), sql(sql), expected, name.database()));
        return this;
    }

    private RestoreDrillRequest extension(InDatabase extension) {
        extensions.add(new DrillSettings.ExtensionRequirement(extension.subject(), extension.database()));
        return this;
    }

    private static String table(String table) {
        if (table == null || !TABLE.matcher(table).matches()) {
            throw new PitrConfigurationException(Setting.EXPECTED_ROW_COUNTS, "'" + table + "' is not a table name",
                    "give table, schema.table or database:schema.table (quote mixed-case names with double quotes)");
        }
        return table;
    }

    private static String name(Setting setting, String n) {
        if (n == null || n.isBlank()) {
            throw new PitrConfigurationException(setting, "the name is empty", "give a non-empty name");
        }
        return n;
    }

    private static String sql(String s) {
        if (s == null || s.isBlank()) {
            throw new PitrConfigurationException(Setting.SQL_CHECKS, "the query is empty", "give a SELECT");
        }
        return s;
    }

    private static Duration positive(Setting setting, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new PitrConfigurationException(setting, d + " is not a positive duration", "e.g. PT10M");
        }
        return d;
    }
}
