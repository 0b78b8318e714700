package dev.kreboot.executor.app;

import static dev.kreboot.executor.app.TestCommands.BOOT_1;
import static dev.kreboot.executor.app.TestCommands.NODE;
import static dev.kreboot.executor.app.TestCommands.drain;
import static dev.kreboot.executor.app.TestCommands.reboot;
import static dev.kreboot.executor.testing.Await.await;
import static dev.kreboot.schemas.ProgressPhase.COMMAND_REJECTED;
import static dev.kreboot.schemas.ProgressPhase.COMPLETED;
import static dev.kreboot.schemas.ProgressPhase.CORDONED;
import static dev.kreboot.schemas.ProgressPhase.DRAINED;
import static dev.kreboot.schemas.ProgressPhase.DRAIN_FAILED;
import static dev.kreboot.schemas.ProgressPhase.FAILED;
import static dev.kreboot.schemas.ProgressPhase.REBOOTING;
import static dev.kreboot.schemas.ProgressPhase.UNCORDONED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.executor.domain.ExecutorReason;
import dev.kreboot.executor.domain.NodeKeys;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.Keys;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.RebootCommand;
import dev.kreboot.schemas.testing.Seeds;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** kured's drain and reboot options, and kreboot's additions, against fabric8's API server. */
class KuredOptionsTest extends NodeExecutorHarness {
    private static final String TAINT = "example.com/reboot-needed";

    @BeforeEach
    void seedPods() {
        client.resource(Seeds.pod("default", "web-1", NODE, "ReplicaSet")).create();
        client.resource(Seeds.pod("default", "web-2", NODE, "ReplicaSet")).create();
        client.resource(Seeds.pod("kube-system", "fluentd-1", NODE, "DaemonSet")).create();
    }

    private Map<String, String> labels() {
        return Objects.requireNonNullElse(node().getMetadata().getLabels(), Map.of());
    }

    private Set<String> taints() {
        List<Taint> taints = Objects.requireNonNullElse(node().getSpec().getTaints(), List.of());
        return taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).collect(Collectors.toSet());
    }

    private List<Event> nodeEvents() {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> "Node".equals(e.getInvolvedObject().getKind()) && NODE.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private Optional<Event> nodeEvent(String reason) {
        return nodeEvents().stream().filter(e -> reason.equals(e.getReason())).findFirst();
    }

    /** Drain, reboot, and a host that comes back with a new boot id while the executor lives. */
    private void fullCycle(NodeExecutor executor) {
        executor.submit(drain(1, "r1"));
        awaitPhase(DRAINED);
        executor.submit(reboot(2, "r1"));
        await(WAIT, () -> !rebooter.calls.isEmpty());
        bootId.set(BOOT_2);
        awaitPhase(COMPLETED);
        await(WAIT, () -> "r1".equals(annotations().get(Keys.COMPLETED_REBOOT)));
    }

    /**
     * Submits {@code command} to an executor whose {@code delayKey} is 1s: once the command is handled,
     * {@code duringTheDelay} holds; {@code awaitTheStep} then waits for the held-back step, which must
     * not have come before the second was up.
     */
    private void assertHeldBackForASecond(String delayKey, SpecificRecord command, Runnable duringTheDelay,
                                          Runnable awaitTheStep) throws Exception {
        NodeExecutor executor = executor(delayKey, "1s");
        long start = System.nanoTime();

        executor.submit(command);
        settle(executor);
        duringTheDelay.run();

        awaitTheStep.run();
        assertTrue(System.nanoTime() - start >= Duration.ofSeconds(1).toNanos(), "only after " + delayKey);
    }

    @Test
    void theDrainDelayHoldsTheCordonBack() throws Exception {
        seedNode(false);
        assertHeldBackForASecond("kreboot.executor.drain-delay", drain(1, "r1"), () -> {
            assertFalse(unschedulable(), "not cordoned during the drain delay");
            assertTrue(sink.events.isEmpty());
        }, () -> awaitPhase(CORDONED));
        awaitPhase(DRAINED);
    }

    @Test
    void preRebootLabelsComeWithTheCordonAndPostRebootLabelsWithTheRestore() {
        seedNode(false);
        NodeExecutor executor = executor("kreboot.executor.pre-reboot-node-labels", "reboot=pending,example.com/drained=yes",
                "kreboot.executor.post-reboot-node-labels", "reboot=done");

        executor.submit(drain(1, "r1"));
        awaitPhase(DRAINED);
        assertEquals("pending", labels().get("reboot"));
        assertEquals("yes", labels().get("example.com/drained"));

        executor.submit(reboot(2, "r1"));
        await(WAIT, () -> !rebooter.calls.isEmpty());
        bootId.set(BOOT_2);
        awaitPhase(COMPLETED);

        assertEquals("done", labels().get("reboot"));
        assertFalse(unschedulable());
    }

    @Test
    void postRebootLabelsAreAppliedEvenWhenAnAdministratorsCordonStays() {
        seedNode(true);
        NodeExecutor executor = executor("kreboot.executor.post-reboot-node-labels", "reboot=done");

        fullCycle(executor);

        assertTrue(unschedulable(), "the administrator's cordon stays");
        assertEquals("done", labels().get("reboot"));
        assertFalse(sink.phases().contains(UNCORDONED));
    }

    @Test
    void annotateNodesWritesRfc3339TimesAndKeepsTheMostRecentRebootNeeded() {
        seedNode(false);
        NodeExecutor executor = executor("kreboot.executor.annotate-nodes", "true");

        executor.submit(drain(1, "r1"));
        awaitPhase(DRAINED);
        String since = annotations().get(NodeKeys.REBOOT_IN_PROGRESS_SINCE);
        String needed = annotations().get(NodeKeys.MOST_RECENT_REBOOT_NEEDED);
        assertNotNull(OffsetDateTime.parse(since), "RFC 3339");
        assertEquals(since, needed);

        executor.submit(reboot(2, "r1"));
        await(WAIT, () -> !rebooter.calls.isEmpty());
        bootId.set(BOOT_2);
        awaitPhase(COMPLETED);
        await(WAIT, () -> annotations().get(NodeKeys.REBOOT_IN_PROGRESS_SINCE) == null);

        assertEquals(needed, annotations().get(NodeKeys.MOST_RECENT_REBOOT_NEEDED));
    }

    @Test
    void withoutAnnotateNodesNoTimesAreWritten() {
        seedNode(false);
        executor().submit(drain(1, "r1"));
        awaitPhase(DRAINED);

        assertNull(annotations().get(NodeKeys.REBOOT_IN_PROGRESS_SINCE));
        assertNull(annotations().get(NodeKeys.MOST_RECENT_REBOOT_NEEDED));
    }

    @Test
    void theDrainPodSelectorEvictsOnlyMatchingPods() {
        seedNode(false);
        client.resource(Seeds.pod("default", "db-0", NODE, "StatefulSet")).create();
        NodeExecutor executor = executor("kreboot.executor.drain-pod-selector", "app=web");

        executor.submit(drain(1, "r1"));
        awaitPhase(DRAINED);

        assertEquals(Set.of("default/web-1", "default/web-2"), Set.copyOf(api.dispatcher().evicted()));
        assertTrue(podNames().contains("default/db-0"));
    }

    @Test
    void aPodTerminatingLongerThanTheSkipWaitTimeoutDoesNotHoldTheDrain() {
        drainWithAPodStuckTerminating("kreboot.executor.skip-wait-for-delete-timeout", "1s");
        awaitPhase(DRAINED);

        Pod stuck = client.pods().inNamespace("default").withName("stuck-1").get();
        assertNotNull(stuck.getMetadata().getDeletionTimestamp(), "still terminating, but no longer waited for");
        assertEquals(1, api.dispatcher().evicted().stream().filter("default/stuck-1"::equals).count(),
                "a terminating pod is not evicted again");
    }

    @Test
    void withoutSkipWaitATerminatingPodHoldsTheDrainToItsTimeout() {
        drainWithAPodStuckTerminating("kreboot.executor.drain-timeout", "1s");
        awaitPhase(DRAIN_FAILED);

        assertTrue(reasonCodes(sink.last(DRAIN_FAILED)).containsAll(List.of("DRAIN_TIMEOUT", "POD_TERMINATING")));
        assertEquals(List.of("default/stuck-1"), sink.last(DRAIN_FAILED).getBlockingPods());
    }

    /** Drains the node for r1 with {@code overrides}; its pod default/stuck-1 stays terminating once evicted. */
    private void drainWithAPodStuckTerminating(String... overrides) {
        seedNode(false);
        client.resource(heldByFinalizer("stuck-1")).create();
        executor(overrides).submit(drain(1, "r1"));
    }

    /** A finalizer nobody removes: once evicted, the pod stays terminating (deletion timestamp set). */
    private static Pod heldByFinalizer(String name) {
        Pod pod = Seeds.pod("default", name, NODE, "ReplicaSet");
        pod.getMetadata().setFinalizers(List.of("example.com/hold"));
        return pod;
    }

    @Test
    void podsWithEmptyDirDataFailTheDrainAtOnceWhenTheirDataMustBeKept() {
        seedNode(false);
        Pod cache = Seeds.pod("default", "cache-1", NODE, "ReplicaSet");
        cache.getSpec().setVolumes(List.of(new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build()));
        client.resource(cache).create();
        NodeExecutor executor = executor("kreboot.executor.delete-emptydir-data", "false");

        executor.submit(drain(1, "r1"));
        awaitPhase(DRAIN_FAILED);

        NodeProgress failed = sink.last(DRAIN_FAILED);
        assertEquals("DRAIN_REFUSED", reasonCodes(failed).get(0), "refused, not timed out");
        assertTrue(reasonCodes(failed).contains("POD_WITH_EMPTYDIR_DATA"));
        assertTrue(failed.getBlockingPods().contains("default/cache-1"));
        assertTrue(podNames().contains("default/cache-1"));
        awaitPhase(UNCORDONED);
        assertFalse(unschedulable());
    }

    @Test
    void podsWithoutAControllerFailTheDrainWhenTheyMayNotBeDeleted() {
        seedNode(false);
        client.resource(Seeds.pod("default", "bare-1", NODE, null)).create();
        NodeExecutor executor = executor("kreboot.executor.delete-pods-without-controller", "false");

        executor.submit(drain(1, "r1"));
        awaitPhase(DRAIN_FAILED);

        assertTrue(reasonCodes(sink.last(DRAIN_FAILED)).contains("POD_WITHOUT_CONTROLLER"));
        assertTrue(podNames().contains("default/bare-1"));
    }

    @Test
    void barePodsAndEmptyDirPodsAreEvictedByDefaultAsKuredDoes() {
        seedNode(false);
        client.resource(Seeds.pod("default", "bare-1", NODE, null)).create();
        Pod cache = Seeds.pod("default", "cache-1", NODE, "ReplicaSet");
        cache.getSpec().setVolumes(List.of(new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build()));
        client.resource(cache).create();

        executor().submit(drain(1, "r1"));
        awaitPhase(DRAINED);

        assertTrue(api.dispatcher().evicted().containsAll(List.of("default/bare-1", "default/cache-1")));
    }

    @Test
    void forceRebootReportsTheFailedDrainAsDrainedAndRebootsAnyway() {
        seedNode(false);
        NodeExecutor executor = drainBlockedByABudget("kreboot.executor.force-reboot", "true");
        awaitPhase(DRAINED);

        NodeProgress forced = sink.last(DRAINED);
        assertEquals(2, forced.getPodsLeft());
        assertEquals(Set.of("default/web-1", "default/web-2"), Set.copyOf(forced.getBlockingPods()));
        assertTrue(reasonCodes(forced).containsAll(List.of("FORCED_REBOOT", "DRAIN_TIMEOUT", "EVICTION_BLOCKED")),
                forced.getReasons().toString());
        assertFalse(sink.phases().contains(DRAIN_FAILED));
        assertTrue(unschedulable(), "a forced reboot keeps the cordon");
        assertEquals("r1", annotations().get(Keys.REBOOT_IN_PROGRESS));
        assertEquals(1.0, metrics.get(ExecutorMetrics.DRAIN_DURATION).tags("outcome", "forced").timer().count());

        executor.submit(reboot(2, "r1"));
        await(WAIT, () -> !rebooter.calls.isEmpty());
        assertEquals(List.of(NODE + "/r1"), rebooter.calls);
        assertTrue(nodeEvent("KrebootDrained").map(e -> "Warning".equals(e.getType())).orElse(false),
                "a forced drain shows as a warning on the node");
    }

    @Test
    void aDisruptionBudgetThatBlocksThenAllowsHoldsTheDrainOnlyUntilItAllows() {
        seedNode(false);
        client.resource(Seeds.minAvailable("default", "web-pdb", "web", 2)).create();
        NodeExecutor executor = executor();

        executor.submit(drain(1, "r1"));
        await(WAIT, () -> !api.dispatcher().refused().isEmpty());
        await(WAIT, () -> sink.events.stream().anyMatch(e -> reasonCodes(e).contains("EVICTION_BLOCKED")));
        assertFalse(sink.phases().contains(DRAINED));
        // Replacements elsewhere (as a scale-up would bring) give the budget room for both evictions.
        client.resource(Seeds.pod("default", "web-8", "node-b", "ReplicaSet")).create();
        client.resource(Seeds.pod("default", "web-9", "node-b", "ReplicaSet")).create();

        awaitPhase(DRAINED);
        assertTrue(api.dispatcher().evicted().containsAll(List.of("default/web-1", "default/web-2")));
    }

    @Test
    void withoutForceRebootAPdbBlockedDrainFailsAndNothingReboots() throws Exception {
        seedNode(false);
        NodeExecutor executor = drainBlockedByABudget();
        awaitPhase(DRAIN_FAILED);
        settle(executor);

        assertFalse(sink.phases().contains(DRAINED));
        assertTrue(rebooter.calls.isEmpty());
        assertEquals(1.0, metrics.get(ExecutorMetrics.FAILURES).tags("phase", "DRAIN_FAILED", "reason", "DRAIN_TIMEOUT")
                .counter().count());
    }

    @Test
    void theRebootDelayHoldsTheRebootBack() throws Exception {
        seedNode(false);
        assertHeldBackForASecond("kreboot.executor.reboot-delay", reboot(2, "r1"), () -> {
            assertTrue(rebooter.calls.isEmpty(), "no reboot during the delay");
            assertFalse(sink.phases().contains(REBOOTING));
        }, () -> await(WAIT, () -> !rebooter.calls.isEmpty()));
    }

    @Test
    void aCommandThatExpiresDuringTheRebootDelayIsRefusedBeforeTheReboot() {
        seedNode(false);
        NodeExecutor executor = executor("kreboot.executor.reboot-delay", "1s");

        executor.submit(RebootCommand.newBuilder(reboot(2, "r1")).setExpiresAt(Instant.now().plusMillis(300)).build());
        awaitPhase(COMMAND_REJECTED);

        assertEquals(List.of("COMMAND_EXPIRED"), reasonCodes(sink.last(COMMAND_REJECTED)));
        assertTrue(rebooter.calls.isEmpty());
        assertFalse(sink.phases().contains(REBOOTING));
    }

    @Test
    void aHostThatDoesNotGoDownIsReportedFailedAtTheRebootTimeoutAndNotAskedAgain() throws Exception {
        seedNode(false);
        NodeExecutor executor = executor("kreboot.executor.reboot-timeout", "500ms");
        executor.submit(drain(1, "r1"));
        awaitPhase(DRAINED);

        executor.submit(reboot(2, "r1"));
        awaitPhase(FAILED);

        assertEquals(List.of("REBOOT_TIMEOUT"), reasonCodes(sink.last(FAILED)));
        assertEquals("r1", annotations().get(NodeKeys.REBOOT_TIMED_OUT));
        assertTrue(unschedulable(), "left cordoned for an operator");
        assertTrue(nodeEvent("KrebootFailed").isPresent());
        executor.close();

        NodeExecutor restarted = executor("kreboot.executor.reboot-timeout", "500ms");
        restarted.submit(reboot(2, "r1"));
        restarted.resume();
        settle(restarted);
        assertEquals(1, rebooter.calls.size(), "a restarted executor does not reboot a second time");
    }

    @Test
    void aHostThatComesBackWhileTheExecutorLivesIsVerifiedWithoutAResume() {
        seedNode(false);
        Rebooter instant = aHostThatBootsAtOnce();
        NodeExecutor executor = executor(instant, CommandVerifier.ACCEPT_ALL);

        executor.submit(drain(1, "r1"));
        awaitPhase(DRAINED);
        executor.submit(reboot(2, "r1"));
        awaitPhase(COMPLETED);

        assertEquals(BOOT_1, sink.last(COMPLETED).getPreviousBootId());
        assertEquals(1, metrics.get(ExecutorMetrics.REBOOT_DOWN).timer().count());
    }

    @Test
    void eachPhaseLeavesAKubernetesEventOnTheNode() {
        seedNode(false);
        fullCycle(executor());

        await(WAIT, () -> nodeEvent("KrebootCompleted").isPresent());
        Set<String> reasons = nodeEvents().stream().map(Event::getReason).collect(Collectors.toSet());
        assertTrue(reasons.containsAll(Set.of("KrebootCordoned", "KrebootDrained", "KrebootRebooting", "KrebootCompleted")),
                reasons.toString());
        Event cordoned = nodeEvent("KrebootCordoned").orElseThrow();
        assertEquals("Normal", cordoned.getType());
        assertEquals("kreboot-executor", cordoned.getSource().getComponent());
        assertTrue(cordoned.getMessage().contains("r1"), cordoned.getMessage());
    }

    @Test
    void aDrainFailureIsAWarningEventWithItsReasons() {
        seedNode(false);
        drainBlockedByABudget();
        awaitPhase(DRAIN_FAILED);

        Event failed = nodeEvent("KrebootDrainFailed").orElseThrow();
        assertEquals("Warning", failed.getType());
        assertTrue(failed.getMessage().contains("DRAIN_TIMEOUT"), failed.getMessage());
    }

    @Test
    void nodeEventsCanBeTurnedOff() {
        seedNode(false);
        executor("kreboot.executor.node-events", "false").submit(drain(1, "r1"));
        awaitPhase(DRAINED);

        assertTrue(nodeEvents().isEmpty());
    }

    @Test
    void theSlotWaitTaintIsPutOnByTheHookAndTakenOffWhenTheNodeIsHandedBack() throws Exception {
        seedNode(false);
        NodeExecutor executor = executor("kreboot.executor.prefer-no-schedule-taint", TAINT);

        executor.awaitingSlot(true);
        settle(executor);
        assertEquals(Set.of(TAINT + ":PreferNoSchedule"), taints());
        executor.awaitingSlot(true);
        settle(executor);
        assertEquals(1, taints().size(), "idempotent");

        fullCycle(executor);
        assertTrue(taints().isEmpty());
    }

    @Test
    void theSlotWaitHookDoesNothingWithoutAConfiguredTaint() throws Exception {
        seedNode(false);
        NodeExecutor executor = executor();

        executor.awaitingSlot(true);
        settle(executor);

        assertTrue(taints().isEmpty());
    }

    @Test
    void aCommandTheVerifierRefusesIsReportedAndDoesNotShadowGenuineCommands() throws Exception {
        seedNode(false);
        CommandVerifier signedOnly = record -> record instanceof DrainCommand d && d.getSignature() == null
                ? Optional.of(ExecutorReason.COMMAND_UNVERIFIED.because("no signature"))
                : Optional.empty();
        NodeExecutor executor = executor(rebooter, signedOnly);

        executor.submit(drain(99, "forged"));
        awaitPhase(COMMAND_REJECTED);
        settle(executor);
        assertEquals(List.of("COMMAND_UNVERIFIED"), reasonCodes(sink.last(COMMAND_REJECTED)));
        assertFalse(unschedulable());
        assertNull(annotations().get(NodeKeys.LAST_COMMAND_SEQ), "a refused command is not handled");

        executor.submit(DrainCommand.newBuilder(drain(1, "r1")).setSignature(java.nio.ByteBuffer.wrap(new byte[64])).build());
        awaitPhase(DRAINED);
        assertTrue(unschedulable());
    }
}
