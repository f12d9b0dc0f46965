package dev.pitr.maven;

import dev.pitr.PgBackRest;
import dev.pitr.RestoreDrillRequest;
import dev.pitr.drill.DrillCheck;
import dev.pitr.drill.DrillPhases;
import dev.pitr.drill.DrillPlan;
import dev.pitr.drill.DrillReport;
import dev.pitr.drill.DrillStatus;
import dev.pitr.drill.DrillTimings;
import dev.pitr.drill.RestoreTestPlan;
import dev.pitr.restore.RecoveryTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Proves a backup restores: restores into a scratch directory, starts an isolated PostgreSQL on it,
 * validates it (row counts, SQL checks, extensions, a post-restore command, a readiness URL, the RTO),
 * prints the checks and timings and writes JSON, Markdown and JUnit XML reports. Never touches the
 * production data directory. A failed drill is a BUILD FAILURE (a warning with failOnError=false).
 */
@Mojo(name = "restore-drill", defaultPhase = LifecyclePhase.INTEGRATION_TEST, requiresProject = false, threadSafe = true)
public class RestoreDrillMojo extends AbstractPitrMojo {
    /** latest (default), an ISO-8601 instant, pgBackRest's time format, an xid, an LSN or a restore point. Also {@code -Dpitr.target}; falls back to PITR_TARGET_TIME. */
    @Parameter(property = "pitr.target")
    String target;

    /** time, xid, lsn, name, immediate or latest; default: inferred from target. Also {@code -Dpitr.targetType}. */
    @Parameter(property = "pitr.targetType")
    String targetType;

    /** The directory the drill's scratch directory is created in (default /tmp). Also {@code -Dpitr.drillDirectory}; falls back to PGDATA_RESTORE_DIR. */
    @Parameter(property = "pitr.drillDirectory")
    String drillDirectory;

    /**
     * The backup set to restore (a label from pitr:info), instead of the one pgBackRest picks for the target.
     * Needed for a restore point or xid older than the newest backup. Also {@code -Dpitr.restoreDrill.set}.
     */
    @Parameter(property = "pitr.restoreDrill.set")
    String drillSet;

    /**
     * The drill's database (default postgres): checks that name no database of their own run there, and the
     * post-restore command's PGDATABASE points at it. Also {@code -Dpitr.database}.
     */
    @Parameter(property = "pitr.database")
    String database;

    /**
     * Exact row counts: table -> count, the table written {@code schema.table} (the drill's database) or
     * {@code database:schema.table} ({@code <nbms:public.orders>1200</nbms:public.orders>}). Also
     * {@code -Dpitr.expectedRowCounts=nbms:public.orders=5,t2=7}.
     */
    @Parameter
    Map<String, String> expectedRowCounts;

    /**
     * SQL assertions: name -> a SELECT that must return true; {@code database:name} runs it in that database
     * ({@code <nbms:orders-recent>SELECT ...</nbms:orders-recent>}). Also {@code -Dpitr.checks=name=SQL;name2=SQL}.
     */
    @Parameter
    Map<String, String> checks;

    /**
     * Extensions that must be installed, {@code database:extension} for another database than the drill's
     * ({@code <extension>nbms:postgis</extension>}). Also {@code -Dpitr.extensions=nbms:postgis,pg_trgm}.
     */
    @Parameter
    List<String> extensions;

    /**
     * pg_amcheck over the restored databases (every heap page and B-tree index; corrupt relations and page checksum
     * failures fail the drill): auto (default: when they fit amcheckMaxSize, else a SKIPPED check), true (whatever
     * the size) or false. Also {@code -Dpitr.amcheck}.
     */
    @Parameter(property = "pitr.amcheck")
    String amcheck;

    /** The size up to which amcheck runs in auto mode (default 100GB; MB, GB, TB, GiB, ... or bytes). Also {@code -Dpitr.amcheckMaxSize}. */
    @Parameter(property = "pitr.amcheckMaxSize")
    String amcheckMaxSize;

    /** The databases amcheck reads (default: every connectable non-template one). Also {@code -Dpitr.amcheckDatabases=nbms,postgres}. */
    @Parameter
    List<String> amcheckDatabases;

    /** amcheck also verifies every heap tuple is indexed (--heapallindexed; 4.5 to 9 times the time). Also {@code -Dpitr.amcheckHeapAllIndexed}. */
    @Parameter(property = "pitr.amcheckHeapAllIndexed", defaultValue = "false")
    boolean amcheckHeapAllIndexed;

    /** A command run against the restored cluster (argv list; PGHOST/PGPORT/PGDATABASE/PGUSER point at it). Also {@code -Dpitr.postRestoreCommand} (split on spaces). */
    @Parameter
    List<String> postRestoreCommand;

    /** An http(s) URL that must answer 2xx after the restore. Also {@code -Dpitr.readinessUrl}. */
    @Parameter(property = "pitr.readinessUrl")
    String readinessUrl;

    /**
     * A restore-test plan that chooses the drill: {@code <plan><selection>latest|random</selection>
     * <windowDays>30</windowDays><repositories>rotation|all</repositories><target>latest|end|random</target>
     * <seed>42</seed><startWindow>PT4H</startWindow><validationWindow>PT30M</validationWindow></plan>}. Each child is
     * also a property: {@code -Dpitr.plan.selection}, {@code -Dpitr.plan.windowDays}, {@code -Dpitr.plan.repositories},
     * {@code -Dpitr.plan.target}, {@code -Dpitr.plan.seed}, {@code -Dpitr.plan.startWindow},
     * {@code -Dpitr.plan.validationWindow}, {@code -Dpitr.plan.scheduledAt}. The plan's target replaces
     * {@code <target>}. A SKIPPED drill (start window closed) is a warning, a FAILED one a BUILD FAILURE.
     */
    @Parameter
    PlanParameters plan;

    /** The drill fails when restore + recovery + checks take longer (ISO-8601). Also {@code -Dpitr.maxRto}. */
    @Parameter(property = "pitr.maxRto")
    String maxRto;

    /**
     * Where the JSON, Markdown and JUnit XML reports go; pitr:check reads the drill history from the same
     * directory. Also {@code -Dpitr.reportDirectory}.
     */
    @Parameter(property = "pitr.reportDirectory", defaultValue = "${project.build.directory}/pitr-reports")
    String reportDirectory;

    /** Keep the scratch directory after the drill (for inspection). Also {@code -Dpitr.restoreDrill.keepScratch}. */
    @Parameter(property = "pitr.restoreDrill.keepScratch", defaultValue = "false")
    boolean keepScratch;

    /**
     * Without a {@code drillDirectory}, restore into memory (/dev/shm) when the whole drill fits in a quarter of the
     * memory available (default true; false: always /tmp). Also {@code -Dpitr.restoreDrill.scratchInMemory}.
     */
    @Parameter(property = "pitr.restoreDrill.scratchInMemory", defaultValue = "true")
    boolean scratchInMemory;

    /**
     * The memory the drill's PostgreSQL may use, e.g. {@code 2GB} (default: half of what the host has
     * available); production's shared_buffers and work memories are capped to it. Also
     * {@code -Dpitr.restoreDrill.memoryBudget}.
     */
    @Parameter(property = "pitr.restoreDrill.memoryBudget")
    String memoryBudget;

    /**
     * Fetch WAL ahead of replay with pgBackRest's asynchronous archive-get, into a spool in the scratch directory
     * (default true). Also {@code -Dpitr.restoreDrill.archiveAsync}.
     */
    @Parameter(property = "pitr.restoreDrill.archiveAsync")
    String archiveAsync;

    /**
     * Parallel WAL fetch processes (default: one per core for a local repository, two per core up to 8 for an
     * object store or a repository host). Also {@code -Dpitr.restoreDrill.archiveGetProcessMax}.
     */
    @Parameter(property = "pitr.restoreDrill.archiveGetProcessMax")
    Integer archiveGetProcessMax;

    /**
     * How much WAL may be fetched ahead (archive-get-queue-max; 512MiB, 1GB or bytes; default from the WAL to replay
     * and the free disk). Also {@code -Dpitr.restoreDrill.archiveGetQueueMax}.
     */
    @Parameter(property = "pitr.restoreDrill.archiveGetQueueMax")
    String archiveGetQueueMax;

    /**
     * Run the throwaway clone with settings for replay speed: fsync off, shared_buffers sized to the database within
     * the host's memory, rare restartpoints, no autovacuum (default true). Also
     * {@code -Dpitr.restoreDrill.replayTuning}.
     */
    @Parameter(property = "pitr.restoreDrill.replayTuning", defaultValue = "true")
    boolean replayTuning;

    /** Skip this goal. Also {@code -Dpitr.restoreDrill.skip}. */
    @Parameter(property = "pitr.restoreDrill.skip", defaultValue = "false")
    boolean restoreDrillSkip;

    private RecoveryTarget recoveryTarget;
    private Optional<RestoreTestPlan> testPlan;
    private Optional<Path> directory;
    private Map<String, Long> rowCounts;
    private Map<String, String> sqlChecks;
    private List<String> requiredExtensions;
    private Optional<String> drillDatabase;
    private Optional<Boolean> amcheckOn;
    private Optional<Long> amcheckBound;
    private List<String> amcheckIn;
    private boolean heapAllIndexed;
    private List<String> command;
    private Optional<URI> readiness;
    private Optional<Duration> rto;
    private Path reports;
    private Optional<String> budget;
    private Optional<Boolean> fetchAhead;
    private Optional<Integer> fetchProcesses;
    private Optional<Long> fetchQueue;
    private boolean tuning;

    /** The drill just wrote its report here: the metrics read it from the same place. */
    @Override
    protected Path metricsReportDirectory() {
        return reports != null ? reports : super.metricsReportDirectory();
    }

    @Override
    protected String goal() {
        return "restore-drill";
    }

    @Override
    protected Param goalSkipParameter() {
        return Param.RESTORE_DRILL_SKIP;
    }

    @Override
    protected boolean goalSkip() {
        return restoreDrillSkip;
    }

    @Override
    protected void resolveGoalParameters(PropertyResolver props) {
        recoveryTarget = TargetParameters.resolve(props, target, targetType);
        directory = props.path(Param.DRILL_DIRECTORY, drillDirectory, baseDirectory());
        rowCounts = new LinkedHashMap<>();
        props.map(Param.EXPECTED_ROW_COUNTS, expectedRowCounts, ",").forEach((table, count) -> {
            try {
                rowCounts.put(table, Long.parseLong(count.strip()));
            } catch (NumberFormatException e) {
                throw new PluginConfigurationException(Param.EXPECTED_ROW_COUNTS, "the count of " + table + " ('" + count
                        + "') is not a number", "give a whole number, e.g. <" + table + ">42</" + table + ">");
            }
        });
        sqlChecks = props.map(Param.CHECKS, checks, ";");
        requiredExtensions = props.list(Param.EXTENSIONS, extensions, ",");
        drillDatabase = props.string(Param.DATABASE, database);
        amcheckOn = props.string(Param.AMCHECK, amcheck).or(() -> props.property(Param.AMCHECK.property()))
                .map(RestoreDrillMojo::amcheckMode);
        amcheckBound = props.string(Param.AMCHECK_MAX_SIZE, amcheckMaxSize)
                .map(v -> ByteSize.parse(Param.AMCHECK_MAX_SIZE, v));
        amcheckIn = props.list(Param.AMCHECK_DATABASES, amcheckDatabases, ",");
        heapAllIndexed = props.flag(Param.AMCHECK_HEAP_ALL_INDEXED, amcheckHeapAllIndexed);
        command = props.list(Param.POST_RESTORE_COMMAND, postRestoreCommand, "\\s+");
        readiness = props.string(Param.READINESS_URL, readinessUrl).map(u -> {
            try {
                return new URI(u);
            } catch (URISyntaxException e) {
                throw new PluginConfigurationException(Param.READINESS_URL, "'" + u + "' is not a URL",
                        "give an http(s) URL such as http://localhost:8080/health");
            }
        });
        rto = props.duration(Param.MAX_RTO, maxRto);
        reports = ReportDirectory.resolve(props, reportDirectory, baseDirectory());
        testPlan = PlanParameter.resolve(props, plan);
        budget = props.string(Param.MEMORY_BUDGET, memoryBudget);
        fetchAhead = props.string(Param.DRILL_ARCHIVE_ASYNC, archiveAsync)
                .or(() -> props.property(Param.DRILL_ARCHIVE_ASYNC.property())).map(RestoreDrillMojo::archiveAsyncFlag);
        fetchProcesses = props.integer(Param.DRILL_ARCHIVE_GET_PROCESS_MAX, archiveGetProcessMax);
        fetchQueue = props.string(Param.DRILL_ARCHIVE_GET_QUEUE_MAX, archiveGetQueueMax)
                .map(v -> ByteSize.parse(Param.DRILL_ARCHIVE_GET_QUEUE_MAX, v));
        tuning = props.flag(Param.DRILL_REPLAY_TUNING, replayTuning);
    }

    @Override
    protected void run(PgBackRest pgbr) {
        RestoreDrillRequest drill = pgbr.restoreDrill().target(recoveryTarget).reportDirectory(reports)
                .keepScratch(resolver().flag(Param.KEEP_SCRATCH, keepScratch))
                .scratchInMemory(resolver().flag(Param.SCRATCH_IN_MEMORY, scratchInMemory))
                .progress(new ProgressLog(getLog()::info));
        directory.ifPresent(drill::directory);
        rowCounts.forEach(drill::expectRowCount);
        sqlChecks.forEach(drill::assertSql);
        requiredExtensions.forEach(drill::requireExtension);
        if (!command.isEmpty()) {
            drill.postRestoreCommand(command);
        }
        readiness.ifPresent(drill::readinessUrl);
        rto.ifPresent(drill::maxRto);
        repo().ifPresent(drill::repo);
        drillDatabase.ifPresent(drill::database);
        amcheckOn.ifPresent(drill::amcheck);
        amcheckBound.ifPresent(drill::amcheckMaxSize);
        if (!amcheckIn.isEmpty()) {
            drill.amcheckDatabases(amcheckIn);
        }
        drill.amcheckHeapAllIndexed(heapAllIndexed);
        resolver().string(Param.DRILL_SET, drillSet).ifPresent(drill::set);
        budget.ifPresent(drill::memoryBudget);
        fetchAhead.ifPresent(drill::archiveAsync);
        fetchProcesses.ifPresent(drill::archiveGetProcessMax);
        fetchQueue.ifPresent(drill::archiveGetQueueMax);
        drill.replayTuning(tuning);
        String stanza = pgbr.configuration().stanza();
        if (testPlan.isPresent()) {
            runPlanned(drill.testPlan(testPlan.get()), stanza);
            return;
        }
        if (dryRun()) {
            // Core's plan, checked like the run checks it: a refusal is the same BUILD ERROR the run would give.
            DrillPlan plan = drill.plan();
            plan.describe().lines().forEach(getLog()::info);
            plan.refusal().ifPresent(refusal -> {
                throw refusal;
            });
            return;
        }
        getLog().info("Restore drill of stanza '" + stanza + "' to " + recoveryTarget.describe());
        DrillReport report = drill.run();
        print(report);
        report.staleDrillsCleaned().forEach(d -> getLog().warn("Cleaned up a stale drill first: " + d.note()));
        if (report.status() == DrillStatus.INTERRUPTED) {
            interrupted("Restore drill of stanza '" + stanza + "' was INTERRUPTED: " + report.failure().orElse("")
                    + "; it proves nothing either way, run it again (reports in " + reports + ")");
        }
        if (!report.passed()) {
            failed("Restore drill of stanza '" + stanza + "' FAILED: " + report.failure().orElseGet(() -> failedChecks(report))
                    + " (reports in " + reports + ")");
        }
        getLog().info("Restore drill of stanza '" + stanza + "' PASSED");
    }

    /**
     * The drills the plan picks: each printed; any FAILED is a BUILD FAILURE, an INTERRUPTED one (none FAILED) a
     * BUILD ERROR as for a single drill, a SKIPPED one a warning. The dry run prints every plan and refuses what
     * the run would refuse, with the same BUILD ERROR.
     */
    private void runPlanned(RestoreDrillRequest drill, String stanza) {
        if (dryRun()) {
            getLog().info("Dry run: restore-test plan " + testPlan.get().describe());
            List<DrillPlan> plans = drill.plans();
            plans.forEach(p -> p.describe().lines().forEach(getLog()::info));
            plans.stream().flatMap(p -> p.refusal().stream()).findFirst().ifPresent(refusal -> {
                throw refusal;
            });
            return;
        }
        getLog().info("Restore drill of stanza '" + stanza + "' by plan: " + testPlan.get().describe());
        List<DrillReport> done = drill.runAll();
        List<String> failures = new java.util.ArrayList<>();
        List<String> interruptions = new java.util.ArrayList<>();
        for (DrillReport r : done) {
            print(r);
            String where = r.repo().map(n -> "repo" + n).orElse("the stanza") + " (seed " + r.seed().map(String::valueOf)
                    .orElse("-") + ")";
            switch (r.status()) {
                case PASSED -> getLog().info("Restore drill of " + where + " PASSED");
                case SKIPPED -> getLog().warn("Restore drill of " + where + " SKIPPED: " + r.failure().orElse(""));
                case INTERRUPTED -> interruptions.add(where + ": " + r.failure().orElse(""));
                default -> failures.add(where + ": " + r.failure().orElseGet(() -> failedChecks(r)));
            }
        }
        if (!failures.isEmpty()) {
            failed("Restore drill of stanza '" + stanza + "' FAILED: " + String.join("; ", failures) + " (reports in "
                    + reports + ")");
        }
        if (!interruptions.isEmpty()) {
            interrupted("Restore drill of stanza '" + stanza + "' was INTERRUPTED: " + String.join("; ", interruptions)
                    + "; it proves nothing either way, run it again (reports in " + reports + ")");
        }
    }

    private void print(DrillReport report) {
        getLog().info("Backup set " + report.backupSet() + ", target " + report.target().describe()
                + report.recoveredTo().map(t -> ", recovered to " + t).orElse("") + ", PostgreSQL "
                + report.postgresVersion() + report.seed().map(seed -> ", seed " + seed + " (replay with -Dpitr.plan.seed="
                        + seed + ")").orElse(""));
        report.walReplay().range().ifPresent(range -> getLog().info("WAL replayed: " + range + " ("
                + report.walReplay().segments() + " segments, " + report.walReplay().bytes() + " bytes)"
                + report.walReplay().lastReplayedLsn().map(l -> " to LSN " + l).orElse("")
                + (report.walReplay().complete() ? "" : "; INCOMPLETE" + report.walReplay().firstMissingSegment()
                        .map(m -> ", first segment not fetched: " + m).orElse(""))));
        TextTable table = new TextTable("Check", "Result", "Database", "Expected", "Actual", "Message");
        for (DrillCheck c : report.checks()) {
            table.row(c.name(), c.passed() ? "ok" : c.status().name(), c.database().orElse(""), c.expected(), c.actual(),
                    c.message());
        }
        table.lines().forEach(getLog()::info);
        report.skippedChecks().forEach(c -> getLog().warn("Check " + c.name() + " was SKIPPED: " + c.message()));
        DrillTimings t = report.timings();
        getLog().info("Timings: restore " + seconds(t.restore()) + ", recovery " + seconds(t.recovery())
                + ", total (RTO) " + seconds(t.total()));
        report.recoveryWindow().ifPresent(w -> getLog().info("Recovery window: from " + w.earliest() + " to "
                + w.latest() + " (" + w.latestSource().description() + ")"));
        DrillPhases p = report.phases();
        getLog().info(String.format(java.util.Locale.ROOT, "Phases: restore %s (%.0f MB/s), configure %s, WAL replay %s "
                + "(%.0f MB at %.0f MB/s, %d segments fetched), promotion %s, checks %s", seconds(p.restore().duration()),
                p.restore().mbPerSecond(), seconds(p.configure()), seconds(p.walReplay().duration()),
                p.walReplay().bytes() / 1e6, p.walReplay().mbPerSecond(), p.walReplay().segmentsFetched(),
                seconds(p.promotion()), seconds(p.validations().stream().map(DrillPhases.Timed::duration)
                        .reduce(Duration.ZERO, Duration::plus))));
        report.rtoEstimate().ifPresent(e -> getLog().info(String.format(java.util.Locale.ROOT,
                "RTO estimated %s, measured %s (error %+.1f %%)", seconds(e.total()), seconds(t.total()),
                e.errorPercent(t.total()))));
        report.reportFiles().forEach(f -> getLog().info("Report: " + f));
    }

    /** {@code <amcheck>}: absent or auto leaves the bound to decide; a bare {@code -Dpitr.amcheck} means true. */
    private static Boolean amcheckMode(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "", "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "auto" -> null;
            default -> throw new PluginConfigurationException(Param.AMCHECK, "'" + value + "' is not auto, true or false",
                    "use auto (the default: on up to amcheckMaxSize), true (always) or false (off)");
        };
    }

    /** {@code <archiveAsync>}: true or false; a bare {@code -Dpitr.restoreDrill.archiveAsync} means true. */
    private static boolean archiveAsyncFlag(String value) {
        return switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "", "true" -> true;
            case "false" -> false;
            default -> throw new PluginConfigurationException(Param.DRILL_ARCHIVE_ASYNC, "'" + value
                    + "' is not true or false", "use true (the default: WAL fetched ahead) or false (one segment per fetch)");
        };
    }

    private static String failedChecks(DrillReport report) {
        List<DrillCheck> failed = report.failedChecks();
        return "failed checks: " + failed.stream().map(c -> c.name() + " (expected " + c.expected() + ", got "
                + c.actual() + ")").collect(Collectors.joining(", "));
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
