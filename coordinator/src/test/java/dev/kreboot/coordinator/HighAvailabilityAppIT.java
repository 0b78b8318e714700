package dev.kreboot.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.kafka.Await;
import dev.kreboot.schemas.testing.MockApi;
import dev.kreboot.schemas.testing.StatusReports;
import dev.kreboot.schemas.testing.TestBroker;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The deployed shell with leader election and Node Events on, against a mock API server and the real broker. */
class HighAvailabilityAppIT {
    private static final String[] CLIENT_PROPERTIES = {"kubernetes.master", "kubernetes.auth.tryKubeConfig",
        "kubernetes.auth.tryServiceAccount", "kubernetes.trust.certificates", "kubernetes.namespace"};

    @Test
    void leadsThroughTheLeaseAndRecordsTheGrantAsAnEventOnTheNode() {
        String prefix = "t" + UUID.randomUUID().toString().substring(0, 8) + ".";
        try (MockApi api = MockApi.start()) {
            System.setProperty("kubernetes.master", api.url());
            System.setProperty("kubernetes.auth.tryKubeConfig", "false");
            System.setProperty("kubernetes.auth.tryServiceAccount", "false");
            System.setProperty("kubernetes.trust.certificates", "true");
            System.setProperty("kubernetes.namespace", "kreboot");
            Map<String, Object> props = new HashMap<>(Map.of("micronaut.server.port", -1, "kreboot.cluster", "it",
                    "kreboot.instance", "coordinator-0", "kreboot.topic-prefix", prefix,
                    "kafka.bootstrap.servers", TestBroker.bootstrapServers(),
                    "kreboot.leader-election.enabled", "true", "kreboot.leader-election.namespace", "kreboot",
                    "kreboot.node-events", "true"));
            try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props);
                 HttpClient client = HttpClient.create(server.getURL())) {
                Await.until(Duration.ofSeconds(30), "leading", () -> client.toBlocking()
                        .retrieve(HttpRequest.GET("/nodes")).contains("\"leader\":true"));
                Lease lease = api.client().leases().inNamespace("kreboot").withName("kreboot-coordinator").get();
                assertEquals("coordinator-0", lease.getSpec().getHolderIdentity());
                report(prefix, "node-a");
                Await.until(Duration.ofSeconds(30), "grant Event on node-a", () -> api.client().v1().events()
                        .inNamespace("default").list().getItems().stream()
                        .anyMatch(e -> e.getReason().equals("RebootSlotGranted")
                                && e.getInvolvedObject().getName().equals("node-a")));
                assertTrue(client.toBlocking().retrieve(HttpRequest.GET("/prometheus"))
                        .contains("kreboot_coordinator_leader 1.0"));
            }
            Lease released = api.client().leases().inNamespace("kreboot").withName("kreboot-coordinator").get();
            assertTrue(released.getSpec().getHolderIdentity() == null
                    || released.getSpec().getLeaseDurationSeconds() <= 1, "released on shutdown: " + released.getSpec());
        } finally {
            for (String p : CLIENT_PROPERTIES) {
                System.clearProperty(p);
            }
        }
    }

    private static void report(String prefix, String node) {
        StatusReports.report(prefix, node, true);
    }
}
