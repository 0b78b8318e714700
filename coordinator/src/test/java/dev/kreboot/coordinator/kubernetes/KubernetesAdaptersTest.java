package dev.kreboot.coordinator.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.coordinator.app.Blocker;
import dev.kreboot.coordinator.domain.BlockReason;
import dev.kreboot.coordinator.domain.Input;
import dev.kreboot.schemas.testing.MockApi;
import dev.kreboot.schemas.testing.Seeds;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pod-selector blocker and the Node facts against fabric8's API server in CRUD mode. */
class KubernetesAdaptersTest {
    private final MockApi api = MockApi.start();
    private final KubernetesClient client = api.client();

    @AfterEach
    void stop() {
        api.close();
    }

    private void create(Pod pod) {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).create();
    }

    @Test
    void blocksOnlyNodesRunningAPodMatchingAnySelector() {
        create(Seeds.pod("ops", "backup-1", "n1", "Job"));
        create(Seeds.completedPod("ops", "backup-2", "n2"));
        create(Seeds.pod("db", "postgres-1", "n3", "StatefulSet"));
        create(Seeds.pod("web", "frontend-1", "n4", "ReplicaSet"));
        Blocker blocker = new PodSelectorBlocker(client, List.of("app=backup", "app=postgres"),
                new SimpleMeterRegistry());
        Blocker.Verdict verdict = blocker.evaluate(List.of("n1", "n2", "n3", "n4"));
        assertEquals(Map.of("n1", List.of(BlockReason.BLOCKING_PODS), "n3", List.of(BlockReason.BLOCKING_PODS)),
                verdict.nodes(), "selectors ORed; a Succeeded pod does not block; other pods do not match");
        assertEquals(List.of(), verdict.cluster());
    }

    @Test
    void finishedPodsNeverBlock() {
        for (String phase : List.of("Succeeded", "Failed", "Unknown")) {
            assertFalse(PodSelectorBlocker.blocks(phase), phase);
        }
        for (String phase : new String[] {"Running", "Pending", null}) {
            assertTrue(PodSelectorBlocker.blocks(phase), String.valueOf(phase));
        }
    }

    @Test
    void anUnreachableApiBlocksTheNode() {
        KubernetesClient dead = client;
        api.close();
        Blocker.Verdict verdict = new PodSelectorBlocker(dead, List.of("app=backup"), new SimpleMeterRegistry())
                .evaluate(List.of("n1"));
        assertEquals(Map.of("n1", List.of(BlockReason.KUBERNETES_UNAVAILABLE)), verdict.nodes());
    }

    @Test
    void readsLabelsReadinessAndCordons() {
        Node zoned = Seeds.node("n1", true, false);
        zoned.getMetadata().setLabels(Map.of("topology.kubernetes.io/zone", "a"));
        client.nodes().resource(zoned).create();
        client.nodes().resource(Seeds.node("n2", false, true)).create();
        Map<String, Input.NodeObserved> facts = new KubernetesNodeSource(client, new SimpleMeterRegistry()).observe()
                .stream().collect(Collectors.toMap(Input.NodeObserved::node, f -> f));
        assertEquals(new Input.NodeObserved("n1", Map.of("topology.kubernetes.io/zone", "a"), true, false, false),
                facts.get("n1"));
        assertEquals(new Input.NodeObserved("n2", Map.of(), false, true, false), facts.get("n2"));
    }

    @Test
    void watchingTellsEveryCordonReadinessChangeAndDeletionAsItHappens() {
        client.nodes().resource(Seeds.node("n1", true, false)).create();
        java.util.concurrent.BlockingQueue<Input.NodeObserved> pushed = new java.util.concurrent.LinkedBlockingQueue<>();
        try (KubernetesNodeSource source = new KubernetesNodeSource(client, new SimpleMeterRegistry())) {
            assertTrue(source.watch(pushed::add), "the mock API server supports watches");
            assertEquals(new Input.NodeObserved("n1", Map.of(), true, false, false), next(pushed), "initial list");

            client.nodes().withName("n1").edit(n -> {
                n.getSpec().setUnschedulable(true);
                return n;
            });
            assertEquals(new Input.NodeObserved("n1", Map.of(), true, true, false), next(pushed), "cordon");
            client.nodes().withName("n1").edit(n -> {
                n.getStatus().getConditions().get(0).setStatus("False");
                return n;
            });
            assertEquals(new Input.NodeObserved("n1", Map.of(), false, true, false), next(pushed), "NotReady");
            assertEquals(List.of(new Input.NodeObserved("n1", Map.of(), false, true, false)), source.observe(),
                    "observe answers from the watch cache");

            client.nodes().withName("n1").delete();
            assertEquals(new Input.NodeObserved("n1", Map.of(), false, false, true), next(pushed), "deletion");
        }
    }

    private static Input.NodeObserved next(java.util.concurrent.BlockingQueue<Input.NodeObserved> pushed) {
        try {
            Input.NodeObserved facts = pushed.poll(30, java.util.concurrent.TimeUnit.SECONDS);
            if (facts == null) {
                throw new AssertionError("no Node change pushed within 30 s");
            }
            return facts;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void thePodSelectorBlockerSaysWhichSelectorsBlock() {
        assertEquals("running pods matching 'app=backup' or 'job in (etl, report)'", new PodSelectorBlocker(client,
                List.of("app=backup", "job in (etl, report)"), new SimpleMeterRegistry()).describe());
    }
}
