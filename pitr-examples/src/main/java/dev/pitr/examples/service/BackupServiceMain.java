package dev.pitr.examples.service;

import dev.pitr.PgBackRest;
import dev.pitr.RestoreDrillRequest;
import dev.pitr.config.Secret;
import dev.pitr.drill.RestoreTestPlan;
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
import java.util.function.UnaryOperator;

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
 * PITR_DRILL_PLAN_SELECTION=latest|random           (restore-test plan; any PITR_DRILL_PLAN_* turns it on)
 * PITR_DRILL_PLAN_WINDOW_DAYS=30 PITR_DRILL_PLAN_REPOSITORIES=rotation|all PITR_DRILL_PLAN_TARGET=latest|end|random
 * PITR_DRILL_PLAN_START_WINDOW=PT4H PITR_DRILL_PLAN_VALIDATION_WINDOW=PT30M PITR_DRILL_PLAN_SEED=42
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
        // A weekly drill: to the latest archived WAL, or chosen by a restore-test plan when one is configured;
        // add your critical tables' row counts and SQL checks here.
        Path drillReports = Path.of(env("PITR_DRILL_REPORTS").orElse("pitr-drill-report"));
        UnaryOperator<RestoreDrillRequest> checks = request -> request.maxRto(Duration.ofMinutes(30));
        DrillJob drill = drillPlan().map(plan -> DrillJob.planned(drillReports, plan, checks))
                .orElseGet(() -> DrillJob.restoreDrill(drillReports, checks));
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

    /** The restore-test plan from PITR_DRILL_PLAN_*; empty when none of them is set. */
    static Optional<RestoreTestPlan> drillPlan() {
        String[] names = {"SELECTION", "WINDOW_DAYS", "REPOSITORIES", "TARGET", "START_WINDOW", "VALIDATION_WINDOW", "SEED"};
        if (java.util.Arrays.stream(names).noneMatch(n -> env("PITR_DRILL_PLAN_" + n).isPresent())) {
            return Optional.empty();
        }
        RestoreTestPlan plan = RestoreTestPlan.defaults();
        plan = env("PITR_DRILL_PLAN_SELECTION").map(RestoreTestPlan.Selection::parse).map(plan::selection).orElse(plan);
        plan = env("PITR_DRILL_PLAN_WINDOW_DAYS").map(Integer::parseInt).map(plan::windowDays).orElse(plan);
        plan = env("PITR_DRILL_PLAN_REPOSITORIES").map(RestoreTestPlan.Repositories::parse).map(plan::repositories)
                .orElse(plan);
        plan = env("PITR_DRILL_PLAN_TARGET").map(RestoreTestPlan.Target::parse).map(plan::target).orElse(plan);
        plan = env("PITR_DRILL_PLAN_START_WINDOW").map(Duration::parse).map(plan::startWindow).orElse(plan);
        plan = env("PITR_DRILL_PLAN_VALIDATION_WINDOW").map(Duration::parse).map(plan::validationWindow).orElse(plan);
        return Optional.of(env("PITR_DRILL_PLAN_SEED").map(Long::parseLong).map(plan::seed).orElse(plan));
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
