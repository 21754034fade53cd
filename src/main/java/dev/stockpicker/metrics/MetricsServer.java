package dev.stockpicker.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Workers and beat serve no web pages, yet their task metrics must reach Prometheus and an orchestrator needs a
 * liveness probe: when {@code METRICS_PORT} is set they answer {@code GET /metrics} (Prometheus text) and
 * {@code GET /livez} on it, with the JDK's small HTTP server instead of a servlet container.
 */
public class MetricsServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

    private final PrometheusMeterRegistry registry;
    private final int port;
    private HttpServer server;

    MetricsServer(PrometheusMeterRegistry registry, @Value("${stockpicker.metrics-port:-1}") int port) {
        this.registry = registry;
        this.port = port;
    }

    @Override
    public void start() {
        if (port < 0) {
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(port), 16);
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot serve metrics on port " + port, e);
        }
        server.createContext("/metrics", exchange -> answer(exchange, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape()));
        server.createContext("/livez", exchange -> answer(exchange, "application/json", "{\"status\":\"UP\"}"));
        server.start();
        log.info("metrics on http://localhost:{}/metrics, liveness on /livez", boundPort());
    }

    /** The port it listens on (useful with METRICS_PORT=0), -1 when off. */
    public int boundPort() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        int status = "GET".equals(exchange.getRequestMethod()) ? 200 : 405;
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, status == 200 ? bytes.length : -1);
        if (status == 200) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
        exchange.close();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }
}
