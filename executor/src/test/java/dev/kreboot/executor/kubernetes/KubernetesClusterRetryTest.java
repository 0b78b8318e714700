package dev.kreboot.executor.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.executor.app.ExecutorMetrics;
import dev.kreboot.executor.domain.EvictionResult;
import dev.kreboot.executor.domain.NodeChange;
import dev.kreboot.executor.domain.NodeChanges;
import dev.kreboot.executor.domain.NodeMarks;
import dev.kreboot.executor.domain.PodFacts;
import dev.kreboot.schemas.Keys;
import dev.kreboot.schemas.testing.MockApi;
import dev.kreboot.schemas.testing.Seeds;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against API errors, answered by expectations registered on the mock server before
 * its CRUD store: 409 on a node patch reads again, 429/5xx/no answer repeat with backoff up to
 * the configured count, a 404 eviction counts as done.
 */
class KubernetesClusterRetryTest {
    private static final String NODE = "node-a";
    private static final String NODE_PATH = "/api/v1/nodes/" + NODE;

    private MockApi api;
    private KubernetesClient client;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private KubernetesCluster cluster;

    @BeforeEach
    void start() {
        api = MockApi.start();
        client = api.client();
        client.resource(Seeds.node(NODE, true, false)).create();
        cluster = new KubernetesCluster(client, metrics, true, new ApiRetry(2, Duration.ofMillis(5)));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private static Status status(int code, String reason) {
        return new StatusBuilder().withCode(code).withStatus("Failure").withReason(reason).withMessage(reason).build();
    }

    private double retries(String operation, int code) {
        var counter = metrics.find(ExecutorMetrics.KUBERNETES_RETRIES).tags("operation", operation, "code", Integer.toString(code)).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Seeds pod default/web-1 on the node; its next {@code times} evictions are answered {@code code}. */
    private PodFacts web1WhoseEvictionsFail(int code, String reason, int times) {
        client.resource(Seeds.pod("default", "web-1", NODE, "ReplicaSet")).create();
        api.server().expect().post().withPath("/api/v1/namespaces/default/pods/web-1/eviction")
                .andReturn(code, status(code, reason)).times(times);
        return cluster.podsOn(NODE).get(0);
    }

    private Map<String, String> annotations() {
        Map<String, String> a = client.nodes().withName(NODE).get().getMetadata().getAnnotations();
        return a == null ? Map.of() : a;
    }

    @Test
    void aNodePatchAnsweredConflictIsReadAgainAndApplied() {
        api.server().expect().patch().withPath(NODE_PATH).andReturn(409, status(409, "Conflict")).once();
        AtomicInteger derived = new AtomicInteger();

        cluster.update(NODE, facts -> {
            derived.incrementAndGet();
            return NodeChange.none().withAnnotation(Keys.REBOOT_IN_PROGRESS, "r1");
        });

        assertEquals("r1", annotations().get(Keys.REBOOT_IN_PROGRESS));
        assertEquals(2, derived.get(), "the change is derived again from the fresh read");
        assertEquals(1, retries("patch-node", 409));
    }

    @Test
    void aConflictingRestoreDecidesAgainOnTheFreshNodeAndKeepsAnAdministratorsCordon() {
        // The node as the first read sees it: cordoned by kreboot. Meanwhile an administrator took
        // the cordon over (the store's version), and the first patch conflicts.
        client.nodes().withName(NODE).edit(n -> new NodeBuilder(n).editSpec().withUnschedulable(true).endSpec().build());
        Node stale = new NodeBuilder(client.nodes().withName(NODE).get()).editMetadata()
                .addToAnnotations(Keys.CORDONED_BY_KREBOOT, "r1").addToAnnotations(Keys.REBOOT_IN_PROGRESS, "r1").endMetadata()
                .build();
        api.server().expect().get().withPath(NODE_PATH).andReturn(200, stale).once();
        api.server().expect().patch().withPath(NODE_PATH).andReturn(409, status(409, "Conflict")).once();

        var read = cluster.update(NODE, n -> NodeChanges.restore(n, NodeMarks.NONE, false).change());

        assertTrue(Boolean.TRUE.equals(client.nodes().withName(NODE).get().getSpec().getUnschedulable()),
                "the administrator's cordon stays");
        assertNull(read.orElseThrow().cordonedBy());
        assertFalse(NodeChanges.restore(read.orElseThrow(), NodeMarks.NONE, false).uncordons());
    }

    @Test
    void serverErrorsAreRepeatedWithBackoffUntilTheCallGoesThrough() {
        api.server().expect().get().withPath(NODE_PATH).andReturn(500, status(500, "InternalError")).times(2);

        assertTrue(cluster.node(NODE).isPresent());

        assertEquals(2, retries("get-node", 500));
        assertEquals(2, metrics.get(ExecutorMetrics.KUBERNETES_CALL).tags("operation", "get-node", "outcome", "error").timer().count());
    }

    @Test
    void tooManyRequestsOnAPodListIsRepeated() {
        api.server().expect().get().withPath("/api/v1/pods?fieldSelector=spec.nodeName%3D" + NODE)
                .andReturn(429, status(429, "TooManyRequests")).once();
        client.resource(Seeds.pod("default", "web-1", NODE, "ReplicaSet")).create();

        assertEquals(1, cluster.podsOn(NODE).size());
        assertEquals(1, retries("list-pods", 429));
    }

    @Test
    void aCallThatKeepsFailingThrowsAfterTheConfiguredRepeats() {
        api.server().expect().get().withPath(NODE_PATH).andReturn(503, status(503, "ServiceUnavailable")).times(5);

        KubernetesClientException e = assertThrows(KubernetesClientException.class, () -> cluster.node(NODE));

        assertEquals(503, e.getCode());
        assertEquals(2, retries("get-node", 503));
    }

    @Test
    void anAnswerThatWouldNotChangeIsNotRepeated() {
        api.server().expect().get().withPath(NODE_PATH).andReturn(403, status(403, "Forbidden")).once();

        assertEquals(403, assertThrows(KubernetesClientException.class, () -> cluster.node(NODE)).getCode());
        assertTrue(metrics.find(ExecutorMetrics.KUBERNETES_RETRIES).counters().isEmpty());
    }

    @Test
    void aConflictOnAnythingButANodePatchIsNotRepeated() {
        api.server().expect().get().withPath(NODE_PATH).andReturn(409, status(409, "Conflict")).once();

        assertEquals(409, assertThrows(KubernetesClientException.class, () -> cluster.node(NODE)).getCode());
    }

    @Test
    void anEvictionAnsweredServerErrorIsRepeatedAndAPodThatIsGoneCountsAsEvicted() {
        PodFacts web1 = web1WhoseEvictionsFail(500, "InternalError", 2);

        assertEquals(EvictionResult.Outcome.EVICTED, cluster.evict(web1, -1).outcome());
        assertEquals(EvictionResult.Outcome.GONE, cluster.evict(web1, -1).outcome());

        assertEquals(2, retries("evict", 500));
        assertEquals(1, metrics.get(ExecutorMetrics.EVICTIONS).tags("outcome", "evicted").counter().count());
        assertEquals(1, metrics.get(ExecutorMetrics.EVICTIONS).tags("outcome", "gone").counter().count());
        assertEquals(java.util.List.of("default/web-1"), api.dispatcher().evicted());
    }

    @Test
    void anEvictionThatKeepsFailingIsAFailedOutcomeNotACrash() {
        PodFacts web1 = web1WhoseEvictionsFail(502, "BadGateway", 3);

        EvictionResult result = cluster.evict(web1, -1);

        assertEquals(EvictionResult.Outcome.FAILED, result.outcome());
        assertTrue(result.detail().startsWith("502"), result.detail());
        assertEquals(1, metrics.get(ExecutorMetrics.EVICTIONS).tags("outcome", "error").counter().count());
    }

    @Test
    void aPatchOfANodeThatDoesNotExistIsEmpty() {
        assertTrue(cluster.update("node-z", n -> NodeChange.none().withAnnotation(Keys.REBOOT_IN_PROGRESS, "r1")).isEmpty());
    }

    @Test
    void theWaitDoublesAndIsCappedAtSixteenTimesTheBackoff() {
        ApiRetry retry = new ApiRetry(8, Duration.ofMillis(100));

        assertEquals(java.util.List.of(100L, 200L, 400L, 800L, 1600L, 1600L),
                java.util.stream.IntStream.range(0, 6).mapToObj(retry::delay).map(Duration::toMillis).toList());
    }
}
