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
import dev.kreboot.schemas.testing.Seeds;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.Keys;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NodeExecutorTest extends NodeExecutorHarness {

    @BeforeEach
    void seedPods() {
        client.resource(Seeds.pod("default", "web-1", NODE, "ReplicaSet")).create();
        client.resource(Seeds.pod("default", "web-2", NODE, "ReplicaSet")).create();
        client.resource(Seeds.pod("kube-system", "fluentd-1", NODE, "DaemonSet")).create();
        client.resource(Seeds.mirrorPod("kube-system", "etcd-node-a", NODE)).create();
        client.resource(Seeds.completedPod("default", "job-1", NODE)).create();
        client.resource(Seeds.pod("default", "web-3", "node-b", "ReplicaSet")).create();
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
        NodeExecutor executor = drainBlockedByABudget();
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
        drainBlockedByABudget();
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
        NodeExecutor executor = closedAfterTheTest(new NodeExecutor(ExecutorSettings.from(settings()), client, rebooter,
                bootId, sink, Clock.systemUTC()));

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
        NodeExecutor executor = closedAfterTheTest(new NodeExecutor(ExecutorSettings.from(settings()), client, rebooter,
                bootId, flaky, Clock.systemUTC(), metrics));

        executor.submit(drain(1, "r1"));
        await(WAIT, () -> stored.stream().anyMatch(p -> p.getPhase() == DRAINED));

        assertEquals(CORDONED, stored.get(0).getPhase());
        assertEquals(DRAINED, stored.get(stored.size() - 1).getPhase());
    }
}
