package dev.kreboot.kubectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.RebootPolicies;
import dev.kreboot.schemas.kafka.Await;
import dev.kreboot.schemas.testing.EvictingCrudDispatcher;
import dev.kreboot.schemas.testing.StatusReports;
import dev.kreboot.schemas.testing.TestBroker;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every plugin command against the real coordinator (its HTTP API, its RebootPolicy watch and
 * status writer, the in-JVM broker) behind fabric8's API server in CRUD mode with the chart's CRD
 * registered and a service proxy forwarding to the coordinator over HTTP
 * ({@link ServiceProxyDispatcher}). The output is asserted as a person or a script would read it.
 */
class KubectlKrebootIT {
    private static final String TOKEN = "plugin-it-token";
    private static final String NS = "kreboot";
    private static final String[] CLIENT_PROPERTIES = {"kubernetes.master", "kubernetes.auth.tryKubeConfig",
        "kubernetes.auth.tryServiceAccount", "kubernetes.trust.certificates", "kubernetes.namespace"};
    private static final Path CRD = Path.of("../helm/kreboot/files/rebootpolicies.kreboot.dev.yaml");
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private KubernetesMockServer api;
    private ServiceProxyDispatcher proxy;
    private KubernetesClient admin;

    @BeforeEach
    void apiServer() throws Exception {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        proxy = new ServiceProxyDispatcher(new EvictingCrudDispatcher(responses));
        api = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses, proxy,
                false);
        api.init();
        admin = api.createClient();
        try (InputStream in = Files.newInputStream(CRD)) {
            admin.apiextensions().v1().customResourceDefinitions()
                    .resource(Serialization.unmarshal(in, CustomResourceDefinition.class)).create();
        }
        admin.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("kreboot-api")
                .endMetadata().addToData("token", Base64.getEncoder().encodeToString(TOKEN.getBytes(
                        StandardCharsets.UTF_8))).build()).create();
        System.setProperty("kubernetes.master", api.url("/"));
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        System.setProperty("kubernetes.trust.certificates", "true");
        System.setProperty("kubernetes.namespace", NS);
    }

    @AfterEach
    void stop() {
        for (String p : CLIENT_PROPERTIES) {
            System.clearProperty(p);
        }
        admin.close();
        api.destroy();
    }

    @Test
    void everyCommandAgainstARunningCoordinator(@TempDir Path tmp) throws Exception {
        EmbeddedServer coordinator = coordinatorWithFourNodes(Map.of());
        try {
            Await.until(Duration.ofSeconds(30), "four nodes in the status, node-a granted", () -> {
                Result r = kreboot("status", "-o", "json");
                return r.code == 0 && r.out.contains("\"node-d\"") && r.out.contains("DRAINING");
            });

            Result status = kreboot("status");
            assertEquals(0, status.code, status.err);
            assertEquals("", status.err);
            List<String> lines = status.out.lines().toList();
            assertTrue(lines.get(0).startsWith("RebootPolicy default: leader coordinator-0, policy from RebootPolicy "
                    + "generation 1"), lines.get(0));
            assertTrue(lines.get(1).matches("CONDITION +STATUS +REASON +MESSAGE"), lines.get(1));
            assertTrue(lines.stream().anyMatch(l -> l.matches("Ready +True +PolicyInForce .*")), status.out);
            assertTrue(lines.stream().anyMatch(l -> l.matches("Paused +False +Running .*")), status.out);
            assertTrue(lines.contains("nodes 4, needing reboot 3, in progress 1, allowed now 1, blocked 2"), status.out);
            assertTrue(lines.stream().anyMatch(l -> l.matches("node-a +DRAINING +\\S+ +AWAITING_DRAIN")), status.out);
            assertTrue(lines.stream().anyMatch(l -> l.matches("node-b +REQUESTED +\\S+ +BUDGET_EXHAUSTED")), status.out);
            assertTrue(lines.stream().anyMatch(l -> l.matches("node-d +IDLE +\\S+ +NOT_REQUIRED")), status.out);

            Await.until(Duration.ofSeconds(30), "status -o json carries GET /nodes, node for node",
                    () -> statusNodes().equals(apiNodes(coordinator)));
            Map<?, ?> doc = Serialization.unmarshal(kreboot("status", "-o", "json").out, Map.class);
            assertEquals("default", doc.get("policy"));

            Result why = kreboot("why", "node-b");
            assertEquals(0, why.code, why.err);
            assertTrue(why.out.matches("(?s)node-b is REQUESTED since \\S+:\n  - BUDGET_EXHAUSTED: all reboot slots "
                    + "are in use\n"), why.out);
            Map<?, ?> whyJson = Serialization.unmarshal(kreboot("why", "node-b", "-o", "json").out, Map.class);
            assertEquals("REQUESTED", whyJson.get("phase"));
            assertEquals("BUDGET_EXHAUSTED", ((Map<?, ?>) ((List<?>) whyJson.get("reasons")).get(0)).get("code"));

            Result unknown = kreboot("why", "node-zz");
            assertOneLineError(unknown, 1, "unknown node 'node-zz': it has not reported to the coordinator (4 known");

            Result pause = kreboot("pause");
            assertEquals(0, pause.code, pause.err);
            assertTrue(pause.out.startsWith("RebootPolicy default: spec.paused=true"), pause.out);
            assertEquals(true, spec().get("paused"));
            assertEquals(1, spec().get("concurrency"), "a merge patch: the rest of the spec is untouched");
            Await.until(Duration.ofSeconds(30), "node-b held by the policy pause",
                    () -> kreboot("why", "node-b").out.contains("POLICY_PAUSED"));
            assertTrue(kreboot("status").out.lines().anyMatch(l -> l.matches("Paused +True +SpecPaused .*")));
            Result resume = kreboot("resume", "-o", "json");
            assertEquals("{\"policy\":\"default\",\"paused\":false}", resume.out.strip());
            Await.until(Duration.ofSeconds(30), "the pause lifted",
                    () -> !kreboot("why", "node-b").out.contains("POLICY_PAUSED"));

            Result noToken = kreboot("reboot", "node-d");
            assertOneLineError(noToken, 1, "reboot needs the coordinator's API token");
            Path wrong = Files.writeString(tmp.resolve("token"), "not-the-token\n");
            Result refused = kreboot("reboot", "node-d", "--token-file", wrong.toString());
            assertOneLineError(refused, 1, "the coordinator refused reboot of node-d (HTTP 403 forbidden): the "
                    + "bearer token is not valid");
            assertOneLineError(kreboot("reboot", "node-zz", "--token-secret", "kreboot-api"), 1, "unknown node "
                    + "'node-zz'");

            Result reboot = kreboot("reboot", "node-d", "--token-secret", "kreboot-api", "--by", "alice",
                    "--comment", "kernel CVE");
            assertEquals(0, reboot.code, reboot.err);
            assertEquals("node-d: REQUEST_REBOOT accepted by the coordinator (by alice); the leader applies it with "
                    + "its next poll", reboot.out.strip());
            Await.until(Duration.ofSeconds(30), "node-d requested by the manual reboot",
                    () -> kreboot("why", "node-d").out.startsWith("node-d is REQUESTED"));

            Result release = kreboot("release", "node-a", "--token-secret=kreboot-api", "-o", "json");
            assertOneLineError(release, 1, "the coordinator refused release of node-a (HTTP 409 not-stuck): node "
                    + "node-a is DRAINING: only a STUCK node's slot can be released");

            assertOneLineError(kreboot("status", "--policy", "other"), 1, "no RebootPolicy named 'other'");
        } finally {
            coordinator.close();
        }
        Result gone = kreboot("reboot", "node-d", "--token-secret", "kreboot-api");
        assertOneLineError(gone, 1, "coordinator unreachable through the API server's service proxy "
                + "(services/kreboot-coordinator:http in kreboot, HTTP 503): no endpoints available");
    }

    @Test
    void onAClusterLargerThanTheStatusListsTheCoordinatorAnswersForTheNodesLeftOut() throws Exception {
        EmbeddedServer coordinator = coordinatorWithFourNodes(Map.of("kreboot.policy.status-max-nodes", "2",
                "kreboot.api.protect-reads", "true"));
        try {
            Await.until(Duration.ofSeconds(30), "four nodes known, node-a granted, two listed", () -> {
                Result r = kreboot("status");
                return r.code == 0 && r.out.contains("nodes 4,") && r.out.contains("DRAINING")
                        && r.out.contains("not listed: 2 more nodes");
            });
            List<String> lines = kreboot("status").out.lines().toList();
            assertTrue(lines.stream().anyMatch(l -> l.matches("node-a +DRAINING +\\S+ +AWAITING_DRAIN")), lines::toString);
            assertTrue(lines.stream().anyMatch(l -> l.matches("node-b +REQUESTED +\\S+ +BUDGET_EXHAUSTED")),
                    lines::toString);
            assertFalse(lines.stream().anyMatch(l -> l.startsWith("node-c ") || l.startsWith("node-d ")),
                    lines::toString);
            assertTrue(lines.contains("not listed: 2 more nodes (IDLE 1, REQUESTED 1); the status lists the most "
                    + "pressing 2 (kreboot.policy.status-max-nodes); kubectl kreboot why NODE asks the coordinator "
                    + "for any node"), lines::toString);
            Map<?, ?> doc = Serialization.unmarshal(kreboot("status", "-o", "json").out, Map.class);
            assertEquals(Map.of("IDLE", 1, "REQUESTED", 1), ((Map<?, ?>) doc.get("status")).get("nodesNotListed"));

            Result unlisted = kreboot("why", "node-d", "--token-secret", "kreboot-api");
            assertEquals(0, unlisted.code, unlisted.err);
            assertTrue(unlisted.out.matches("(?s)node-d is IDLE.*:\n  - NOT_REQUIRED: .*\n"), unlisted.out);
            Map<?, ?> unlistedJson = Serialization.unmarshal(kreboot("why", "node-c", "-o", "json", "--token-secret",
                    "kreboot-api").out, Map.class);
            assertEquals("REQUESTED", unlistedJson.get("phase"), "read from the coordinator, not the status");
            assertOneLineError(kreboot("why", "node-d"), 1, "why node-d needs the coordinator's API token: the status "
                    + "leaves this node out and the coordinator protects reads");
            assertOneLineError(kreboot("why", "node-zz", "--token-secret", "kreboot-api"), 1, "unknown node 'node-zz': "
                    + "it has not reported to the coordinator (the coordinator's answer; the status lists only the most "
                    + "pressing 2)");

            Result reboot = kreboot("reboot", "node-d", "--token-secret", "kreboot-api", "--by", "alice");
            assertEquals(0, reboot.code, reboot.err);
            assertEquals("node-d: REQUEST_REBOOT accepted by the coordinator (by alice); the leader applies it with "
                    + "its next poll", reboot.out.strip());
            assertOneLineError(kreboot("reboot", "node-zz", "--token-secret", "kreboot-api"), 1, "the coordinator "
                    + "refused reboot of node-zz (HTTP 404 unknown-node): no node named 'node-zz' has reported");
        } finally {
            coordinator.close();
        }
    }

    @Test
    void withoutAPolicyOrItsStatusEveryCommandSaysSoAndFails() {
        assertOneLineError(kreboot("status"), 1, "no RebootPolicy named 'default'");
        assertOneLineError(kreboot("pause"), 1, "no RebootPolicy named 'default'");
        createPolicy(Map.of());
        assertOneLineError(kreboot("why", "node-a"), 1, "RebootPolicy default has no status yet");
        assertFalse(spec().containsKey("paused"), "nothing written by a failed command");
    }

    @Test
    void badCommandLinesExitWithTwoAndTheUsage() {
        for (List<String> args : List.<List<String>>of(List.of(), List.of("frobnicate"), List.of("why"), List.of("status", "extra"),
                List.of("status", "-o", "yaml"), List.of("status", "--nope"), List.of("status", "--policy"),
                List.of("status", "--policy", "Not_A_Name"))) {
            Result r = kreboot(args.toArray(String[]::new));
            assertEquals(2, r.code, args + ": " + r.err);
            assertTrue(r.err.startsWith("kubectl-kreboot: "), r.err);
            assertTrue(r.err.contains("Usage: kubectl kreboot COMMAND"), r.err);
        }
        assertTrue(kreboot("why", "-o", "yaml", "n").err.contains("-o must be json or text, not 'yaml'"));
        assertEquals(0, kreboot("--help").code);
    }

    /**
     * A policy of one slot, the real coordinator behind the service proxy with {@code settings} on
     * top of the defaults, and four nodes reported: node-a, node-b, node-c need a reboot, node-d not.
     */
    private EmbeddedServer coordinatorWithFourNodes(Map<String, Object> settings) {
        createPolicy(Map.of("concurrency", 1));
        Map<String, Object> properties = new HashMap<>(Map.of("micronaut.server.port", -1, "kreboot.cluster", "it",
                "kreboot.instance", "coordinator-0", "kreboot.topic-prefix", prefix, "kafka.bootstrap.servers",
                TestBroker.bootstrapServers(), "kreboot.policy.resource", RebootPolicies.DEFAULT_NAME,
                "kreboot.policy.status-period", "1s", "kreboot.api.token", TOKEN));
        properties.putAll(settings);
        EmbeddedServer coordinator = ApplicationContext.run(EmbeddedServer.class, properties);
        proxy.endpoints(coordinator.getURL().toString());
        report("node-a", true);
        report("node-b", true);
        report("node-c", true);
        report("node-d", false);
        return coordinator;
    }

    private static void assertOneLineError(Result r, int code, String expected) {
        assertEquals(code, r.code, r.out + r.err);
        assertEquals("", r.out);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.startsWith("kubectl-kreboot: error: "), r.err);
        assertTrue(r.err.contains(expected), r.err + " should contain " + expected);
    }

    private record Result(int code, String out, String err) {
    }

    private Result kreboot(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("-n")) {
            all.addAll(List.of("-n", NS));
        }
        int code = KubectlKreboot.run(all, Map.of("USER", "it"), api::createClient,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void createPolicy(Map<String, Object> spec) {
        admin.genericKubernetesResources(Commands.POLICIES).resource(new GenericKubernetesResourceBuilder()
                .withApiVersion(RebootPolicies.API_VERSION).withKind(RebootPolicies.KIND).withNewMetadata()
                .withName(RebootPolicies.DEFAULT_NAME).endMetadata().addToAdditionalProperties("spec", spec).build())
                .create();
    }

    private Map<?, ?> spec() {
        GenericKubernetesResource p = admin.genericKubernetesResources(Commands.POLICIES)
                .withName(RebootPolicies.DEFAULT_NAME).get();
        return (Map<?, ?>) p.getAdditionalProperties().getOrDefault("spec", Map.of());
    }

    private Object statusNodes() {
        Map<?, ?> doc = Serialization.unmarshal(kreboot("status", "-o", "json").out, Map.class);
        return normalised(((Map<?, ?>) doc.get("status")).get("nodes"));
    }

    private static Object apiNodes(EmbeddedServer coordinator) {
        java.net.http.HttpResponse<String> r;
        try {
            r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(coordinator.getURL() + "/nodes")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return normalised(((Map<?, ?>) Serialization.unmarshal(r.body(), Map.class)).get("nodes"));
    }

    private static Object normalised(Object json) {
        return Serialization.unmarshal(Serialization.asJson(json), Object.class);
    }

    private void report(String node, boolean required) {
        StatusReports.report(prefix, node, required);
    }
}
