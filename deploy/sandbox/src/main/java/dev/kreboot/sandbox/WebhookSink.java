package dev.kreboot.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on loopback standing in for a webhook receiver: it accepts every POST and
 * counts deliveries by the {@code Idempotency-Key} header (the event id), so duplicates show.
 */
final class WebhookSink implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, AtomicInteger> byEventId = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private volatile long failUntilNanos;

    WebhookSink() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (System.nanoTime() < failUntilNanos) {
                refused.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            requests.incrementAndGet();
            byEventId.computeIfAbsent(key == null ? "missing-key-" + requests.get() : key,
                    k -> new AtomicInteger()).incrementAndGet();
            byte[] ok = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "webhook-sink");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** An outage: every request is answered 503 (and not counted as delivered) for this long. */
    void failFor(java.time.Duration outage) {
        failUntilNanos = System.nanoTime() + outage.toNanos();
    }

    int refused() {
        return refused.get();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    int delivered() {
        return byEventId.size();
    }

    int duplicates() {
        return byEventId.values().stream().mapToInt(c -> c.get() - 1).sum();
    }

    boolean received(String eventId) {
        return byEventId.containsKey(eventId);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
