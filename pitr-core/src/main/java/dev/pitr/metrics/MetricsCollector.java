package dev.pitr.metrics;

import dev.pitr.HealthCheck;
import dev.pitr.governance.HealthReport;
import dev.pitr.PgBackRest;
import dev.pitr.error.PgBackRestException;
import dev.pitr.RestoreDrillRequest;
import dev.pitr.info.StanzaInfo;
import dev.pitr.internal.metrics.MetricsModel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects one {@link PitrMetrics} for a stanza: {@code pgbackrest info}, a {@link HealthCheck} and the restore
 * drills' reports. Nothing is changed: by default the health check runs without pgBackRest's {@code check}
 * (which forces a WAL switch), so collecting on a schedule is harmless; give a configured check, or the
 * report of one already run, to change that.
 *
 * <pre>{@code
 * PitrMetrics m = pgbr.metrics()
 *         .reportDirectory(Path.of("pitr-reports"))             // where restore drills write their reports
 *         .healthCheck(pgbr.healthCheck().policy(policy))        // optional: thresholds, policy, connection
 *         .collect();
 * }</pre>
 */
public final class MetricsCollector {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsCollector.class);
    private final PgBackRest pgbr;
    private HealthCheck healthCheck;
    private HealthReport healthReport;
    private StanzaInfo info;
    private Path reportDirectory;

    private MetricsCollector(PgBackRest pgbr) {
        this.pgbr = Objects.requireNonNull(pgbr, "pgbr");
    }

    /** A collector for the configured stanza (also {@code pgbr.metrics()}). */
    public static MetricsCollector of(PgBackRest pgbr) {
        return new MetricsCollector(pgbr);
    }

    /**
     * The health check to run (default: {@code pgbr.healthCheck().pgBackRestCheck(false)} with the report
     * directory below). Its rules become {@code pitr_governance_rule_status}, its figures the drill and WAL ages.
     */
    public MetricsCollector healthCheck(HealthCheck check) {
        this.healthCheck = Objects.requireNonNull(check, "healthCheck");
        return this;
    }

    /** A health report already run (pitr:check has one): used as it is, no check runs. */
    public MetricsCollector healthReport(HealthReport report) {
        this.healthReport = Objects.requireNonNull(report, "healthReport");
        return this;
    }

    /** Info already read for this stanza: used instead of running {@code pgbackrest info} again. */
    public MetricsCollector info(StanzaInfo stanzaInfo) {
        this.info = Objects.requireNonNull(stanzaInfo, "info");
        return this;
    }

    /**
     * Where restore drills write their reports (RTO, phases, recovery-point gap, the estimate); also given to
     * the health check this collector runs. Default: {@link RestoreDrillRequest#DEFAULT_REPORT_DIRECTORY}.
     */
    public MetricsCollector reportDirectory(Path dir) {
        this.reportDirectory = Objects.requireNonNull(dir, "reportDirectory");
        return this;
    }

    /**
     * Reads info, runs the health check (unless a report was given) and the drill reports, and returns the
     * figures as of the health check's {@code checkedAt}. A failed info is not an error: the pgBackRest
     * figures are then absent and {@code pitr_info_status} is 0.
     *
     * @throws dev.pitr.PitrConfigurationException when the health check cannot run (a configuration problem)
     */
    public PitrMetrics collect() {
        String stanza = pgbr.configuration().stanza();
        Path reports = Optional.ofNullable(reportDirectory).orElse(RestoreDrillRequest.DEFAULT_REPORT_DIRECTORY)
                .toAbsolutePath().normalize();
        Optional<StanzaInfo> stanzaInfo = Optional.ofNullable(info);
        if (stanzaInfo.isEmpty()) {
            try {
                stanzaInfo = Optional.ofNullable(pgbr.stanzaInfo());
            } catch (PgBackRestException e) {
                LOG.warn("metrics of stanza {}: pgbackrest info failed ({}); pgBackRest's figures are left out",
                        stanza, e.getMessage());
            }
        }
        HealthReport report = healthReport;
        if (report == null) {
            HealthCheck check = healthCheck != null ? healthCheck : pgbr.healthCheck().pgBackRestCheck(false);
            if (healthCheck == null || reportDirectory != null) {
                check.reportDirectory(reports);
            }
            report = check.run();
        }
        return MetricsModel.build(stanza, stanzaInfo, report, reports);
    }
}
