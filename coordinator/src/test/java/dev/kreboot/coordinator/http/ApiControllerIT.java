package dev.kreboot.coordinator.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.kafka.Await;
import dev.kreboot.schemas.testing.StatusReports;
import dev.kreboot.schemas.testing.TestBroker;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every endpoint of the operator API against the running service and a real broker, auth failures included. */
class ApiControllerIT {
    private static final String TOKEN = "s3cret-token";
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private final HttpClient http = HttpClient.newHttpClient();

    private EmbeddedServer start(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>(Map.of("micronaut.server.port", -1, "kreboot.cluster", "it",
                "kreboot.topic-prefix", prefix, "kafka.bootstrap.servers", TestBroker.bootstrapServers()));
        props.putAll(extra);
        return ApplicationContext.run(EmbeddedServer.class, props);
    }

    @Test
    void readsExplainAndWritesGoThroughTheControlTopicWithTheToken() throws Exception {
        try (EmbeddedServer server = start(Map.of("kreboot.api.token", TOKEN))) {
            report("node-a");
            Await.until(Duration.ofSeconds(30), "node-a listed", () -> get(server, "/nodes", null).body()
                    .contains("\"node-a\""));
            HttpResponse<String> nodes = get(server, "/nodes", null);
            assertEquals(200, nodes.statusCode());
            assertTrue(nodes.body().contains("\"leader\":true"), nodes.body());
            HttpResponse<String> one = get(server, "/nodes/node-a", null);
            assertEquals(200, one.statusCode());
            assertTrue(one.body().contains("\"phase\":\"IDLE\"") && one.body().contains("NOT_REQUIRED"), one.body());
            HttpResponse<String> unknown = get(server, "/nodes/no-such-node", null);
            assertEquals(404, unknown.statusCode());
            assertTrue(unknown.body().contains("unknown-node") && unknown.body().contains("no-such-node"), unknown.body());
            HttpResponse<String> budgets = get(server, "/budgets", null);
            assertEquals(200, budgets.statusCode());
            assertTrue(budgets.body().contains("\"inUse\":0") && budgets.body().contains("\"allowed\":1"), budgets.body());

            HttpResponse<String> anonymous = post(server, "/pause", null);
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
            assertTrue(anonymous.body().contains("unauthorized"), anonymous.body());
            HttpResponse<String> wrong = post(server, "/pause", "Bearer not-the-token");
            assertEquals(403, wrong.statusCode());
            assertTrue(wrong.body().contains("not valid"), wrong.body());

            assertEquals(202, post(server, "/pause?by=alice", "Bearer " + TOKEN).statusCode());
            HttpResponse<String> manual = post(server, "/nodes/node-a/reboot?by=alice", "Bearer " + TOKEN);
            assertEquals(202, manual.statusCode());
            assertTrue(manual.body().contains("REQUEST_REBOOT") && manual.body().contains("alice"), manual.body());
            Await.until(Duration.ofSeconds(30), "node-a requested and held by the pause", () -> {
                String body = get(server, "/nodes/node-a", null).body();
                return body.contains("\"phase\":\"REQUESTED\"") && body.contains("\"PAUSED\"");
            });
            assertTrue(get(server, "/nodes", null).body().contains("\"paused\":true"));
            assertTrue(get(server, "/budgets", null).body().contains("\"dryRun\":false"));
            assertEquals(404, post(server, "/nodes/no-such-node/reboot", "Bearer " + TOKEN).statusCode());
            assertEquals(401, post(server, "/nodes/node-a/reboot", null).statusCode());

            assertEquals(202, post(server, "/resume", "Bearer " + TOKEN).statusCode());
            Await.until(Duration.ofSeconds(30), "node-a granted after the resume", () ->
                    get(server, "/nodes/node-a", null).body().contains("\"phase\":\"DRAINING\""));
            Await.until(Duration.ofSeconds(30), "the slot counted", () ->
                    get(server, "/budgets", null).body().contains("\"inUse\":1"));

            HttpResponse<String> notStuck = post(server, "/nodes/node-a/release", "Bearer " + TOKEN);
            assertEquals(409, notStuck.statusCode());
            assertTrue(notStuck.body().contains("not-stuck") && notStuck.body().contains("DRAINING"), notStuck.body());
            assertEquals(404, post(server, "/nodes/no-such-node/release", "Bearer " + TOKEN).statusCode());
            assertEquals(403, post(server, "/nodes/node-a/release", "Bearer nope").statusCode());

            String metrics = get(server, "/prometheus", null).body();
            for (String expected : new String[] {"kreboot_coordinator_leader 1.0", "kreboot_coordinator_budget_in_use{",
                    "kreboot_coordinator_budget_allowed{", "kreboot_coordinator_nodes{phase=\"DRAINING\"} 1.0",
                    "kreboot_coordinator_blocked{reason=\"AWAITING_DRAIN\"} 1.0",
                    "kreboot_coordinator_decision_latency_seconds_count{",
                    "kreboot_coordinator_phase_duration_seconds_count{phase=\"REQUESTED\"}",
                    "kreboot_coordinator_phase_duration_seconds_bucket{"}) {
                assertTrue(metrics.contains(expected), expected + " exported");
            }
        }
    }

    @Test
    void protectedReadsNeedTheTokenAndWithoutAConfiguredTokenNothingCanBeWritten() throws Exception {
        try (EmbeddedServer server = start(Map.of("kreboot.api.protect-reads", "true"))) {
            for (String path : new String[] {"/nodes", "/nodes/node-a", "/budgets"}) {
                // No token configured: reads are refused as well, the service says why.
                HttpResponse<String> r = get(server, path, "Bearer anything");
                assertEquals(403, r.statusCode(), path);
                assertTrue(r.body().contains("no API token is configured"), r.body());
            }
            HttpResponse<String> write = post(server, "/pause", "Bearer anything");
            assertEquals(403, write.statusCode());
        }
        try (EmbeddedServer server = start(Map.of("kreboot.api.protect-reads", "true", "kreboot.api.token", TOKEN))) {
            assertEquals(401, get(server, "/nodes", null).statusCode());
            assertEquals(401, get(server, "/budgets", null).statusCode());
            assertEquals(403, get(server, "/nodes/node-a", "Bearer wrong").statusCode());
            assertEquals(200, get(server, "/nodes", "Bearer " + TOKEN).statusCode());
            assertEquals(200, get(server, "/budgets", "Bearer " + TOKEN).statusCode());
            for (String path : new String[] {"/nodes", "/nodes/node-a", "/budgets"}) {
                // kubectl kreboot why reads a node the status leaves out through the service proxy.
                HttpResponse<String> proxied = send(server, HttpRequest.newBuilder(URI.create(server.getURL() + path))
                        .GET().header(ApiAuth.TOKEN_HEADER, TOKEN), null);
                assertTrue(proxied.statusCode() != 401 && proxied.statusCode() != 403, path + ": " + proxied.body());
                assertEquals(403, send(server, HttpRequest.newBuilder(URI.create(server.getURL() + path)).GET()
                        .header(ApiAuth.TOKEN_HEADER, "guess"), null).statusCode(), path);
            }
        }
    }

    @Test
    void theTokenHeaderServesCallersBehindTheApiServerServiceProxy() {
        // The API server removes Authorization after authenticating the user, so kubectl kreboot
        // sends the coordinator's token as X-Kreboot-Token.
        try (EmbeddedServer server = start(Map.of("kreboot.api.token", TOKEN))) {
            assertEquals(202, send(server, HttpRequest.newBuilder(URI.create(server.getURL() + "/pause?by=proxy"))
                    .POST(HttpRequest.BodyPublishers.noBody()).header(ApiAuth.TOKEN_HEADER, TOKEN), null).statusCode());
            HttpResponse<String> wrong = send(server, HttpRequest.newBuilder(URI.create(server.getURL() + "/resume"))
                    .POST(HttpRequest.BodyPublishers.noBody()).header(ApiAuth.TOKEN_HEADER, "guess"), null);
            assertEquals(403, wrong.statusCode());
            assertTrue(wrong.body().contains("not valid"), wrong.body());
            HttpResponse<String> both = send(server, HttpRequest.newBuilder(URI.create(server.getURL() + "/resume"))
                    .POST(HttpRequest.BodyPublishers.noBody()).header(ApiAuth.TOKEN_HEADER, TOKEN),
                    "Bearer wrong");
            assertEquals(403, both.statusCode(), "Authorization, when it arrives, is the credential checked");
        }
    }

    private void report(String node) {
        StatusReports.report(prefix, node, false);
    }

    private HttpResponse<String> get(EmbeddedServer server, String path, String authorization) {
        return send(server, HttpRequest.newBuilder(URI.create(server.getURL() + path)).GET(), authorization);
    }

    private HttpResponse<String> post(EmbeddedServer server, String path, String authorization) {
        return send(server, HttpRequest.newBuilder(URI.create(server.getURL() + path))
                .POST(HttpRequest.BodyPublishers.noBody()), authorization);
    }

    private HttpResponse<String> send(EmbeddedServer server, HttpRequest.Builder request, String authorization) {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
