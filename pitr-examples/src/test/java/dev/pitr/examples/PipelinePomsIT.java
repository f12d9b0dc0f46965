package dev.pitr.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.pitr.drill.DrillReport;
import dev.pitr.maven.MavenBuild;
import dev.pitr.operation.BackupType;
import dev.pitr.sandbox.SandboxCluster;
import dev.pitr.sandbox.SandboxExtension;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline poms in pitr-examples/pipelines run as real Maven builds (offline, against the plugin this
 * build installed into a private repository) on a sandbox stanza, so they cannot rot: the check passes in
 * {@code verify}, the release profile's drill passes with the pom's row counts, SQL checks and readiness URL,
 * and fails the build when the data does not match. Both poms share a durable drill history (the drill
 * taken in {@code @BeforeAll} stands for last quarter's), which pitr:check's restore-drill rule reads; the
 * failing drill runs last, so it cannot turn the other checks' drill rule into a warning.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelinePomsIT {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.of(
            SandboxCluster.builder().stanza("pipeline").fsync(false));

    private static Path PIPELINES;
    /** The durable drill history both pipelines share (their poms' pitr.reportDirectory). */
    private static Path REPORTS;
    private static SandboxCluster sandbox;
    private static HttpServer app;
    private static final AtomicInteger readinessCalls = new AtomicInteger();

    @BeforeAll
    static void sandboxWithTheRowsThePomsExpect() throws IOException {
        // Set by failsafe after the plugin is installed into the private repository (mvn verify). Surefire
        // only reaches this class when a -Dtest filter overrides its exclusion: skip there, visibly.
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("it.pipelines") != null,
                "PipelinePomsIT runs in failsafe (mvn verify), after the plugin is installed into target/it-repo");
        PIPELINES = Path.of(System.getProperty("it.pipelines"));
                sandbox = SANDBOX.cluster();
        sandbox.execute("CREATE TABLE customers (id int PRIMARY KEY)",
                "INSERT INTO customers SELECT generate_series(1, 30)",
                "CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL, amount numeric NOT NULL)",
                "INSERT INTO orders SELECT g, 1 + g % 30, g * 0.5 FROM generate_series(1, 1200) g");
        sandbox.pgBackRest().backup(BackupType.FULL);
        // Last quarter's drill, as the release job left it: pitr:check's restore-drill rule reads it.
        REPORTS = Files.createTempDirectory(Files.createDirectories(MavenBuild.WORK), "drill-history-");
        DrillReport drill = sandbox.pgBackRest().restoreDrill().expectRowCount("public.orders", 1200)
                .reportDirectory(REPORTS).run();
        assertTrue(drill.passed(), () -> drill.failure() + " " + drill.checks());
        // Stands in for the application the release job starts against the drill cluster.
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/readyz/", exchange -> {
            readinessCalls.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        app.start();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop(0);
        }
    }

    @Test
    @Order(1)
    void thePomsUseThisBuildsPluginVersion() throws IOException {
        for (String pom : List.of("check-in-verify", "release-drill")) {
            String text = Files.readString(PIPELINES.resolve(pom).resolve("pom.xml"));
            assertTrue(text.contains("<pitr.version>" + System.getProperty("it.pitrVersion") + "</pitr.version>"),
                    pom + "/pom.xml must name the current pitr version");
        }
    }

    @Test
    @Order(2)
    void checkRunsInVerifyAndPasses() throws Exception {
        MavenBuild.Result b = mvn("check-in-verify", "verify");
        b.assertSuccess();
        assertTrue(b.log().contains("pitr:check passed for stanza 'pipeline'"), b.log());
        assertTrue(b.log().matches("(?s).*restore-drill\\s+PASS .*"), b.log());
        assertTrue(Files.readString(REPORTS.resolve("pitr-health.json")).contains("\"lastDrillStatus\""));
    }

    @Test
    @Order(3)
    void verifyWithoutTheReleaseProfileRunsNoDrill() throws Exception {
        MavenBuild.Result b = mvn("release-drill", "verify");
        b.assertSuccess();
        assertTrue(b.log().contains("pitr:check passed"), b.log());
        assertTrue(!b.log().contains("restore-drill-before-release"), b.log());
    }

    @Test
    @Order(4)
    void releaseProfileRunsARestoreDrillThatPassesWithThePomsChecks() throws Exception {
        int before = readinessCalls.get();
        MavenBuild.Result b = mvn("release-drill", "verify", "-Prelease");
        b.assertSuccess();
        assertTrue(b.log().contains("restore-drill-before-release"), b.log());
        assertTrue(readinessCalls.get() > before, "the drill asked the readiness URL");
        assertTrue(b.log().indexOf("restore-drill-before-release") < b.log().indexOf("pitr:check passed"),
                "the drill runs before the check, which finds it");
        String report = Files.readString(REPORTS.resolve("pitr-drill-report.json"));
        assertTrue(report.contains("\"status\" : \"PASSED\"") || report.contains("\"status\":\"PASSED\""), report);
        for (String check : List.of("rowCount:public.orders", "rowCount:public.customers", "sql:orders-have-customers",
                "sql:no-negative-amounts", "readiness")) {
            assertTrue(report.contains(check), check + " missing from " + report);
        }
        assertTrue(Files.isRegularFile(REPORTS.resolve("TEST-pitr-restore-drill.xml")));
    }

    @Test
    @Order(5)
    void releaseProfileFailsTheBuildWhenTheDataDoesNotMatch() throws Exception {
        sandbox.execute("DELETE FROM customers WHERE id = 30");
        try {
            sandbox.pgBackRest().backup(BackupType.INCR);
            MavenBuild.Result b = mvn("release-drill", "verify", "-Prelease");
            b.assertFailure();
            assertTrue(b.log().contains("rowCount:public.customers"), b.log());
        } finally {
            sandbox.execute("INSERT INTO customers VALUES (30)");
            sandbox.pgBackRest().backup(BackupType.INCR);
        }
    }

    /** One offline Maven build of a copy of the pipeline pom, pointed at the sandbox by -Dpitr.* properties. */
    private static MavenBuild.Result mvn(String pipeline, String... goals) {
        List<String> argv = new ArrayList<>(List.of("-Dpitr.stanza=" + sandbox.stanza(),
                "-Dpitr.configFile=" + sandbox.configFile(), "-Dpitr.runAsUser=" + sandbox.user(),
                "-Dpitr.reportDirectory=" + REPORTS,
                "-Dapp.readinessUrl=http://127.0.0.1:" + app.getAddress().getPort() + "/readyz/"));
        argv.addAll(List.of(goals));
        return MavenBuild.copyOf(PIPELINES.resolve(pipeline).resolve("pom.xml"), pipeline).run(argv.toArray(String[]::new));
    }
}
