package dev.kreboot.executor.app;

import static dev.kreboot.executor.app.TestCommands.BOOT_1;
import static dev.kreboot.executor.app.TestCommands.COORDINATOR;
import static dev.kreboot.executor.app.TestCommands.NODE;
import static dev.kreboot.executor.app.TestCommands.drain;
import static dev.kreboot.executor.app.TestCommands.reboot;
import static dev.kreboot.executor.testing.Await.await;
import static dev.kreboot.schemas.ProgressPhase.COMMAND_REJECTED;
import static dev.kreboot.schemas.ProgressPhase.COMPLETED;
import static dev.kreboot.schemas.ProgressPhase.CORDONED;
import static dev.kreboot.schemas.ProgressPhase.DRAINED;
import static dev.kreboot.schemas.ProgressPhase.DRAIN_FAILED;
import static dev.kreboot.schemas.ProgressPhase.DRAIN_PROGRESS;
import static dev.kreboot.schemas.ProgressPhase.FAILED;
import static dev.kreboot.schemas.ProgressPhase.REBOOTED;
import static dev.kreboot.schemas.ProgressPhase.REBOOTING;
import static dev.kreboot.schemas.ProgressPhase.UNCORDONED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.executor.config.ExecutorSettings;
import dev.kreboot.executor.domain.NodeKeys;
import dev.kreboot.schemas.testing.MockApi;
import dev.kreboot.schemas.testing.Seeds;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.Events;
import dev.kreboot.schemas.Keys;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import dev.kreboot.schemas.Reason;
import dev.kreboot.schemas.RebootCommand;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeExecutorTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BOOT_2 = "boot-2";

    private MockApi api;
    private KubernetesClient client;
    private final Fakes.RecordingSink sink = new Fakes.RecordingSink();
    private final Fakes.RecordingRebooter rebooter = new Fakes.RecordingRebooter();
    private final Fakes.MutableBootId bootId = new Fakes.MutableBootId(BOOT_1);
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final List<NodeExecutor> executors = new ArrayList<>();

    @BeforeEach
    void seed() {
        api = MockApi.start();
        client = api.client();
        client.resource(Seeds.pod("default", "web-1", NODE, "ReplicaSet")).create();
        client.resource(Seeds.pod("default", "web-2", NODE, "ReplicaSet")).create();
        client.resource(Seeds.pod("kube-system", "fluentd-1", NODE, "DaemonSet")).create();
        client.resource(Seeds.mirrorPod("kube-system", "etcd-node-a", NODE)).create();
        client.resource(Seeds.completedPod("default", "job-1", NODE)).create();
        client.resource(Seeds.pod("default", "web-3", "node-b", "ReplicaSet")).create();
    }

    @AfterEach
    void stop() {
        executors.forEach(NodeExecutor::close);
        api.close();
    }

    private static Map<String, String> settings(String... overrides) {
        Map<String, String> props = new HashMap<>(Map.of(
                "kreboot.node-name", NODE,
                "kreboot.cluster", "test",
                "kreboot.instance", "executor-0",
                "kreboot.executor.poll-interval", "50ms",
                "kreboot.executor.eviction-retry-interval", "100ms",
                "kreboot.executor.drain-timeout", "30s",
                "kreboot.executor.ready-timeout", "30s"));
        for (int i = 0; i < overrides.length; i += 2) {
            props.put(overrides[i], overrides[i + 1]);
        }
        return props;
    }

    private NodeExecutor executor(String... overrides) {
        NodeExecutor executor = new NodeExecutor(ExecutorSettings.from(settings(overrides)), client, rebooter, bootId, sink,
                Clock.systemUTC(), metrics);
        executors.add(executor);
        return executor;
    }

    private void seedNode(boolean unschedulable) {
        client.resource(Seeds.node(NODE, true, unschedulable)).create();
    }

    private Node node() {
        return client.nodes().withName(NODE).get();
    }

    private Map<String, String> annotations() {
        return node().getMetadata().getAnnotations() == null ? Map.of() : node().getMetadata().getAnnotations();
    }

    private boolean unschedulable() {
        return Boolean.TRUE.equals(node().getSpec().getUnschedulable());
    }

    private Set<String> podNames() {
        return client.pods().inAnyNamespace().list().getItems().stream()
                .map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).collect(Collectors.toSet());
    }

    private void awaitPhase(ProgressPhase phase) {
        await(WAIT, () -> phase + " in " + sink.phases(), () -> sink.phases().contains(phase));
    }

    private static void settle(NodeExecutor executor) throws Exception {
        executor.processed().get(10, TimeUnit.SECONDS);
    }

    /** Drains, reboots, and simulates the boot: new boot id, node NotReady, executor resumed. */
    private NodeExecutor drainAndReboot(NodeExecutor executor) {
        executor.submit(drain(1, "r1"));
        awaitPhase(DRAINED);
        executor.submit(reboot(2, "r1"));
        await(WAIT, () -> !rebooter.calls.isEmpty());
        Seeds.setReady(client, NODE, false);
        bootId.set(BOOT_2);
        return executor;
    }

    @Test
    void drainCordonsAndEvictsOnlyThisNodesEvictablePods() {
        seedNode(false);
        NodeExecutor executor = executor();

        executor.submit(drain(1, "r1"));
        awaitPhase(DRAINED);

        assertEquals(Set.of("default/web-1", "default/web-2"), Set.copyOf(api.dispatcher().evicted()));
        assertEquals(Set.of("kube-system/fluentd-1", "kube-system/etcd-node-a", "default/job-1", "default/web-3"), podNames());
        assertTrue(unschedulable());
        assertEquals("r1", annotations().get(Keys.REBOOT_IN_PROGRESS));
        assertEquals("r1", annotations().get(Keys.CORDONED_BY_KREBOOT));
        assertEquals("1", annotations().get(NodeKeys.LAST_COMMAND_SEQ));
        assertEquals(CORDONED, sink.phases().get(0));
        assertEquals(DRAINED, sink.phases().get(sink.phases().size() - 1));
        assertEquals(2, sink.last(DRAIN_PROGRESS).getPodsLeft());
        assertEquals(0, sink.last(DRAINED).getPodsLeft());
        assertFalse(sink.last(CORDONED).getWasCordonedBefore());
        assertTrue(rebooter.calls.isEmpty());
    }

    @Test
    void everyProgressEventCarriesHeaderCommandAndBootId() {
        seedNode(false);
        executor().submit(drain(1, "r1"));
        awaitPhase(DRAINED);

        for (NodeProgress event : sink.events) {
            assertEquals("test", event.getHeader().getCluster());
            assertEquals(NODE, event.getHeader().getNode());
            assertEquals("r1", event.getHeader().getRebootId());
            assertEquals("executor", event.getHeader().getProducerService());
            assertEquals("executor-0", event.getHeader().getProducerInstance());
            assertEquals(1L, event.getCommandSeq());
            assertEquals(BOOT_1, event.getBootId());
        }
    }

    @Test
    void kubernetesCallsAreTimed() {
        seedNode(false);
        executor().submit(drain(1, "r1"));
        awaitPhase(DRAINED);

        assertEquals(2, metrics.get(ExecutorMetrics.KUBERNETES_CALL).tags("operation", "evict", "outcome", "evicted").timer().count());
        assertTrue(metrics.get(ExecutorMetrics.KUBERNETES_CALL).tags("operation", "patch-node").timer().count() >= 1);
        assertTrue(metrics.get(ExecutorMetrics.KUBERNETES_CALL).tags("operation", "list-pods").timer().count() >= 2);
    }

    @Test
    void duplicateAndOlderCommandsAreIgnored() throws Exception {
        seedNode(false);
        NodeExecutor executor = executor();

        executor.submit(drain(1, "r1"));
        executor.submit(drain(1, "r1"));
        executor.submit(drain(0, "r0"));
        awaitPhase(DRAINED);
        executor.submit(drain(1, "r1"));
        settle(executor);

        assertEquals(1, sink.count(CORDONED));
        assertEquals(1, sink.count(DRAINED));
        assertEquals(2, api.dispatcher().evicted().size());
    }

    @Test
    void aRestartedExecutorTreatsAReplayedCommandAsHandledAndResumeTakesUpTheDrain() throws Exception {
        seedNode(false);
        NodeExecutor first = executor();
        first.submit(drain(1, "r1"));
        awaitPhase(DRAINED);
        first.close();
        int before = sink.events.size();

        NodeExecutor second = executor();
        second.submit(drain(1, "r1"));
        settle(second);
        assertEquals(before, sink.events.size(), "the replay alone changes nothing");

        second.resume();
        await(WAIT, () -> sink.count(DRAINED) == 2);
        assertEquals(1, sink.count(CORDONED), "the node was already in this reboot's hands");
        assertEquals(2, api.dispatcher().evicted().size());
    }

    @Test
    void resumeAfterTheBootWaitsForReadyUncordonsAndCompletesExactlyOnce() throws Exception {
        seedNode(false);
        NodeExecutor executor = drainAndReboot(executor());
        assertEquals(REBOOTING, sink.phases().get(sink.phases().size() - 1));
        assertEquals(List.of(NODE + "/r1"), rebooter.calls);

        executor.resume();
        settle(executor);
        assertFalse(sink.phases().contains(COMPLETED), "the node is not Ready yet");
        Seeds.setReady(client, NODE, true);
        awaitPhase(COMPLETED);
        executor.resume();
        executor.resume();
        settle(executor);

        List<ProgressPhase> phases = sink.phases();
        assertEquals(List.of(REBOOTING, REBOOTED, UNCORDONED, COMPLETED), phases.subList(phases.indexOf(REBOOTING), phases.size()));
        assertEquals(BOOT_1, sink.last(REBOOTED).getPreviousBootId());
        assertEquals(BOOT_2, sink.last(COMPLETED).getBootId());
        await(WAIT, () -> "r1".equals(annotations().get(Keys.COMPLETED_REBOOT)));
        assertFalse(unschedulable());
        assertNull(annotations().get(Keys.CORDONED_BY_KREBOOT));
        assertNull(annotations().get(Keys.REBOOT_IN_PROGRESS));
        assertEquals(1, rebooter.calls.size());
    }

    @Test
    void aRestartedExecutorAfterTheBootCompletesOnceAndNeverRebootsAgain() throws Exception {
        seedNode(false);
        drainAndReboot(executor()).close();
        Seeds.setReady(client, NODE, true);

        NodeExecutor restarted = executor();
        restarted.submit(reboot(2, "r1"));
        restarted.resume();
        awaitPhase(COMPLETED);
        await(WAIT, () -> "r1".equals(annotations().get(Keys.COMPLETED_REBOOT)));
        restarted.close();

        NodeExecutor again = executor();
        again.submit(reboot(2, "r1"));
        again.resume();
        settle(again);

        assertEquals(1, sink.count(COMPLETED));
        assertEquals(1, rebooter.calls.size());
    }

    @Test
    void aNodeCordonedByAnAdministratorStaysCordonedAfterCompletion() {
        seedNode(true);
        NodeExecutor executor = executor();

        drainAndReboot(executor);
        Seeds.setReady(client, NODE, true);
        executor.resume();
        awaitPhase(COMPLETED);

        assertTrue(sink.last(CORDONED).getWasCordonedBefore());
        assertFalse(sink.phases().contains(UNCORDONED));
        assertTrue(unschedulable());
        assertTrue(reasonCodes(sink.last(COMPLETED)).contains("ADMIN_CORDON_KEPT"));
        assertNull(annotations().get(Keys.REBOOT_IN_PROGRESS));
    }

    @Test
    void aDrainBlockedByADisruptionBudgetFailsAtTheDeadlineAndRestoresTheNode() throws Exception {
        seedNode(false);
        client.resource(Seeds.minAvailable("default", "web-pdb", "web", 3)).create();
        NodeExecutor executor = executor("kreboot.executor.drain-timeout", "1s");

        executor.submit(drain(1, "r1"));
        awaitPhase(DRAIN_FAILED);

        NodeProgress failed = sink.last(DRAIN_FAILED);
        assertEquals(2, failed.getPodsLeft());
        assertEquals(Set.of("default/web-1", "default/web-2"), Set.copyOf(failed.getBlockingPods()));
        assertTrue(reasonCodes(failed).containsAll(List.of("DRAIN_TIMEOUT", "EVICTION_BLOCKED")), failed.getReasons().toString());
        awaitPhase(UNCORDONED);
        assertFalse(unschedulable());
        assertNull(annotations().get(Keys.CORDONED_BY_KREBOOT));
        assertNull(annotations().get(Keys.REBOOT_IN_PROGRESS));
        assertFalse(api.dispatcher().refused().isEmpty());

        executor.resume();
        settle(executor);
        assertEquals(1, sink.count(CORDONED), "a replay never restarts a failed drain");
    }

    @Test
    void aFailedDrainKeepsAnAdministratorsCordon() {
        seedNode(true);
        client.resource(Seeds.minAvailable("default", "web-pdb", "web", 3)).create();
        NodeExecutor executor = executor("kreboot.executor.drain-timeout", "1s");

        executor.submit(drain(1, "r1"));
        awaitPhase(DRAIN_FAILED);

        await(WAIT, () -> annotations().get(Keys.REBOOT_IN_PROGRESS) == null);
        assertTrue(unschedulable());
        assertFalse(sink.phases().contains(UNCORDONED));
    }

    @Test
    void aRebootWhoseBootWasAlreadyLeftIsNotRequestedAgain() {
        seedNode(false);
        bootId.set(BOOT_2);
        NodeExecutor executor = executor();

        executor.submit(reboot(2, "r1"));
        awaitPhase(COMPLETED);

        assertTrue(rebooter.calls.isEmpty());
        assertFalse(sink.phases().contains(REBOOTING));
    }

    @Test
    void aFailingRebootCommandIsReportedWithItsReason() {
        seedNode(false);
        rebooter.failWith = "systemctl: permission denied";
        NodeExecutor executor = executor();

        executor.submit(reboot(2, "r1"));
        awaitPhase(FAILED);

        assertEquals(List.of(REBOOTING, FAILED), sink.phases());
        assertTrue(sink.last(FAILED).getReasons().get(0).getMessage().contains("permission denied"));
    }

    @Test
    void aNodeThatStaysNotReadyIsReportedFailedAtTheReadyDeadline() {
        seedNode(false);
        NodeExecutor executor = drainAndReboot(executor("kreboot.executor.ready-timeout", "500ms"));

        executor.resume();
        awaitPhase(FAILED);

        assertEquals(List.of("NODE_NOT_READY"), reasonCodes(sink.last(FAILED)));
        assertFalse(sink.phases().contains(COMPLETED));
        assertTrue(unschedulable(), "a node that did not come back stays cordoned");
    }

    @Test
    void anExpiredCommandIsRejectedAndNotCarriedOut() {
        seedNode(false);
        NodeExecutor executor = executor();

        executor.submit(DrainCommand.newBuilder(drain(1, "r1")).setExpiresAt(Instant.now().minusSeconds(60)).build());
        awaitPhase(COMMAND_REJECTED);

        assertEquals(List.of("COMMAND_EXPIRED"), reasonCodes(sink.last(COMMAND_REJECTED)));
        assertFalse(unschedulable());
        assertEquals("1", annotations().get(NodeKeys.LAST_COMMAND_SEQ));
    }

    @Test
    void commandsForOtherNodesAreIgnored() throws Exception {
        seedNode(false);
        NodeExecutor executor = executor();
        DrainCommand other = DrainCommand.newBuilder(drain(1, "r1"))
                .setHeader(COORDINATOR.header("node-b", "r1", Instant.now())).build();

        executor.submit(other);
        executor.resume();
        settle(executor);

        assertTrue(sink.events.isEmpty());
        assertFalse(unschedulable());
    }

    @Test
    void theSixArgumentConstructorWorksWithItsOwnRegistry() {
        seedNode(false);
        NodeExecutor executor = new NodeExecutor(ExecutorSettings.from(settings()), client, rebooter, bootId, sink,
                Clock.systemUTC());
        executors.add(executor);

        executor.submit(drain(1, "r1"));
        awaitPhase(DRAINED);
        assertNotNull(node());
    }

    @Test
    void progressThatCannotBePublishedIsRetriedInOrder() {
        seedNode(false);
        List<NodeProgress> stored = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger(3);
        ProgressSink flaky = progress -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("broker unavailable");
            }
            stored.add(progress);
        };
        NodeExecutor executor = new NodeExecutor(ExecutorSettings.from(settings()), client, rebooter, bootId, flaky,
                Clock.systemUTC(), metrics);
        executors.add(executor);

        executor.submit(drain(1, "r1"));
        await(WAIT, () -> stored.stream().anyMatch(p -> p.getPhase() == DRAINED));

        assertEquals(CORDONED, stored.get(0).getPhase());
        assertEquals(DRAINED, stored.get(stored.size() - 1).getPhase());
    }

    private static List<String> reasonCodes(NodeProgress progress) {
        return progress.getReasons().stream().map(Reason::getCode).toList();
    }
}
