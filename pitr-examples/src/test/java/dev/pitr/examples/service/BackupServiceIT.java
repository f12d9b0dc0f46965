package dev.pitr.examples.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pitr.governance.BackupPolicy;
import dev.pitr.governance.HealthMetrics;
import dev.pitr.governance.HealthReport;
import dev.pitr.metrics.PrometheusServer;
import dev.pitr.metrics.Promtool;
import dev.pitr.sandbox.SandboxCluster;
import dev.pitr.sandbox.SandboxExtension;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service example against a real sandbox: its jobs run real pgBackRest and its endpoints tell the truth,
 * down to a real Prometheus server scraping {@code /metrics} on loopback.
 */
class BackupServiceIT {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.of(
            SandboxCluster.builder().stanza("service-it").fsync(false));

    private static SandboxCluster sandbox;
    private static BackupService service;
    private static StatusServer http;
    private static java.nio.file.Path reports;
    private static PrometheusMeterRegistry registry;

    @BeforeAll
    static void startServiceOnSandbox() throws Exception {
        reports = java.nio.file.Files.createTempDirectory("service-it-reports");
        sandbox = SANDBOX.cluster();
        // The runbook policy and hourly checks: only the start-up jobs (check, first full) and runNow run.
        Schedule hours = new Schedule(BackupPolicy.runbook(ZoneId.of("UTC")), Duration.ofHours(1), Duration.ZERO);
        sandbox.execute("CREATE TABLE orders (id int PRIMARY KEY)", "INSERT INTO orders SELECT generate_series(1, 42)");
        DrillJob drill = DrillJob.restoreDrill(reports, r -> r.expectRowCount("public.orders", 42));
        service = new BackupService(sandbox.pgBackRest(), sandbox::connect, hours, drill).start();
        service.runNow(BackupService.Job.INCR);
        service.runNow(BackupService.Job.DRILL);
        // As BackupServiceMain does: pitr's binder on Micrometer's Prometheus registry, scraped on /metrics.
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        service.meterBinder().bindTo(registry);
        http = new StatusServer(new InetSocketAddress("127.0.0.1", 0), service::status, registry::scrape);
    }

    @AfterAll
    static void stop() {
        if (http != null) {
            http.close();
        }
        if (service != null) {
            service.close();
        }
        if (reports != null) {
            try (var files = java.nio.file.Files.walk(reports)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException ignored) {
                // a temp directory; best effort
            }
        }
    }

    @Test
    void statusReportsTheNewestBackupFromTheRepositoryAndAHealthyStanza() throws Exception {
        HttpResponse<String> r = get("/status");
        assertEquals(200, r.statusCode());
        assertEquals("application/json; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        String body = r.body();
        String newest = sandbox.pgBackRest().stanzaInfo().latestBackup().orElseThrow().label();
        assertTrue(newest.endsWith("I"), "the runNow(INCR) backup is the newest: " + newest);
        assertTrue(body.contains("\"label\": \"" + newest + "\""), body);
        assertTrue(body.contains("\"type\": \"INCR\"") || body.contains("\"type\": \"incr\""), body);
        assertTrue(body.contains("\"lastFullBackup\": \"" + sandbox.pgBackRest().stanzaInfo().latestFull().orElseThrow().label() + "\""), body);
        assertTrue(body.contains("\"healthy\": true"), body);
        assertTrue(body.contains("\"policy\": \"full SUN 01:00, incr MON-SAT 01:00 (UTC)\""), body);
        assertTrue(Pattern.compile("\"nextBackup\": \\{[^}]*\"at\": \"[^\"]+T01:00:00Z\"").matcher(body).find(), body);
        assertTrue(Pattern.compile("\"lastCheck\": \\{\\s*\"at\": \"[^\"]+\",\\s*\"what\": \"check\",\\s*\"ok\": true").matcher(body).find(), body);
    }

    @Test
    void statusShowsTheLastDrillWithItsReports() throws Exception {
        String body = get("/status").body();
        assertTrue(Pattern.compile("\"lastDrill\": \\{\\s*\"status\": \"PASSED\"").matcher(body).find(), body);
        assertTrue(body.contains("\"failedChecks\": []"), body);
        assertTrue(body.contains(reports.resolve("pitr-drill-report.json").toString()), body);
    }

    @Test
    void walLagComparesTheServersCurrentSegmentWithTheRepository() throws Exception {
        String body = get("/status").body();
        Matcher behind = Pattern.compile("\"segmentsBehind\": (\\d+)").matcher(body);
        assertTrue(behind.find(), body);
        // The backups just forced WAL switches and waited for archiving: nothing completed is missing.
        assertEquals("0", behind.group(1), body);
        assertTrue(Pattern.compile("\"currentWal\": \"[0-9A-F]{24}\"").matcher(body).find(), body);
        assertTrue(Pattern.compile("\"newestWalInRepository\": \"[0-9A-F]{24}\"").matcher(body).find(), body);
    }

    @Test
    void healthzIs200WhenHealthyAndRefusesOtherMethods() throws Exception {
        assertEquals(200, get("/healthz").statusCode());
        HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/status"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
    }

    @Test
    void metricsEndpointServesPrometheusTextThatPromtoolAccepts() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertEquals(200, r.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
        String text = r.body();
        for (String series : new String[] {"pgbackrest_stanza_status{stanza=\"service-it\"} 0",
                "pitr_drill_last_status{stanza=\"service-it\"} 1",
                "pitr_governance_rule_status{rule=\"restore-drill\",stanza=\"service-it\"} 1",
                "pgbackrest_repo_status{cipher=\"none\",repo_key=\"1\",stanza=\"service-it\"} 0"}) {
            assertTrue(text.contains(series), series + " missing in\n" + text);
        }
        Promtool.Result check = Promtool.checkMetrics(text);
        assertTrue(check.ok(), "promtool check metrics: " + check.output() + "\n" + text);
    }

    @Test
    void prometheusScrapingTheServiceReturnsTheDrillAndBackupAgesTheHealthCheckShows() throws Exception {
        String drill = "pitr_drill_last_success_age_seconds{stanza=\"service-it\"}";
        String any = "pgbackrest_backup_since_last_completion_seconds{stanza=\"service-it\",backup_type=\"incr\"}";
        String full = "pgbackrest_backup_since_last_completion_seconds{stanza=\"service-it\",backup_type=\"full\"}";
        try (PrometheusServer prometheus = PrometheusServer.scraping(List.of("127.0.0.1:" + http.port()), "/metrics")) {
            for (String series : List.of(drill, any, full)) {
                assertFalse(prometheus.awaitSeries(series, Duration.ofSeconds(30)).isEmpty(),
                        series + " never scraped; Prometheus log:\n" + prometheus.log());
            }
            HealthReport health = sandbox.pgBackRest().healthCheck().reportDirectory(reports).run();
            HealthMetrics shown = health.metrics();
            // Each sample was an age when Prometheus scraped it; add the time from that scrape to checkedAt.
            assertAgeAt(prometheus, drill, health.checkedAt(), shown.lastDrillAge().orElseThrow());
            assertAgeAt(prometheus, any, health.checkedAt(), shown.lastBackupAge().orElseThrow());
            assertAgeAt(prometheus, full, health.checkedAt(), shown.lastFullBackupAge().orElseThrow());
        }
    }

    /** The series' newest sample at {@code at}, moved forward to {@code at}, is the health check's figure (±1.5 s). */
    private static void assertAgeAt(PrometheusServer prometheus, String series, Instant at, Duration shown) {
        JsonNode value = prometheus.query(series, at);
        JsonNode scrapedAt = prometheus.query("timestamp(" + series + ")", at);
        assertEquals(1, value.size(), series + ": " + value);
        assertEquals("pitr", value.get(0).path("metric").path("job").asText(), value.toString());
        double age = value.get(0).path("value").get(1).asDouble();
        double sinceScrape = at.toEpochMilli() / 1000.0 - scrapedAt.get(0).path("value").get(1).asDouble();
        assertEquals(shown.toMillis() / 1000.0, age + sinceScrape, 1.5, series + " scraped as " + age + " s, "
                + sinceScrape + " s before the health check, which shows " + shown);
    }

    @Test
    void segmentArithmeticCrossesLogFileBoundaries() {
        assertEquals(0x1FF, WalPosition.segmentNumber("0000000100000001000000FF"));
        assertEquals(0x200, WalPosition.segmentNumber("000000010000000200000000"));
        WalPosition p = new WalPosition("000000010000000200000001", java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.Optional.empty());
        assertEquals(1, p.segmentsBehind(java.util.Optional.of("0000000100000001000000FF")));
        assertEquals(0, p.segmentsBehind(java.util.Optional.of("000000010000000200000000")));
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + http.port() + path);
    }
}
