package dev.kreboot.coordinator.kubernetes;

import static dev.kreboot.coordinator.kubernetes.ApiReads.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.kreboot.coordinator.app.CoordinatorRuntime;
import dev.kreboot.coordinator.app.PolicyInForce;
import dev.kreboot.schemas.RebootPolicies;
import dev.kreboot.schemas.kafka.Await;
import dev.kreboot.schemas.testing.StatusReports;
import dev.kreboot.schemas.testing.TestBroker;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The blockers a RebootPolicy carries, end to end: the deployed coordinator on fabric8's API
 * server (CRUD mode, the chart's CRD registered), the real broker, and a real HTTP server
 * answering Prometheus' {@code /api/v1/query} for {@code ALERTS} with a firing alert. A blocker
 * added through the resource blocks the next grant, a broken blocker spec is refused naming the
 * field while the blocker in force keeps blocking, removing it unblocks, and a deleted resource
 * returns to the environment's own blockers.
 */
class RebootPolicyBlockersIT {
    private static final String FIRING = """
            {"status":"success","data":{"resultType":"vector","result":[
             {"metric":{"__name__":"ALERTS","alertname":"KubeNodeNotReady","alertstate":"firing"},
              "value":[1700000000,"1"]}]}}""";
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private PolicyApi api;
    private HttpServer prometheus;
    private final AtomicInteger alertQueries = new AtomicInteger();

    @BeforeEach
    void apiServerAndPrometheus() throws Exception {
        api = PolicyApi.start();
        prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        prometheus.createContext("/api/v1/query", exchange -> {
            if (String.valueOf(exchange.getRequestURI().getQuery()).contains("ALERTS")) {
                alertQueries.incrementAndGet();
            }
            byte[] bytes = FIRING.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        prometheus.start();
    }

    @AfterEach
    void stop() {
        prometheus.stop(0);
        api.close();
    }

    @Test
    void aBlockerAddedThroughTheResourceBlocksTheNextGrantABrokenOneIsRefusedAndRemovingItUnblocks() {
        api.apply(Map.of("concurrency", 3));
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props());
             HttpClient http = HttpClient.create(server.getURL())) {
            report("node-a");
            Await.until(Duration.ofSeconds(30), "node-a granted: no blocker yet", () -> phase(http, "node-a")
                    .equals("DRAINING"));
            assertEquals(0, alertQueries.get(), "no Prometheus blocker before the resource names one");

            api.apply(Map.of("concurrency", 3, "blockers", Map.of("prometheus", Map.of("url", url(),
                    "alertFiringOnly", true))));
            Await.until(Duration.ofSeconds(30), "generation 2 in force", () -> generationInForce(server) == 2);
            report("node-b");
            Await.until(Duration.ofSeconds(30), "node-b held by the resource's alert blocker",
                    () -> get(http, "/nodes/node-b").contains("ALERTS_ACTIVE"));
            assertEquals("REQUESTED", phase(http, "node-b"), "blocked although the budget allows 3");
            assertTrue(alertQueries.get() > 0, "the blocker built from the spec asked Prometheus");
            Await.until(Duration.ofSeconds(30), "the status names the blocker in force",
                    () -> List.of("Prometheus alerts at " + url() + "/ (firing only)")
                            .equals(api.status().get("blockers")));

            // Broken: the budget would free node-b at once if a half-read spec dropped the blocker.
            api.apply(Map.of("concurrency", 3, "blockers", Map.of("prometheus", Map.of("url", url(),
                    "alertFilterRegexp", "(Watchdog"))));
            Await.until(Duration.ofSeconds(30), "status: generation 3 refused, naming the field",
                    () -> api.condition("Ready").map(c -> "False".equals(c.get("status"))
                            && String.valueOf(c.get("message")).contains("spec.blockers.prometheus.alertFilterRegexp"))
                            .orElse(false));
            int before = alertQueries.get();
            Await.until(Duration.ofSeconds(30), "the blocker in force keeps asking Prometheus",
                    () -> alertQueries.get() >= before + 2);
            assertTrue(get(http, "/nodes/node-b").contains("ALERTS_ACTIVE"), "the refused generation changed nothing");
            assertEquals("REQUESTED", phase(http, "node-b"));
            assertEquals(2, generationInForce(server));

            api.apply(Map.of("concurrency", 3));
            Await.until(Duration.ofSeconds(30), "blocker removed: node-b granted at the next decision",
                    () -> phase(http, "node-b").equals("DRAINING"));
            int after = alertQueries.get();
            report("node-c");
            Await.until(Duration.ofSeconds(30), "node-c granted without a blocker", () -> phase(http, "node-c")
                    .equals("DRAINING"));
            assertEquals(after, alertQueries.get(), "the retired blocker is no longer consulted");
            Await.until(Duration.ofSeconds(30), "the status names no blocker",
                    () -> List.of().equals(api.status().get("blockers")));
        }
    }

    @Test
    void anEmptyBlockersObjectSwitchesTheEnvironmentsOffAndDeletingTheResourceBringsThemBack() {
        api.apply(Map.of("concurrency", 3, "blockers", Map.of()));
        Map<String, Object> props = props();
        props.put("kreboot.prometheus-url", url());
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
             HttpClient http = HttpClient.create(server.getURL())) {
            report("node-a");
            Await.until(Duration.ofSeconds(30), "node-a granted: the resource switched the alert blocker off",
                    () -> phase(http, "node-a").equals("DRAINING"));
            assertEquals(0, alertQueries.get(), "the environment's blocker is not consulted while the resource rules");

            api.apply(Map.of("concurrency", 3));
            Await.until(Duration.ofSeconds(30), "generation 2 in force", () -> generationInForce(server) == 2);
            report("node-b");
            Await.until(Duration.ofSeconds(30), "a resource silent on blockers keeps the environment's",
                    () -> get(http, "/nodes/node-b").contains("ALERTS_ACTIVE"));
            Await.until(Duration.ofSeconds(30), "the status names the environment's blocker",
                    () -> List.of("Prometheus alerts at " + url() + "/").equals(api.status().get("blockers")));

            api.policies().withName(RebootPolicies.DEFAULT_NAME).delete();
            Await.until(Duration.ofSeconds(30), "the environment's policy in force", () -> server
                    .getApplicationContext().getBean(CoordinatorRuntime.class).policies().state().source()
                    == PolicyInForce.Source.ENVIRONMENT);
            report("node-c");
            Await.until(Duration.ofSeconds(30), "back on the environment's blocker",
                    () -> get(http, "/nodes/node-c").contains("ALERTS_ACTIVE"));
            assertFalse(phase(http, "node-b").equals("DRAINING"), "never granted under a firing alert");
        }
    }

    private String url() {
        return "http://127.0.0.1:" + prometheus.getAddress().getPort();
    }

    private Map<String, Object> props() {
        return new HashMap<>(Map.of("micronaut.server.port", -1, "kreboot.cluster", "it",
                "kreboot.instance", "coordinator-0", "kreboot.topic-prefix", prefix,
                "kafka.bootstrap.servers", TestBroker.bootstrapServers(), "kreboot.blocker-period", "1s",
                "kreboot.policy.resource", RebootPolicies.DEFAULT_NAME, "kreboot.policy.status-period", "1s"));
    }

    private static long generationInForce(EmbeddedServer server) {
        PolicyInForce.State s = server.getApplicationContext().getBean(CoordinatorRuntime.class).policies().state();
        return s.source() == PolicyInForce.Source.RESOURCE ? s.generation() : 0;
    }

    private static String phase(HttpClient http, String node) {
        String body = get(http, "/nodes/" + node);
        int at = body.indexOf("\"phase\":\"");
        return at < 0 ? "" : body.substring(at + 9, body.indexOf('"', at + 9));
    }

    private void report(String node) {
        StatusReports.report(prefix, node, true);
    }
}
