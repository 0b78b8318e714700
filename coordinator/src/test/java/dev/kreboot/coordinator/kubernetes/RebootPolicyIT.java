package dev.kreboot.coordinator.kubernetes;

import static dev.kreboot.coordinator.kubernetes.ApiReads.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.RebootPolicies;
import dev.kreboot.schemas.kafka.Await;
import dev.kreboot.schemas.testing.StatusReports;
import dev.kreboot.schemas.testing.TestBroker;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deployed coordinator governed by a RebootPolicy on fabric8's API server (CRUD mode, the
 * chart's CRD registered) and the real broker: the policy is applied, changed, broken and paused
 * while nodes wait, and every step is checked both in the decisions ({@code GET /nodes},
 * {@code GET /budgets}) and in the status the leader writes.
 *
 * <p>What the mock can and cannot prove: it stores the object and honours the status
 * subresource of a registered CRD (a status PUT changes only {@code status}, a main-resource
 * update leaves {@code status} alone: {@link #theStatusSubresourceIsSeparateFromTheSpec}); it does
 * NOT validate against the OpenAPI schema, which is exactly what lets this test send values the
 * schema would reject and see the coordinator's own refusal. The schema is checked by the chart
 * tests; RBAC enforcement needs a real API server.
 */
class RebootPolicyIT {
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private PolicyApi api;

    @BeforeEach
    void apiServer() throws Exception {
        api = PolicyApi.start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void applyChangeBreakAndPauseThePolicyWhileNodesWait() {
        api.apply(Map.of("concurrency", 1));
        try (EmbeddedServer server = start(); HttpClient http = HttpClient.create(server.getURL())) {
            for (String node : List.of("node-a", "node-b", "node-c", "node-d")) {
                report(node);
            }
            Await.until(Duration.ofSeconds(30), "one node granted under concurrency 1",
                    () -> count(http, "DRAINING") == 1 && count(http, "REQUESTED") == 3);
            Await.until(Duration.ofSeconds(30), "status: generation 1 in force", () -> api.condition("Ready")
                    .map(c -> "True".equals(c.get("status")) && String.valueOf(c.get("message"))
                            .contains("generation 1")).orElse(false));

            api.apply(Map.of("concurrency", 2));
            Await.until(Duration.ofSeconds(30), "a second node granted at the next decision",
                    () -> count(http, "DRAINING") == 2);
            assertEquals(2, count(http, "DRAINING"), "never more than the budget in force");
            assertTrue(get(http, "/budgets").contains("\"allowed\":2"));

            // Broken: a valid concurrency next to a bad time zone. A half-read policy would grant 4.
            api.apply(Map.of("concurrency", 4, "window", Map.of("timeZone", "Mars/Olympus_Mons")));
            Await.until(Duration.ofSeconds(30), "status: generation 3 refused, naming the field",
                    () -> api.condition("Ready").map(c -> "False".equals(c.get("status"))
                            && "PolicyRefused".equals(c.get("reason"))
                            && String.valueOf(c.get("message")).contains("spec.window.timeZone")
                            && String.valueOf(c.get("message")).contains("generation 2 of the RebootPolicy stays"))
                            .orElse(false));
            report("node-e");
            Await.until(Duration.ofSeconds(30), "node-e decided after the refusal: waiting on the budget",
                    () -> get(http, "/nodes/node-e").contains("BUDGET_EXHAUSTED"));
            assertEquals(2, count(http, "DRAINING"), "the refused generation changed nothing");
            assertTrue(get(http, "/budgets").contains("\"allowed\":2"));
            assertEquals("True", api.condition("Degraded").orElseThrow().get("status"));

            api.apply(Map.of("concurrency", 4, "paused", true));
            Await.until(Duration.ofSeconds(30), "status: paused by the spec", () -> api.condition("Paused")
                    .map(c -> "True".equals(c.get("status")) && "SpecPaused".equals(c.get("reason"))).orElse(false));
            Await.until(Duration.ofSeconds(30), "requested nodes held by the policy pause",
                    () -> get(http, "/nodes/node-c").contains("POLICY_PAUSED"));
            assertEquals(2, count(http, "DRAINING"), "paused: no grant although 4 are allowed");
            assertTrue(get(http, "/nodes").contains("\"paused\":true"));

            // Steady state: the status is GET /nodes, node for node, field for field.
            Await.until(Duration.ofSeconds(30), "status.nodes equals GET /nodes",
                    () -> apiNodes(http).equals(statusNodes()));
            Map<String, Object> status = api.status();
            Map<?, ?> summary = (Map<?, ?>) status.get("summary");
            assertEquals(5, ((Number) summary.get("needingReboot")).intValue(), summary.toString());
            assertEquals(2, ((Number) summary.get("inProgress")).intValue(), summary.toString());
            assertEquals(3, ((Number) summary.get("blocked")).intValue(), summary.toString());
            assertEquals(4, ((Number) summary.get("allowedNow")).intValue(), summary.toString());
            assertEquals("coordinator-0", status.get("leader"));
            assertEquals("RebootPolicy", status.get("policySource"));

            api.apply(Map.of("concurrency", 4));
            Await.until(Duration.ofSeconds(30), "resumed: four nodes out", () -> count(http, "DRAINING") == 4);
            assertEquals(1, count(http, "REQUESTED"));
            Await.until(Duration.ofSeconds(30), "status: running, ready", () -> api.condition("Paused")
                    .map(c -> "False".equals(c.get("status"))).orElse(false)
                    && api.condition("Ready").map(c -> "True".equals(c.get("status"))).orElse(false));

            api.policies().withName(RebootPolicies.DEFAULT_NAME).delete();
            report("node-f");
            Await.until(Duration.ofSeconds(30), "resource deleted: the environment's concurrency 1 is in force",
                    () -> get(http, "/budgets").contains("\"allowed\":1")
                            && get(http, "/nodes/node-f").contains("BUDGET_EXHAUSTED"));
            assertEquals(4, count(http, "DRAINING"), "granted slots are never revoked");
        }
    }

    @Test
    void theStatusSubresourceIsSeparateFromTheSpec() {
        api.apply(Map.of("concurrency", 1));
        GenericKubernetesResource withStatus = api.policy();
        withStatus.getAdditionalProperties().put("status", Map.of("leader", "someone"));
        api.policies().resource(withStatus).updateStatus();
        assertEquals("someone", api.status().get("leader"));
        GenericKubernetesResource spec = api.policy();
        spec.getAdditionalProperties().put("spec", Map.of("concurrency", 3));
        spec.getAdditionalProperties().put("status", Map.of("leader", "overwritten"));
        api.policies().resource(spec).update();
        assertEquals("someone", api.status().get("leader"), "a spec update does not touch the status");
        assertEquals(3, ((Number) ((Map<?, ?>) api.policy()
                .getAdditionalProperties().get("spec")).get("concurrency")).intValue());
    }

    @Test
    void aStandbyNeverWritesTheStatus() {
        api.apply(Map.of("concurrency", 1));
        // A Lease held by someone else: this replica stands by.
        api.client().leases().inNamespace("kreboot").resource(new io.fabric8.kubernetes.api.model.coordination.v1
                .LeaseBuilder().withNewMetadata().withName("kreboot-coordinator").endMetadata().withNewSpec()
                .withHolderIdentity("coordinator-1").withLeaseDurationSeconds(3600)
                .withAcquireTime(java.time.ZonedDateTime.now()).withRenewTime(java.time.ZonedDateTime.now())
                .endSpec().build()).create();
        Map<String, Object> props = props();
        props.put("kreboot.leader-election.enabled", "true");
        props.put("kreboot.leader-election.namespace", "kreboot");
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
             HttpClient http = HttpClient.create(server.getURL())) {
            report("node-a");
            api.apply(Map.of("concurrency", 2));
            Await.until(Duration.ofSeconds(30), "the standby saw generation 2", () -> server.getApplicationContext()
                    .getBean(dev.kreboot.coordinator.app.CoordinatorRuntime.class).policies().state()
                    .generation() == 2);
            Await.until(Duration.ofSeconds(30), "the standby serves reads", () -> get(http, "/nodes")
                    .contains("\"leader\":false"));
            assertFalse(api.policy().getAdditionalProperties()
                    .containsKey("status"), "no status from a standby");
        }
    }

    private EmbeddedServer start() {
        return ApplicationContext.run(EmbeddedServer.class, props());
    }

    private Map<String, Object> props() {
        return new HashMap<>(Map.of("micronaut.server.port", -1, "kreboot.cluster", "it",
                "kreboot.instance", "coordinator-0", "kreboot.topic-prefix", prefix,
                "kafka.bootstrap.servers", TestBroker.bootstrapServers(),
                "kreboot.policy.resource", RebootPolicies.DEFAULT_NAME, "kreboot.policy.status-period", "1s"));
    }

    private Object statusNodes() {
        return normalised(api.status().get("nodes"));
    }

    private Object apiNodes(HttpClient http) {
        Map<?, ?> body = Serialization.unmarshal(get(http, "/nodes"), Map.class);
        return normalised(body.get("nodes"));
    }

    /** Both documents through one JSON round trip, so number types and key order compare equal. */
    private static Object normalised(Object json) {
        return Serialization.unmarshal(Serialization.asJson(json), Object.class);
    }

    private static int count(HttpClient http, String phase) {
        String body = get(http, "/nodes");
        return body.split("\"phase\":\"" + phase + "\"", -1).length - 1;
    }

    private void report(String node) {
        StatusReports.report(prefix, node, true);
    }
}
