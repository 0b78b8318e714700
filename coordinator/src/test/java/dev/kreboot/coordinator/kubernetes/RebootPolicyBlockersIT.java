package dev.kreboot.coordinator.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.kreboot.coordinator.app.CoordinatorRuntime;
import dev.kreboot.coordinator.app.PolicyInForce;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.RebootPolicies;
import dev.kreboot.schemas.SensorMode;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.kafka.Await;
import dev.kreboot.schemas.kafka.KafkaClients;
import dev.kreboot.schemas.kafka.RecordSender;
import dev.kreboot.schemas.testing.MockApi;
import dev.kreboot.schemas.testing.TestBroker;
import dev.kreboot.schemas.wire.SingleObjectWireFormat;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
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
    private static final String[] CLIENT_PROPERTIES = {"kubernetes.master", "kubernetes.auth.tryKubeConfig",
        "kubernetes.auth.tryServiceAccount", "kubernetes.trust.certificates", "kubernetes.namespace"};
    private static final String FIRING = """
            {"status":"success","data":{"resultType":"vector","result":[
             {"metric":{"__name__":"ALERTS","alertname":"KubeNodeNotReady","alertstate":"firing"},
              "value":[1700000000,"1"]}]}}""";
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private MockApi api;
    private HttpServer prometheus;
    private final AtomicInteger alertQueries = new AtomicInteger();

    @BeforeEach
    void apiServerAndPrometheus() throws Exception {
        api = MockApi.start();
        RebootPolicyIT.registerCrd(api.client());
        System.setProperty("kubernetes.master", api.url());
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        System.setProperty("kubernetes.trust.certificates", "true");
        System.setProperty("kubernetes.namespace", "kreboot");
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
        for (String p : CLIENT_PROPERTIES) {
            System.clearProperty(p);
        }
        prometheus.stop(0);
        api.close();
    }

    @Test
    void aBlockerAddedThroughTheResourceBlocksTheNextGrantABrokenOneIsRefusedAndRemovingItUnblocks() {
        apply(Map.of("concurrency", 3));
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props());
             HttpClient http = HttpClient.create(server.getURL())) {
            report("node-a");
            Await.until(Duration.ofSeconds(30), "node-a granted: no blocker yet", () -> phase(http, "node-a")
                    .equals("DRAINING"));
            assertEquals(0, alertQueries.get(), "no Prometheus blocker before the resource names one");

            apply(Map.of("concurrency", 3, "blockers", Map.of("prometheus", Map.of("url", url(),
                    "alertFiringOnly", true))));
            Await.until(Duration.ofSeconds(30), "generation 2 in force", () -> generationInForce(server) == 2);
            report("node-b");
            Await.until(Duration.ofSeconds(30), "node-b held by the resource's alert blocker",
                    () -> get(http, "/nodes/node-b").contains("ALERTS_ACTIVE"));
            assertEquals("REQUESTED", phase(http, "node-b"), "blocked although the budget allows 3");
            assertTrue(alertQueries.get() > 0, "the blocker built from the spec asked Prometheus");

            // Broken: the budget would free node-b at once if a half-read spec dropped the blocker.
            apply(Map.of("concurrency", 3, "blockers", Map.of("prometheus", Map.of("url", url(),
                    "alertFilterRegexp", "(Watchdog"))));
            Await.until(Duration.ofSeconds(30), "status: generation 3 refused, naming the field",
                    () -> condition("Ready").map(c -> "False".equals(c.get("status"))
                            && String.valueOf(c.get("message")).contains("spec.blockers.prometheus.alertFilterRegexp"))
                            .orElse(false));
            int before = alertQueries.get();
            Await.until(Duration.ofSeconds(30), "the blocker in force keeps asking Prometheus",
                    () -> alertQueries.get() >= before + 2);
            assertTrue(get(http, "/nodes/node-b").contains("ALERTS_ACTIVE"), "the refused generation changed nothing");
            assertEquals("REQUESTED", phase(http, "node-b"));
            assertEquals(2, generationInForce(server));

            apply(Map.of("concurrency", 3));
            Await.until(Duration.ofSeconds(30), "blocker removed: node-b granted at the next decision",
                    () -> phase(http, "node-b").equals("DRAINING"));
            int after = alertQueries.get();
            report("node-c");
            Await.until(Duration.ofSeconds(30), "node-c granted without a blocker", () -> phase(http, "node-c")
                    .equals("DRAINING"));
            assertEquals(after, alertQueries.get(), "the retired blocker is no longer consulted");
        }
    }

    @Test
    void anEmptyBlockersObjectSwitchesTheEnvironmentsOffAndDeletingTheResourceBringsThemBack() {
        apply(Map.of("concurrency", 3, "blockers", Map.of()));
        Map<String, Object> props = props();
        props.put("kreboot.prometheus-url", url());
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
             HttpClient http = HttpClient.create(server.getURL())) {
            report("node-a");
            Await.until(Duration.ofSeconds(30), "node-a granted: the resource switched the alert blocker off",
                    () -> phase(http, "node-a").equals("DRAINING"));
            assertEquals(0, alertQueries.get(), "the environment's blocker is not consulted while the resource rules");

            apply(Map.of("concurrency", 3));
            Await.until(Duration.ofSeconds(30), "generation 2 in force", () -> generationInForce(server) == 2);
            report("node-b");
            Await.until(Duration.ofSeconds(30), "a resource silent on blockers keeps the environment's",
                    () -> get(http, "/nodes/node-b").contains("ALERTS_ACTIVE"));

            policies().withName(RebootPolicies.DEFAULT_NAME).delete();
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

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
            io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
            io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> policies() {
        return RebootPolicyWatch.resources(api.client());
    }

    /** Creates the policy, or replaces its spec (each replacement is a new generation). */
    private void apply(Map<String, Object> spec) {
        GenericKubernetesResource current = policies().withName(RebootPolicies.DEFAULT_NAME).get();
        if (current == null) {
            policies().resource(new GenericKubernetesResourceBuilder().withApiVersion(RebootPolicies.API_VERSION)
                    .withKind(RebootPolicies.KIND).withNewMetadata().withName(RebootPolicies.DEFAULT_NAME)
                    .endMetadata().addToAdditionalProperties("spec", spec).build()).create();
        } else {
            current.getAdditionalProperties().put("spec", spec);
            policies().resource(current).update();
        }
    }

    private java.util.Optional<Map<?, ?>> condition(String type) {
        GenericKubernetesResource r = policies().withName(RebootPolicies.DEFAULT_NAME).get();
        Object status = r == null ? null : r.getAdditionalProperties().get("status");
        Object conditions = status instanceof Map<?, ?> m ? m.get("conditions") : null;
        if (!(conditions instanceof List<?> list)) {
            return java.util.Optional.empty();
        }
        return list.stream().<Map<?, ?>>map(c -> (Map<?, ?>) c).filter(c -> type.equals(c.get("type"))).findFirst();
    }

    private static String phase(HttpClient http, String node) {
        String body = get(http, "/nodes/" + node);
        int at = body.indexOf("\"phase\":\"");
        return at < 0 ? "" : body.substring(at + 9, body.indexOf('"', at + 9));
    }

    private static String get(HttpClient http, String path) {
        try {
            return http.toBlocking().retrieve(HttpRequest.GET(path));
        } catch (io.micronaut.http.client.exceptions.HttpClientResponseException e) {
            return e.getResponse().getBody(String.class).orElse("");
        }
    }

    private void report(String node) {
        KafkaClients clients = new KafkaClients(TestBroker.bootstrapServers(), Map.of());
        try (KafkaProducer<String, byte[]> producer = clients.producer("policy-blockers-it")) {
            new RecordSender(producer, new SingleObjectWireFormat(), new SimpleMeterRegistry())
                    .send(Topics.withPrefix(prefix).nodeStatus(), node, NodeStatus.newBuilder()
                            .setHeader(new Events("it", "node-sensor", "it").header(node, null, Instant.now()))
                            .setRebootRequired(true).setBootId("boot-" + node).setSensorMode(SensorMode.FILE)
                            .setSequence(1).build());
        }
    }
}
