package dev.kreboot.coordinator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kreboot.coordinator.app.CoordinatorMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Instant queries against Prometheus' HTTP API; every call is timed with its outcome. */
public final class PrometheusClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final MeterRegistry metrics;

    public PrometheusClient(String baseUrl, Duration timeout, MeterRegistry metrics) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.timeout = timeout;
        this.metrics = metrics;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The base URL for people: without user info, so a password in the URL is never shown. */
    public String describe() {
        try {
            return new URI(base.getScheme(), null, base.getHost(), base.getPort(), base.getPath(), null, null)
                    .toString();
        } catch (java.net.URISyntaxException e) {
            return base.getScheme() + "://" + base.getHost();
        }
    }

    /** The label sets of the instant vector {@code promql} returns now. Throws on any error. */
    public List<Map<String, String>> query(String promql) throws IOException {
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "error";
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("api/v1/query?query="
                    + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(timeout).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("Prometheus answered HTTP " + response.statusCode() + " to " + promql);
            }
            JsonNode body = JSON.readTree(response.body());
            if (!"success".equals(body.path("status").asText())) {
                throw new IOException("Prometheus query failed: " + body.path("error").asText(response.body()));
            }
            JsonNode result = body.path("data").path("result");
            if (!result.isArray()) {
                throw new IOException("Prometheus answered no result vector to " + promql);
            }
            List<Map<String, String>> series = new ArrayList<>();
            for (JsonNode item : result) {
                Map<String, String> labels = new HashMap<>();
                item.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                series.add(labels);
            }
            outcome = "ok";
            return series;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while querying Prometheus", e);
        } catch (RuntimeException e) {
            throw new IOException("Prometheus query failed: " + e, e);
        } finally {
            sample.stop(metrics.timer(CoordinatorMetrics.PROMETHEUS_QUERY, "outcome", outcome));
        }
    }
}
