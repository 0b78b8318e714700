package dev.kreboot.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Prometheus's query API as the coordinator's alert blocker reads it ({@code GET /api/v1/query?query=ALERTS}),
 * over real HTTP: one firing alert while {@link #firing()} is set, none after. The sandbox has to
 * run on a machine without a Prometheus binary; the coordinator's adapter is tested against a real
 * Prometheus in its own tests.
 */
final class SimulatedPrometheus implements AutoCloseable {
    private final HttpServer server;
    private volatile boolean firing;
    private volatile long clearedAtMs = -1;

    SimulatedPrometheus() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 20);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/query", exchange -> {
            exchange.getRequestBody().readAllBytes();
            String result = firing
                    ? "[{\"metric\":{\"__name__\":\"ALERTS\",\"alertname\":\"KubeAPIErrorBudgetBurn\","
                    + "\"alertstate\":\"firing\",\"severity\":\"critical\"},\"value\":[" + System.currentTimeMillis() / 1000.0
                    + ",\"1\"]}]"
                    : "[]";
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":" + result + "}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "prometheus-sim");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    boolean firing() {
        return firing;
    }

    void fire() {
        firing = true;
    }

    void clear() {
        clearedAtMs = System.currentTimeMillis();
        firing = false;
    }

    long clearedAtMs() {
        return clearedAtMs;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
