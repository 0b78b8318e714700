package dev.kreboot.schemas.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EvictingCrudDispatcherTest {
    private MockApi api;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        api = MockApi.start();
        client = api.client();
        client.resource(Seeds.node("node-a", true, false)).create();
        client.resource(Seeds.pod("default", "web-1", "node-a", "ReplicaSet")).create();
        client.resource(Seeds.pod("default", "web-2", "node-b", "ReplicaSet")).create();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void evictionDeletesThePodAndAnswersCreated() {
        assertTrue(client.pods().inNamespace("default").withName("web-1").evict());

        assertNull(client.pods().inNamespace("default").withName("web-1").get());
        assertEquals(List.of("default/web-1"), api.dispatcher().evicted());
    }

    @Test
    void evictionOfAMissingPodIsNotFound() {
        var error = org.junit.jupiter.api.Assertions.assertThrows(io.fabric8.kubernetes.client.KubernetesClientException.class,
                () -> client.pods().inNamespace("default").withName("nope").evict());
        assertEquals(404, error.getCode());
    }

    @Test
    void evictionThatWouldBreakADisruptionBudgetIsRefusedWith429() {
        client.resource(Seeds.minAvailable("default", "web-pdb", "web", 1)).create();
        client.resource(Seeds.pod("default", "web-3", "node-a", "ReplicaSet")).create();

        assertTrue(client.pods().inNamespace("default").withName("web-1").evict(), "3 healthy, min 1: allowed");
        assertTrue(client.pods().inNamespace("default").withName("web-2").evict(), "2 healthy, min 1: allowed");
        assertFalse(client.pods().inNamespace("default").withName("web-3").evict(), "1 healthy, min 1: refused");

        assertNotNull(client.pods().inNamespace("default").withName("web-3").get());
        assertEquals(List.of("default/web-3"), api.dispatcher().refused());
    }

    @Test
    void nodeNameFieldSelectorListsOnlyThatNodesPods() {
        Set<String> names = client.pods().inAnyNamespace().withField("spec.nodeName", "node-a").list().getItems().stream()
                .map(p -> p.getMetadata().getName()).collect(Collectors.toSet());

        assertEquals(Set.of("web-1"), names);
    }

    @Test
    void nodeReadyConditionCanBeFlipped() {
        Seeds.setReady(client, "node-a", false);
        assertFalse(ready(client.nodes().withName("node-a").get()));
        Seeds.setReady(client, "node-a", true);
        assertTrue(ready(client.nodes().withName("node-a").get()));
    }

    private static boolean ready(io.fabric8.kubernetes.api.model.Node node) {
        return node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Why the dispatcher exists: what fabric8's plain CRUD mock does with the same requests. */
    @Nested
    @EnableKubernetesMockClient(crud = true)
    class PlainCrudMock {
        KubernetesMockServer server;
        KubernetesClient plain;

        @Test
        void ignoresTheNodeNameFieldSelectorByAnsweringNothing() {
            plain.resource(Seeds.pod("default", "web-1", "node-a", "ReplicaSet")).create();

            List<Pod> pods = plain.pods().inAnyNamespace().withField("spec.nodeName", "node-a").list().getItems();

            assertTrue(pods.isEmpty(), "if this fails, fabric8 fixed it and the executor's field selector works on the plain mock");
        }
    }
}
