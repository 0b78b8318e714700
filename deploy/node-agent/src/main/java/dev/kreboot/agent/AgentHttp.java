package dev.kreboot.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kreboot.agent.domain.Health;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health}, {@code /health/liveness}, {@code /health/readiness} and {@code /prometheus} on the
 * JDK's own HTTP server: the paths the chart's probes and ServiceMonitor use for the services, without
 * Netty and Micronaut's HTTP stack. One thread serves: a probe every few seconds and a scrape every
 * half minute need no more.
 */
final class AgentHttp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHttp.class);
    /** What Micronaut's Prometheus endpoint answers with (text exposition format 0.0.4). */
    static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService worker;

    private AgentHttp(HttpServer server, ExecutorService worker) {
        this.server = server;
        this.worker = worker;
    }

    /** Binds {@code port} on every interface (0: any free port) and serves until {@link #close()}. */
    static AgentHttp start(int port, PrometheusMeterRegistry registry, Supplier<Health> readiness) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "agent-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(worker);
        // /health aggregates like Micronaut's: DOWN when readiness is; liveness alone never depends on Kafka.
        server.createContext("/health", exchange -> {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/health", "/health/", "/health/readiness" -> health(exchange, readiness.get());
                case "/health/liveness" -> health(exchange, Health.live());
                default -> respond(exchange, 404, "application/json", "{\"message\":\"Page Not Found\"}");
            }
        });
        server.createContext("/prometheus", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/prometheus")) {
                respond(exchange, 404, "application/json", "{\"message\":\"Page Not Found\"}");
                return;
            }
            respond(exchange, 200, PROMETHEUS_CONTENT_TYPE, registry.scrape());
        });
        server.start();
        LOG.info("serving /health, /health/liveness, /health/readiness and /prometheus on port {}",
                server.getAddress().getPort());
        return new AgentHttp(server, worker);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void health(HttpExchange exchange, Health health) throws IOException {
        respond(exchange, health.status().httpStatus(), "application/json", json(health));
    }

    static String json(Health health) {
        StringBuilder body = new StringBuilder("{\"status\":\"").append(health.status()).append('"');
        if (!health.details().isEmpty()) {
            body.append(",\"details\":{");
            String separator = "";
            for (Map.Entry<String, Object> detail : health.details().entrySet()) {
                body.append(separator).append(quote(detail.getKey())).append(':');
                Object value = detail.getValue();
                body.append(value instanceof Number || value instanceof Boolean ? value.toString() : quote(String.valueOf(value)));
                separator = ",";
            }
            body.append('}');
        }
        return body.append('}').toString();
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        worker.shutdownNow();
    }
}
