package dev.pitr.examples.service;

import dev.pitr.PgBackRest;
import dev.pitr.error.PgBackRestException;
import dev.pitr.governance.BackupPolicy;
import dev.pitr.governance.ScheduledBackup;
import dev.pitr.info.BackupInfo;
import dev.pitr.info.StanzaInfo;
import dev.pitr.metrics.MetricsCollector;
import dev.pitr.metrics.PitrMeterBinder;
import dev.pitr.operation.BackupResult;
import dev.pitr.operation.BackupType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-running backup service on pitr's public API: it takes backups when its {@link BackupPolicy} says
 * so ({@code backup().auto(policy)}: the day's type, promoted to full when the newest full is overdue), runs
 * {@code pgbackrest check} and restore drills at fixed intervals, and reports its status (last backup, next
 * backup, WAL lag, last check, last drill) as a map that {@link StatusServer} serves as JSON. After every job
 * it collects pitr's metrics ({@code pgbr.metrics()}) into a {@link PitrMeterBinder}, which the application
 * binds to its Micrometer registry (the example serves it as {@code /metrics}).
 *
 * <p>All jobs run on one thread, so a backup never races a check of the same stanza (pgBackRest's own
 * lock would refuse it anyway). A failed job is logged and recorded in the status; it never stops the
 * schedule.
 */
public final class BackupService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);

    /** Opens a connection to the production database, for WAL positions (pg_stat_archiver). */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final PgBackRest pgbr;
    private final ConnectionSource database;
    private final Schedule schedule;
    private final Clock clock;
    private final ScheduledExecutorService jobs;
    private final Instant startedAt;

    private volatile Outcome lastCheck;
    private volatile Outcome lastBackupAttempt;
    private volatile DrillJob.Outcome lastDrill;
    private volatile ScheduledBackup nextBackup;
    private final DrillJob drillJob;
    private final PitrMeterBinder metrics = new PitrMeterBinder();

    /**
     * @param pgbr     the stanza to back up
     * @param database the production database, for WAL lag
     * @param schedule what runs when
     * @param drill    the restore drill to run every {@code schedule.drillEvery()}; null for none
     */
    public BackupService(PgBackRest pgbr, ConnectionSource database, Schedule schedule, DrillJob drill) {
        this.pgbr = pgbr;
        this.database = database;
        this.schedule = schedule;
        this.drillJob = drill;
        this.clock = Clock.systemUTC();
        this.startedAt = clock.instant();
        this.jobs = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pitr-backup-service");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the schedule: a check and, when the stanza has no full backup yet, a full backup right away;
     * then backups at the policy's times, check and drill at their intervals.
     */
    public BackupService start() {
        jobs.execute(this::check);
        jobs.execute(this::fullIfNone);
        scheduleNextBackup();
        every(schedule.checkEvery(), this::check);
        if (drillJob != null && !schedule.drillEvery().isZero()) {
            every(schedule.drillEvery(), this::drill);
        }
        LOG.info("backup service started for stanza {}: backups {}, check every {}, drill {}",
                pgbr.configuration().stanza(), schedule.policy().describe(), schedule.checkEvery(),
                drillJob == null || schedule.drillEvery().isZero() ? "never" : "every " + schedule.drillEvery());
        return this;
    }

    /** The policy's next slot: run an auto backup then, and schedule the one after it. */
    private void scheduleNextBackup() {
        ScheduledBackup next = schedule.policy().nextRun(clock.instant().atZone(schedule.policy().zone()));
        nextBackup = next;
        long delay = Math.max(0, Duration.between(clock.instant(), next.at().toInstant()).toMillis());
        jobs.schedule(() -> {
            autoBackup();
            scheduleNextBackup();
        }, delay, TimeUnit.MILLISECONDS);
    }

    /** Runs one job now (on the service's thread, after whatever is running) and waits for it. */
    public void runNow(Job job) throws InterruptedException {
        try {
            jobs.submit(switch (job) {
                case AUTO -> this::autoBackup;
                case FULL -> () -> backup(BackupType.FULL);
                case INCR -> () -> backup(BackupType.INCR);
                case CHECK -> this::check;
                case DRILL -> this::drill;
            }).get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The jobs {@link #runNow(Job)} can run. */
    public enum Job {
        /** What the policy says now ({@code backup().auto(policy)}). */
        AUTO, FULL, INCR, CHECK, DRILL
    }

    private void every(Duration interval, Runnable job) {
        long ms = interval.toMillis();
        jobs.scheduleAtFixedRate(job, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void fullIfNone() {
        try {
            if (pgbr.stanzaInfo().latestFull().isEmpty()) {
                autoBackup();
            }
        } catch (PgBackRestException e) {
            LOG.warn("could not read info: {}", e.getMessage());
        }
    }

    private void autoBackup() {
        backup(null);
    }

    /**
     * The stanza's figures as Micrometer gauges: bind it to the application's registry. Updated after every job;
     * ages grow between updates on their own, so an alert on an age fires even if the service stops working.
     */
    public PitrMeterBinder meterBinder() {
        return metrics;
    }

    /**
     * Collects the metrics: info, the governance rules under the service's policy (without pgbackrest check,
     * which the service runs on its own schedule) and the drill reports. A failure is logged; the gauges keep
     * their last figures.
     */
    private void refreshMetrics() {
        try {
            MetricsCollector collector = pgbr.metrics().healthCheck(pgbr.healthCheck().pgBackRestCheck(false)
                    .policy(schedule.policy()));
            if (drillJob != null) {
                drillJob.reportDirectory().ifPresent(collector::reportDirectory);
            }
            metrics.update(collector.collect());
        } catch (RuntimeException e) {
            LOG.warn("could not collect the metrics: {}", e.getMessage());
        }
    }

    /** Runs a backup of this type, or the policy's choice when {@code type} is null. */
    private void backup(BackupType type) {
        Instant at = clock.instant();
        try {
            BackupResult r = type == null ? pgbr.backup().auto(schedule.policy()).run() : pgbr.backup(type);
            LOG.info("{} backup {} done in {} ms", r.type(), r.label(), r.command().duration().toMillis());
            lastBackupAttempt = Outcome.ok(at, type + " " + r.label());
        } catch (PgBackRestException e) {
            LOG.error("{} backup failed: {} ({})", type, e.getMessage(), e.errorCode());
            lastBackupAttempt = Outcome.failed(at, type == null ? "auto" : type.toString(), e);
        }
        refreshMetrics();
    }

    private void check() {
        Instant at = clock.instant();
        try {
            pgbr.check();
            lastCheck = Outcome.ok(at, "check");
        } catch (PgBackRestException e) {
            LOG.error("check failed: {} ({})", e.getMessage(), e.errorCode());
            lastCheck = Outcome.failed(at, "check", e);
        }
        refreshMetrics();
    }

    private void drill() {
        if (drillJob == null) {
            return;
        }
        lastDrill = drillJob.run(pgbr);
        LOG.info("restore drill {}", lastDrill.status());
        refreshMetrics();
    }

    /**
     * The status the endpoint serves: computed now from {@code pgbackrest info} (about 15 ms) and the
     * database's pg_stat_archiver, plus what the service's own jobs recorded.
     */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        Instant now = clock.instant();
        s.put("stanza", pgbr.configuration().stanza());
        s.put("now", now);
        s.put("serviceStartedAt", startedAt);
        Optional<StanzaInfo> info = Optional.empty();
        try {
            info = Optional.of(pgbr.stanzaInfo());
            s.put("stanzaStatus", info.get().status().message());
        } catch (PgBackRestException e) {
            s.put("stanzaStatus", "info failed: " + e.getMessage());
        }
        s.put("lastBackup", info.flatMap(StanzaInfo::latestBackup).map(b -> backupJson(b, now)));
        s.put("lastFullBackup", info.flatMap(StanzaInfo::latestFull).map(BackupInfo::label));
        s.put("lastBackupAttempt", Optional.ofNullable(lastBackupAttempt).map(Outcome::json));
        s.put("policy", schedule.policy().describe());
        s.put("nextBackup", Optional.ofNullable(nextBackup).map(n -> Map.of("at", n.at().toInstant(), "type", n.type().toString())));
        s.put("walLag", walLag(info.flatMap(StanzaInfo::latestArchivedWal), now));
        s.put("lastCheck", Optional.ofNullable(lastCheck).map(Outcome::json));
        s.put("lastDrill", Optional.ofNullable(lastDrill).map(DrillJob.Outcome::json));
        s.put("healthy", healthy(info));
        return s;
    }

    private boolean healthy(Optional<StanzaInfo> info) {
        return info.map(i -> i.status().ok()).orElse(false)
                && lastCheck != null && lastCheck.ok()
                && (lastBackupAttempt == null || lastBackupAttempt.ok())
                && (lastDrill == null || lastDrill.passed());
    }

    private static Map<String, Object> backupJson(BackupInfo b, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", b.label());
        m.put("type", b.type().toString());
        m.put("start", b.start());
        m.put("stop", b.stop());
        m.put("ageSeconds", Duration.between(b.stop(), now).toSeconds());
        m.put("sizeBytes", b.size());
        m.put("repoSizeBytes", b.repoSize());
        return m;
    }

    private Map<String, Object> walLag(Optional<String> newestInRepository, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("newestWalInRepository", newestInRepository);
        try (Connection c = database.open()) {
            WalPosition p = WalPosition.read(c);
            m.put("currentWal", p.currentWal());
            m.put("segmentsBehind", p.segmentsBehind(newestInRepository));
            m.put("lastArchivedAt", p.lastArchivedAt());
            m.put("secondsSinceLastArchive", p.lastArchivedAt().map(t -> Duration.between(t, now).toSeconds()));
            m.put("lastFailedWal", p.lastFailedWal());
            m.put("lastFailedAt", p.lastFailedAt());
        } catch (SQLException e) {
            m.put("error", "cannot read pg_stat_archiver: " + e.getMessage());
        }
        return m;
    }

    /** Stops the schedule; a job that is running finishes first (up to a minute). */
    @Override
    public void close() {
        jobs.shutdownNow();
        try {
            if (!jobs.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("a job was still running when the service stopped");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What one run of a job ended with. */
    record Outcome(Instant at, String what, boolean ok, Optional<String> error) {
        static Outcome ok(Instant at, String what) {
            return new Outcome(at, what, true, Optional.empty());
        }

        static Outcome failed(Instant at, String what, PgBackRestException e) {
            return new Outcome(at, what, false, Optional.of(e.errorCode() + ": " + e.getMessage()));
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", at);
            m.put("what", what);
            m.put("ok", ok);
            m.put("error", error);
            return m;
        }
    }
}
