package dev.kreboot.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.kreboot.coordinator.app.Blocker;
import dev.kreboot.coordinator.app.CoordinatorMetrics;
import dev.kreboot.coordinator.domain.AlertFilter;
import dev.kreboot.coordinator.domain.BlockReason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Prometheus blocker and health query against a real local HTTP server with canned answers. */
class PrometheusAlertBlockerTest {
    private static final String ALERTS = """
            {"status":"success","data":{"resultType":"vector","result":[
             {"metric":{"__name__":"ALERTS","alertname":"KubeNodeNotReady","alertstate":"firing","node":"n1"},
              "value":[1764295200.0,"1"]},
             {"metric":{"__name__":"ALERTS","alertname":"Watchdog","alertstate":"firing"},
              "value":[1764295200.0,"1"]},
             {"metric":{"__name__":"ALERTS","alertname":"SlowDisk","alertstate":"pending","node":"n2"},
              "value":[1764295200.0,"1"]}]}}""";
    private static final String EMPTY = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = ALERTS;
    private HttpServer server;

    private String start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query", exchange -> {
            queries.add(exchange.getRequestURI().getQuery());
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private Blocker blocker(String url, AlertFilter filter) {
        return new PrometheusAlertBlocker(new PrometheusClient(url, Duration.ofSeconds(5), metrics), filter);
    }

    @Test
    void blocksEveryNodeWhileAnyAlertIsActiveAsKuredDoes() throws IOException {
        Blocker.Verdict verdict = blocker(start(), new AlertFilter(null, false, false, null)).evaluate(List.of("n1", "n2"));
        assertEquals(List.of(BlockReason.ALERTS_ACTIVE), verdict.cluster());
        assertEquals(Map.of(), verdict.nodes());
        assertEquals(List.of("query=ALERTS"), queries, "one ALERTS query per evaluation");
        assertEquals(1, metrics.get(CoordinatorMetrics.PROMETHEUS_QUERY).tag("outcome", "ok").timer().count());
    }

    @Test
    void scopesAlertsLabelledWithANodeToThatNode() throws IOException {
        Blocker.Verdict verdict = blocker(start(), new AlertFilter(Pattern.compile("Watchdog"), false, true, "node"))
                .evaluate(List.of("n1", "n2", "n3"));
        assertEquals(List.of(), verdict.cluster(), "Watchdog filtered out");
        assertEquals(Map.of("n1", List.of(BlockReason.ALERTS_ACTIVE)), verdict.nodes(), "n2's alert is only pending");
    }

    @Test
    void clearWhenPrometheusHasNoAlerts() throws IOException {
        body = EMPTY;
        Blocker.Verdict verdict = blocker(start(), new AlertFilter(null, false, false, null)).evaluate(List.of("n1"));
        assertEquals(List.of(), verdict.cluster());
        assertEquals(Map.of(), verdict.nodes());
    }

    @Test
    void failsClosedOnAnHttpErrorABadAnswerOrNoServer() throws IOException {
        String url = start();
        status = 500;
        body = "{\"status\":\"error\",\"error\":\"boom\"}";
        assertEquals(List.of(BlockReason.PROMETHEUS_UNAVAILABLE),
                blocker(url, new AlertFilter(null, false, false, null)).evaluate(List.of("n1")).cluster());
        status = 200;
        body = "not json";
        assertEquals(List.of(BlockReason.PROMETHEUS_UNAVAILABLE),
                blocker(url, new AlertFilter(null, false, false, null)).evaluate(List.of("n1")).cluster());
        body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error\"}";
        assertEquals(List.of(BlockReason.PROMETHEUS_UNAVAILABLE),
                blocker(url, new AlertFilter(null, false, false, null)).evaluate(List.of("n1")).cluster());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertEquals(List.of(BlockReason.PROMETHEUS_UNAVAILABLE),
                blocker("http://127.0.0.1:" + closedPort, new AlertFilter(null, false, false, null))
                        .evaluate(List.of("n1")).cluster());
        assertEquals(4, metrics.get(CoordinatorMetrics.PROMETHEUS_QUERY).tag("outcome", "error").timer().count());
    }

    @Test
    void theHealthQueryIsHealthyOnlyWhenEmptyAndNamesTheNode() throws IOException {
        String url = start();
        PrometheusHealthCheck health = new PrometheusHealthCheck(
                new PrometheusClient(url, Duration.ofSeconds(5), metrics), "up{node=\"$node\"} == 0");
        assertFalse(health.healthy("n1"));
        assertTrue(queries.get(0).contains("node=\"n1\""), queries.toString());
        body = EMPTY;
        assertTrue(health.healthy("n1"));
        status = 503;
        assertFalse(health.healthy("n1"), "an error is unhealthy");
    }

    @Test
    void eachAdapterSaysWhatItChecksWithoutTheUrlsCredentials() {
        PrometheusClient prometheus = new PrometheusClient("https://kreboot:s3cret@prometheus.monitoring:9090/prom",
                Duration.ofSeconds(1), metrics);
        assertEquals("Prometheus alerts at https://prometheus.monitoring:9090/prom/ (ignoring alerts matching "
                + "/^(Watchdog|Info)$/; firing only; an alert with label node blocks only that node)",
                new PrometheusAlertBlocker(prometheus, new AlertFilter(Pattern.compile("^(Watchdog|Info)$"), false,
                        true, "node")).describe());
        assertEquals("Prometheus alerts at https://prometheus.monitoring:9090/prom/ (only alerts matching /Kernel/)",
                new PrometheusAlertBlocker(prometheus, new AlertFilter(Pattern.compile("Kernel"), true, false, ""))
                        .describe());
        assertEquals("Prometheus alerts at http://p:9090/", new PrometheusAlertBlocker(new PrometheusClient(
                "http://p:9090", Duration.ofSeconds(1), metrics), new AlertFilter(null, false, false, null)).describe());
        assertEquals("no series from up{node=\"$node\"} == 0 at https://prometheus.monitoring:9090/prom/",
                new PrometheusHealthCheck(prometheus, "up{node=\"$node\"} == 0").describe());
    }
}
