package dev.pitr.examples.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's status as JSON on the JDK's built-in HTTP server: {@code GET /status} (always 200, the body
 * says {@code "healthy"}), {@code GET /healthz} (200 when healthy, 503 otherwise, for load balancers and
 * uptime checks) and, when given a scrape function, {@code GET /metrics} in the Prometheus text format.
 */
public final class StatusServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);
    /** The Prometheus text exposition format, version 0.0.4 (what every Prometheus server scrapes). */
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final HttpServer server;

    /**
     * @param address where to listen; port 0 picks a free one (see {@link #port()}). Bind to loopback unless
     *                a proxy in front adds authentication: the status names backup labels and WAL files.
     */
    public StatusServer(InetSocketAddress address, Supplier<Map<String, Object>> status) {
        this(address, status, null);
    }

    /**
     * @param metrics the Prometheus text for {@code /metrics} (e.g. {@code prometheusRegistry::scrape}); null
     *                for no metrics endpoint
     */
    public StatusServer(InetSocketAddress address, Supplier<Map<String, Object>> status, Supplier<String> metrics) {
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
        server.createContext("/status", exchange -> respond(exchange, status, false));
        server.createContext("/healthz", exchange -> respond(exchange, status, true));
        if (metrics != null) {
            server.createContext("/metrics", exchange -> scrape(exchange, metrics));
        }
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "pitr-status-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        LOG.info("status on http://{}:{}/status{}", address.getHostString(), port(), metrics == null ? ""
                : ", metrics on /metrics");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, Supplier<Map<String, Object>> status, boolean healthCheck)
            throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Map<String, Object> body = status.get();
            int code = healthCheck && !Boolean.TRUE.equals(body.get("healthy")) ? 503 : 200;
            byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (RuntimeException e) {
            LOG.error("status request failed", e);
            throw e;
        }
    }

    private static void scrape(HttpExchange exchange, Supplier<String> metrics) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = metrics.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", METRICS_CONTENT_TYPE);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (RuntimeException e) {
            LOG.error("metrics request failed", e);
            throw e;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
