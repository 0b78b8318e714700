package dev.kreboot.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback standing in for every notification destination: a generic
 * webhook ({@code /hook}), a Slack incoming webhook ({@code /slack}), a Teams Workflows webhook
 * ({@code /teams}) and Grafana's annotation API ({@code /grafana/api/annotations}, answering POSTs
 * with an id). It counts accepted deliveries per channel by the {@code Idempotency-Key} header (the
 * event id), so duplicates show, and can simulate an outage (503 everywhere).
 */
final class WebhookSink implements AutoCloseable {
    static final String WEBHOOK = "webhook";
    static final String SLACK = "slack";
    static final String TEAMS = "teams";
    static final String GRAFANA = "grafana";

    private final HttpServer server;
    /** channel -> event id (or annotation request) -> deliveries accepted. */
    private final Map<String, Map<String, AtomicInteger>> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger annotationIds = new AtomicInteger();
    private volatile long failUntilNanos;

    WebhookSink() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> accept(exchange, WEBHOOK, "{\"ok\":true}"));
        server.createContext("/slack", exchange -> accept(exchange, SLACK, "ok"));
        server.createContext("/teams", exchange -> accept(exchange, TEAMS, ""));
        server.createContext("/grafana/api/annotations", exchange -> accept(exchange, GRAFANA,
                exchange.getRequestMethod().equals("POST")
                        ? "{\"id\":" + annotationIds.incrementAndGet() + ",\"message\":\"Annotation added\"}"
                        : "{\"message\":\"Annotation patched\"}"));
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "webhook-sink");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    private void accept(HttpExchange exchange, String channel, String answer) throws IOException {
        exchange.getRequestBody().readAllBytes();
        requests.incrementAndGet();
        if (System.nanoTime() < failUntilNanos) {
            refused.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        String id = (key == null ? "no-key-" + requests.get() : key)
                + (channel.equals(GRAFANA) ? " " + exchange.getRequestMethod() : "");
        accepted.computeIfAbsent(channel, c -> new ConcurrentHashMap<>())
                .computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
        byte[] body = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", answer.startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(channel.equals(TEAMS) ? 202 : 200, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    /** An outage: every request is answered 503 (and not counted as delivered) for this long. */
    void failFor(Duration outage) {
        failUntilNanos = System.nanoTime() + outage.toNanos();
    }

    URI url(String channel) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        return URI.create(switch (channel) {
            case WEBHOOK -> base + "/hook";
            case SLACK -> base + "/slack";
            case TEAMS -> base + "/teams";
            case GRAFANA -> base + "/grafana";
            default -> throw new IllegalArgumentException(channel);
        });
    }

    /** Deliveries accepted per channel (each event once per channel, however often it was sent). */
    Map<String, Integer> byChannel() {
        Map<String, Integer> counts = new TreeMap<>();
        accepted.forEach((channel, ids) -> counts.put(channel, ids.size()));
        return counts;
    }

    int delivered() {
        return byChannel().values().stream().mapToInt(Integer::intValue).sum();
    }

    int duplicates() {
        return accepted.values().stream().flatMap(ids -> ids.values().stream()).mapToInt(c -> c.get() - 1).sum();
    }

    boolean received(String channel, String eventId) {
        return accepted.getOrDefault(channel, Map.of()).containsKey(eventId);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
