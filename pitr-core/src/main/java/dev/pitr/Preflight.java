package dev.pitr;

import dev.pitr.config.DatabaseConnection;
import dev.pitr.config.PitrConfiguration;
import dev.pitr.governance.HealthMetrics;
import dev.pitr.governance.HealthReport;
import dev.pitr.governance.HealthThresholds;
import dev.pitr.governance.RuleResult;
import dev.pitr.internal.conf.ConfFile;
import dev.pitr.internal.health.ArchiveCommandCheck;
import dev.pitr.internal.health.PreflightRules;
import dev.pitr.internal.health.ServerFacts;
import dev.pitr.internal.os.RunAs;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the live PostgreSQL settings WAL archiving depends on, through JDBC, and judges each one:
 * {@code archive_mode}, {@code wal_level}, {@code archive_command} (pgbackrest archive-push %p for this
 * stanza), {@code archive_timeout} (set, within the target RPO), {@code max_wal_senders},
 * {@code pg_stat_archiver} (failures since the last success, age of the last archived WAL) and data
 * checksums. The connection is derived from the configuration ({@code pg1-socket-path}, {@code pg1-port},
 * {@code pg1-user} or the run-as user) unless {@link #database(DatabaseConnection)} gives one.
 *
 * <pre>{@code
 * HealthReport preflight = pgbr.preflight().run();
 * String conf = pgbr.preflight().postgresqlConf();   // the postgresql.conf lines the runbook asks for
 * }</pre>
 */
public final class Preflight {
    private final PgBackRest pgbr;
    private DatabaseConnection database;
    private HealthThresholds thresholds = HealthThresholds.defaults();
    private Clock clock = Clock.systemUTC();

    Preflight(PgBackRest pgbr) {
        this.pgbr = pgbr;
    }

    /** The connection to judge (default: derived from the configuration). */
    public Preflight database(DatabaseConnection connection) {
        this.database = Objects.requireNonNull(connection);
        return this;
    }

    /** Thresholds (the target RPO for {@code archive_timeout}). */
    public Preflight thresholds(HealthThresholds t) {
        this.thresholds = Objects.requireNonNull(t);
        return this;
    }

    /** The clock ages are measured against (default: now). */
    public Preflight clock(Clock c) {
        this.clock = Objects.requireNonNull(c);
        return this;
    }

    /** Connects, reads and judges; a failed connection is one FAIL result ({@code database-connection}). */
    public HealthReport run() {
        Instant now = clock.instant();
        return new HealthReport(pgbr.configuration().stanza(), now, judge(now).results(), HealthMetrics.none());
    }

    /** The results and, when the connection worked, the facts read (the WAL rule reuses them). */
    record Judged(List<RuleResult> results, Optional<ServerFacts> facts) {
    }

    /** The connection the preflight reads the server settings through: the given one, or derived from the configuration. */
    DatabaseConnection connection() {
        return database != null ? database : derivedConnection(pgbr.configuration(), pgbr.invoker().conf());
    }

    Judged judge(Instant now) {
        DatabaseConnection db = connection();
        List<RuleResult> out = new ArrayList<>();
        ServerFacts facts;
        try (Connection conn = db.open()) {
            facts = ServerFacts.read(conn);
        } catch (SQLException e) {
            out.add(RuleResult.fail("database-connection", "cannot read the server settings through " + db + ": "
                    + e.getMessage() + " (the preflight items were not checked)",
                    "give pitr a connection: pg1-socket-path/pg1-port/pg1-user in the configuration, or "
                            + "healthCheck().database(DatabaseConnection.jdbc(url, user, password))"));
            return new Judged(out, Optional.empty());
        }
        out.add(RuleResult.pass("database-connection", "PostgreSQL " + facts.serverVersion() + " through " + db
                + (facts.inRecovery() ? " (a standby: archiving is judged on the primary)" : "")));
        out.addAll(PreflightRules.judge(facts, pgbr.configuration().stanza(), pgbr.configuration().configFile(), recommendedArchiveCommand(), thresholds, now));
        return new Judged(out, Optional.of(facts));
    }

    /** The postgresql.conf lines the runbook asks for, with this stanza's archive_command. */
    public String postgresqlConf() {
        long timeout = Math.min(60, thresholds.targetRpo().toSeconds());
        return "# WAL archiving into pgBackRest stanza '" + pgbr.configuration().stanza() + "' (rendered by pitr)\n"
                + "archive_mode = on\n"
                + "archive_command = '" + recommendedArchiveCommand().replace("'", "''") + "'\n"
                + "archive_timeout = " + timeout + "\n"
                + "wal_level = replica\n"
                + "max_wal_senders = 10\n";
    }

    /** {@code pgbackrest [--config=...] --stanza=<stanza> archive-push %p}. */
    public String recommendedArchiveCommand() {
        PitrConfiguration c = pgbr.configuration();
        return ArchiveCommandCheck.recommended(c.executable(), c.configFile(), c.stanza());
    }

    /** The unix socket pgBackRest itself would use, as the user it would connect as. */
    static DatabaseConnection derivedConnection(PitrConfiguration c, ConfFile conf) {
        Optional<ConfFile> file = c.rendered() ? Optional.empty() : Optional.of(conf);
        String stanza = c.stanza();
        Optional<ConfFile> f = file;
        Path socket = c.pgSocketPath().or(() -> f.flatMap(x -> x.get(stanza, "pg1-socket-path")).map(Path::of))
                .orElse(Path.of("/var/run/postgresql"));
        int port = c.pgPort().or(() -> f.flatMap(x -> x.get(stanza, "pg1-port")).map(Integer::valueOf)).orElse(5432);
        String user = c.pgUser().or(() -> f.flatMap(x -> x.get(stanza, "pg1-user"))).or(c::runAs)
                .orElse(RunAs.currentUser());
        return DatabaseConnection.socket(socket, port, user);
    }
}
