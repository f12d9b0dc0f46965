package dev.pitr;

import dev.pitr.audit.AuditEntry;
import dev.pitr.audit.AuditLog;
import dev.pitr.audit.AuditOutcome;
import dev.pitr.config.PgBackRestVersion;
import dev.pitr.config.PitrConfiguration;
import dev.pitr.config.Secret;
import dev.pitr.drill.StaleDrill;
import dev.pitr.error.ErrorCode;
import dev.pitr.error.LockHeldException;
import dev.pitr.error.PgBackRestException;
import dev.pitr.error.VerifyFailedException;
import dev.pitr.info.InfoResult;
import dev.pitr.info.StanzaInfo;
import dev.pitr.info.WalArchive;
import dev.pitr.internal.Invoker;
import dev.pitr.internal.VerifyOutput;
import dev.pitr.internal.conf.ConfFile;
import dev.pitr.internal.drill.StaleDrills;
import dev.pitr.internal.exec.CommandRunner;
import dev.pitr.internal.exec.ProcessOutput;
import dev.pitr.internal.pg.PostgresBinaries;
import dev.pitr.internal.os.TemporaryDirectories;
import dev.pitr.internal.timeline.WalArchives;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import dev.pitr.operation.CheckResult;
import dev.pitr.operation.CommandPlan;
import dev.pitr.operation.CommandResult;
import dev.pitr.operation.Operation;
import dev.pitr.operation.VerifyResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of pitr: drives the real {@code pgbackrest} CLI for one stanza and returns typed results.
 *
 * <pre>{@code
 * PgBackRest pgbr = PgBackRest.configure()
 *         .stanza("nbms")
 *         .configFile(Path.of("/etc/pgbackrest/pgbackrest.conf"))
 *         .runAs("postgres")
 *         .load();
 * pgbr.check();
 * BackupResult b = pgbr.backup(BackupType.INCR);
 * }</pre>
 *
 * Immutable and thread-safe once loaded; pgBackRest's own locks serialise conflicting commands (a second
 * backup fails with {@link LockHeldException}).
 *
 * <p>{@link #close()} when done (try-with-resources): a typed configuration's pgbackrest.conf, rendered into a
 * private {@code /tmp/pitr-conf-*} directory, is deleted then (and at the latest when the JVM exits). Close it
 * after every drill it started, whose recovering cluster reads that file.
 */
public final class PgBackRest implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgBackRest.class);
    private final PitrConfiguration config;
    private final Invoker invoker;
    private final Optional<Path> temporaryDirectory;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param temporaryDirectory what load() made for this instance alone, deleted by {@link #close()} */
    PgBackRest(PitrConfiguration config, CommandRunner runner, Optional<AuditLog> auditLog, ConfFile conf,
            Map<String, Secret> secrets, Optional<Path> temporaryDirectory) {
        this.config = config;
        this.invoker = new Invoker(config, runner, auditLog, conf, secrets, closed::get);
        this.temporaryDirectory = temporaryDirectory;
    }

    /**
     * Deletes what {@link FluentConfiguration#load()} made for this instance (the rendered configuration file
     * in its temporary directory; never a {@code renderConfigTo} or {@code configFile} file). Commands after
     * close fail with {@link IllegalStateException}. Idempotent.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            temporaryDirectory.ifPresent(TemporaryDirectories::delete);
        }
    }

    /** Starts a configuration; finish it with {@link FluentConfiguration#load()}. */
    public static FluentConfiguration configure() {
        return new FluentConfiguration();
    }

    /** The frozen configuration. */
    public PitrConfiguration configuration() {
        return config;
    }

    /** The audit log every command is appended to, when {@link FluentConfiguration#auditLog(Path)} was set. */
    public Optional<AuditLog> auditLog() {
        return invoker.auditLog();
    }

    /**
     * The preflight: reads the live PostgreSQL settings WAL archiving depends on (through JDBC) and can
     * render the {@code postgresql.conf} lines this stanza needs.
     */
    public Preflight preflight() {
        return new Preflight(this);
    }

    /**
     * One result list for the stanza: pgBackRest {@code check}, the {@link #preflight()} and the governance
     * rules (retention, encryption, backup ages, WAL archive, error flags, restore drills).
     */
    public HealthCheck healthCheck() {
        return new HealthCheck(this);
    }

    /**
     * The stanza's figures for monitoring: pgBackRest's under pgbackrest_exporter's names, pitr's own under
     * {@code pitr_} (drills, RTO, rules, WAL ages), as Prometheus text, a node_exporter textfile or Micrometer
     * gauges ({@link dev.pitr.metrics.PitrMeterBinder}). See docs/monitoring.md.
     */
    public dev.pitr.metrics.MetricsCollector metrics() {
        return dev.pitr.metrics.MetricsCollector.of(this);
    }

    /** pgBackRest's release, read at load(), e.g. 2.45 or 2.55.1. */
    public PgBackRestVersion version() {
        return config.version();
    }

    /** Creates the stanza in every repository ({@code stanza-create}); safe to repeat. */
    public CommandResult stanzaCreate() {
        return invoker.run(Operation.STANZA_CREATE, List.of()).result();
    }

    /** Records a new PostgreSQL major version or system id ({@code stanza-upgrade}), after pg_upgrade. */
    public CommandResult stanzaUpgrade() {
        return invoker.run(Operation.STANZA_UPGRADE, List.of()).result();
    }

    /**
     * Checks that WAL archiving works and the repository is valid ({@code check}). Throws a
     * {@link PgBackRestException} carrying pgBackRest's code (e.g. ARCHIVE_TIMEOUT) when it does not.
     */
    public CheckResult check() {
        return new CheckResult(config.stanza(), invoker.run(Operation.CHECK, List.of()).result());
    }

    /** Everything {@code info --output=json} reports for the configured stanza's repositories. */
    public InfoResult info() {
        return invoker.info();
    }

    /**
     * The configured stanza's info. A stanza that was never created is returned with
     * {@code status().stanzaMissing()} true; an undecryptable repository throws with {@link ErrorCode#CRYPTO}.
     */
    public StanzaInfo stanzaInfo() {
        return invoker.stanzaInfo();
    }

    /**
     * The WAL archive of this info's stanza: the recovery window as two instants (the oldest backup's stop, and
     * the repository's time of the newest archived WAL segment) and the timeline history. Reads the archive
     * through pgBackRest ({@code repo-ls}, {@code repo-get}); what cannot be read is listed in {@code problems()}.
     */
    public WalArchive walArchive(StanzaInfo info) {
        return WalArchives.read(invoker, info);
    }

    /** A backup of the given type with no other options. */
    public BackupResult backup(BackupType type) {
        return backup().type(type).run();
    }

    /** A backup request: set type, annotations, repository, then {@code run()}. */
    public BackupRequest backup() {
        return new BackupRequest(invoker);
    }

    /** An expire request (retention), with {@code dryRun()} available. */
    public ExpireRequest expire() {
        return new ExpireRequest(invoker);
    }

    /**
     * Verifies the repository's backups and WAL ({@code verify}). pgBackRest exits 0 even when verify
     * reports errors; pitr reads the output and throws {@link VerifyFailedException}.
     */
    public VerifyResult verify() {
        return invoker.run(Operation.VERIFY, List.of(), out -> VerifyOutput.interpret(out.result()));
    }

    /** Forbids new pgBackRest commands for the stanza ({@code stop}). */
    public CommandResult stop() {
        return invoker.run(Operation.STOP, List.of()).result();
    }

    /** Allows pgBackRest commands again after {@link #stop()} ({@code start}). */
    public CommandResult start() {
        return invoker.run(Operation.START, List.of()).result();
    }

    /** Adds or changes annotations on a backup set ({@code annotate}); an empty value removes a key. */
    public CommandResult annotate(String label, Map<String, String> annotations) {
        return invoker.annotate(label, annotations);
    }

    /**
     * A point-in-time restore: set target and options, then {@code plan()} (dry run) or {@code run()}.
     * Interlocks (live postmaster, non-empty directory, production pg1-path, recovery window) are checked
     * before any file is touched.
     */
    public RestoreRequest restore() {
        return new RestoreRequest(invoker);
    }

    /** An automated restore drill into an isolated scratch cluster, with checks, timings and report files. */
    public RestoreDrillRequest restoreDrill() {
        return new RestoreDrillRequest(invoker);
    }

    /**
     * The evidence of a period (default: the current quarter) that backups were tested: every drill, the
     * repositories drilled and never drilled, the governance rules, the gaps and the audit chain, as JSON and
     * Markdown.
     */
    public EvidenceRequest evidence() {
        return new EvidenceRequest(this);
    }

    /**
     * Cleans up the drills that JVMs killed before their teardown (kill -9, a crash) left in the default drill
     * directories, {@code /tmp} and (drills that fit restore into memory) {@code /dev/shm}: see
     * {@link #cleanStaleDrills(Path)}. Every drill does this first in its own directories; call this (or
     * {@code mvn pitr:drill-cleanup}) to do it without a drill, e.g. from a timer.
     */
    public List<StaleDrill> cleanStaleDrills() {
        List<StaleDrill> cleaned = new java.util.ArrayList<>();
        RestoreDrillRequest.defaultDirectories().forEach(d -> cleaned.addAll(cleanStaleDrills(d)));
        return List.copyOf(cleaned);
    }

    /**
     * Cleans up stale drills in this parent directory (a drill's {@code directory(...)}): every
     * {@code pitr-drill-*} scratch directory whose marker names a JVM of this host that is no longer running
     * (pid and start time). Its postmaster, verified to be that data directory's, is stopped, every process
     * naming the directory is ended, and the directory is deleted. Drills of live JVMs, of other hosts and
     * kept ones ({@code keepScratch}) are left alone.
     *
     * @return what was cleaned, oldest first (also logged, and audited as {@code drill-cleanup})
     */
    public List<StaleDrill> cleanStaleDrills(Path directory) {
        Instant start = Instant.now();
        List<StaleDrill> cleaned = new StaleDrills(PostgresBinaries.locate(Optional.empty()), invoker.runner(),
                configuration().runAs())
                .clean(directory.toAbsolutePath().normalize());
        AuditEntry entry = AuditEntry.of("drill-cleanup", configuration().stanza(), cleaned.stream()
                .allMatch(StaleDrill::removed) ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE)
                .withDuration(Duration.between(start, Instant.now())).withDetail(cleaned.size() + " stale drill(s) in "
                        + directory + cleaned.stream().map(d -> " " + d.scratchDirectory()).reduce("", String::concat));
        invoker.auditLog().ifPresent(log -> {
            try {
                log.append(entry);
            } catch (RuntimeException e) {
                LOG.error("could not append the drill cleanup to audit log {}: {}", log.file(), e.getMessage());
            }
        });
        return cleaned;
    }

    /**
     * The stale drills {@link #cleanStaleDrills(Path)} would clean in this directory, touching nothing (a dry
     * run): each with its postmaster if one still runs, its size, {@code removed} false and a note saying what
     * cleaning would do.
     */
    public List<StaleDrill> findStaleDrills(Path directory) {
        return StaleDrills.find(directory.toAbsolutePath().normalize(), configuration().runAs());
    }

    /**
     * What one of the commands without options would run ({@code check}, {@code info}, {@code verify},
     * {@code stanza-create}, {@code stanza-upgrade}, {@code stop}, {@code start}), for a dry run. Backups,
     * expire, restores and drills have their request's {@code plan()}.
     */
    public CommandPlan plan(Operation operation) {
        List<String> options = switch (operation) {
            case INFO -> Invoker.INFO_OPTIONS;
            case CHECK, VERIFY, STANZA_CREATE, STANZA_UPGRADE, STOP, START, VERSION -> List.of();
            default -> throw new IllegalArgumentException(operation + " takes options: plan it with its request ("
                    + "backup().plan(), expire().plan(), restore().plan())");
        };
        return new CommandPlan(operation, invoker.argv(operation, options), List.of());
    }

    Invoker invoker() {
        return invoker;
    }

    @Override
    public String toString() {
        return "PgBackRest[stanza=" + config.stanza() + ", config=" + config.configFile() + ", version="
                + config.version() + "]";
    }
}
