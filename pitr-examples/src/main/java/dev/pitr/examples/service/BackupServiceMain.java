package dev.pitr.examples.service;

import dev.pitr.PgBackRest;
import dev.pitr.config.Secret;
import dev.pitr.governance.BackupPolicy;
import dev.pitr.sandbox.SandboxCluster;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link BackupService} with its {@link StatusServer} until the JVM is stopped (SIGTERM/Ctrl-C).
 *
 * <p>Production: configured from the environment -
 * <pre>
 * PITR_STANZA=nbms                                  (required)
 * PITR_CONFIG=/etc/pgbackrest/pgbackrest.conf       (default)
 * PITR_RUN_AS=postgres                              (default; the OS user pgBackRest runs as)
 * PITR_JDBC_URL=jdbc:postgresql://localhost/postgres (for WAL lag; PITR_DB_USER, PITR_DB_PASSWORD)
 * PITR_POLICY="full SUN 01:00, incr MON-SAT 01:00 (Africa/Johannesburg)"   (BackupPolicy text; default: runbook, UTC)
 * PITR_CHECK_EVERY=PT1H PITR_DRILL_EVERY=P7D        (ISO-8601 durations)
 * PITR_DRILL_REPORTS=pitr-drill-report              (where drill reports go)
 * PITR_STATUS_BIND=127.0.0.1 PITR_STATUS_PORT=8080   (/status, /healthz, /metrics)
 * </pre>
 * Try it: {@code --sandbox} runs the same service against a throwaway sandbox cluster with short intervals
 * (a full backup at once, then the runbook policy; check every minute, a drill every 5 minutes), until Ctrl-C,
 * then removes the sandbox.
 */
public final class BackupServiceMain {
    private BackupServiceMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean sandboxMode = args.length > 0 && args[0].equals("--sandbox");
        SandboxCluster sandbox = null;
        PgBackRest pgbr;
        BackupService.ConnectionSource database;
        Schedule schedule;
        if (sandboxMode) {
            sandbox = SandboxCluster.builder().stanza("service-demo").start();
            sandbox.pgBackRest().stanzaCreate();
            pgbr = sandbox.pgBackRest();
            database = sandbox::connect;
            schedule = new Schedule(BackupPolicy.runbook(ZoneId.of("UTC")), Duration.ofMinutes(1), Duration.ofMinutes(5));
        } else {
            pgbr = PgBackRest.configure()
                    .stanza(required("PITR_STANZA"))
                    .configFile(Path.of(env("PITR_CONFIG").orElse("/etc/pgbackrest/pgbackrest.conf")))
                    .runAs(env("PITR_RUN_AS").orElse("postgres"))
                    .load();
            String url = required("PITR_JDBC_URL");
            Properties props = new Properties();
            env("PITR_DB_USER").ifPresent(u -> props.setProperty("user", u));
            if (env("PITR_DB_PASSWORD").isPresent()) {
                props.setProperty("password", Secret.fromEnv("PITR_DB_PASSWORD").reveal());
            }
            database = () -> DriverManager.getConnection(url, props);
            Schedule base = Schedule.runbookBaseline(ZoneId.of("UTC"));
            BackupPolicy policy = env("PITR_POLICY").map(BackupPolicy::parse).orElse(base.policy());
            schedule = new Schedule(policy, duration("PITR_CHECK_EVERY", base.checkEvery()),
                    duration("PITR_DRILL_EVERY", base.drillEvery()));
        }
        InetSocketAddress address = new InetSocketAddress(env("PITR_STATUS_BIND").orElse("127.0.0.1"),
                Integer.parseInt(env("PITR_STATUS_PORT").orElse("8080")));

        CountDownLatch stopped = new CountDownLatch(1);
        // A weekly drill to the latest archived WAL; add your critical tables' row counts and SQL checks here.
        DrillJob drill = DrillJob.restoreDrill(Path.of(env("PITR_DRILL_REPORTS").orElse("pitr-drill-report")),
                request -> request.maxRto(Duration.ofMinutes(30)));
        BackupService service = new BackupService(pgbr, database, schedule, drill).start();
        // What a Java service does: one Micrometer registry for all its metrics, pitr's binder bound to it, and
        // the registry's Prometheus scrape served next to /status (Spring Boot Actuator does the same).
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        service.meterBinder().bindTo(registry);
        StatusServer http = new StatusServer(address, service::status, registry::scrape);
        SandboxCluster toClose = sandbox;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.close();
            service.close();
            if (toClose != null) {
                toClose.close();
            }
            stopped.countDown();
        }, "pitr-service-shutdown"));
        stopped.await();
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }

    private static String required(String name) {
        return env(name).orElseThrow(() -> new IllegalArgumentException(name + " is not set (see BackupServiceMain's Javadoc)"));
    }

    private static Duration duration(String name, Duration fallback) {
        return env(name).map(Duration::parse).orElse(fallback);
    }
}
