package dev.kreboot.executor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DrainPlanTest {

    private static PodFacts pod(String name, String node, String owner) {
        return new PodFacts("default", name, name + "-uid", node, "Running", owner == null ? List.of() : List.of(owner),
                false, false);
    }

    @Test
    void evictsControllerOwnedAndBarePodsOfThisNodeOnly() {
        DrainPlan plan = DrainPlan.of("node-a", List.of(
                pod("web-1", "node-a", "ReplicaSet"),
                pod("bare", "node-a", null),
                pod("db-0", "node-a", "StatefulSet"),
                pod("web-2", "node-b", "ReplicaSet")));

        assertEquals(List.of("web-1", "bare", "db-0"), plan.toEvict().stream().map(PodFacts::name).toList());
        assertEquals(3, plan.podsLeft());
        assertFalse(plan.done());
    }

    @Test
    void skipsDaemonSetMirrorAndCompletedPodsWithTheirReason() {
        PodFacts daemon = pod("ds-1", "node-a", "DaemonSet");
        PodFacts mirror = new PodFacts("kube-system", "etcd-node-a", "m", "node-a", "Running", List.of("Node"), true, false);
        PodFacts succeeded = new PodFacts("default", "job-1", "j1", "node-a", "Succeeded", List.of("Job"), false, false);
        PodFacts failed = new PodFacts("default", "job-2", "j2", "node-a", "Failed", List.of("Job"), false, false);
        PodFacts elsewhere = pod("web-2", "node-b", "ReplicaSet");

        DrainPlan plan = DrainPlan.of("node-a", List.of(daemon, mirror, succeeded, failed, elsewhere));

        Map<String, DrainPlan.SkipReason> reasons = plan.skipped().stream()
                .collect(Collectors.toMap(s -> s.pod().name(), DrainPlan.Skipped::reason));
        assertEquals(Map.of("ds-1", DrainPlan.SkipReason.DAEMONSET, "etcd-node-a", DrainPlan.SkipReason.MIRROR,
                "job-1", DrainPlan.SkipReason.COMPLETED, "job-2", DrainPlan.SkipReason.COMPLETED,
                "web-2", DrainPlan.SkipReason.OTHER_NODE), reasons);
        assertTrue(plan.done(), "nothing of this node's workload is left");
    }

    @Test
    void waitsForTerminatingPodsWithoutEvictingThemAgain() {
        PodFacts going = new PodFacts("default", "web-1", "u", "node-a", "Running", List.of("ReplicaSet"), false, true);

        DrainPlan plan = DrainPlan.of("node-a", List.of(going));

        assertTrue(plan.toEvict().isEmpty());
        assertEquals(List.of(going), plan.terminating());
        assertEquals(1, plan.podsLeft());
        assertFalse(plan.done());
    }

    @Test
    void aNodeWithoutPodsIsDrainedAtOnce() {
        assertTrue(DrainPlan.of("node-a", List.of()).done());
    }

    private static final Instant NOW = Instant.parse("2026-11-28T01:00:00Z");

    private static PodFacts labelled(String name, String owner, Map<String, String> labels, boolean emptyDir) {
        return new PodFacts("default", name, name + "-uid", "node-a", "Running", owner == null ? List.of() : List.of(owner),
                false, false, labels, emptyDir, null);
    }

    private static PodFacts terminatingSince(String name, Instant deletedAt) {
        return new PodFacts("default", name, name + "-uid", "node-a", "Running", List.of("ReplicaSet"), false, true,
                Map.of(), false, deletedAt);
    }

    @Test
    void theDrainPodSelectorLeavesUnselectedPodsAlone() {
        DrainPolicy policy = new DrainPolicy(PodSelector.parse("app=web"), true, true, Duration.ZERO);

        DrainPlan plan = DrainPlan.of("node-a", List.of(labelled("web-1", "ReplicaSet", Map.of("app", "web"), false),
                labelled("db-0", "StatefulSet", Map.of("app", "db"), false)), policy, NOW);

        assertEquals(List.of("web-1"), plan.toEvict().stream().map(PodFacts::name).toList());
        assertEquals(DrainPlan.SkipReason.NOT_SELECTED, plan.skipped().get(0).reason());
    }

    @Test
    void podsThePolicyForbidsToEvictAreRefusedNotEvicted() {
        DrainPolicy strict = new DrainPolicy(PodSelector.everything(), false, false, Duration.ZERO);

        DrainPlan plan = DrainPlan.of("node-a", List.of(labelled("bare", null, Map.of(), false),
                labelled("cache", "ReplicaSet", Map.of(), true), labelled("web-1", "ReplicaSet", Map.of(), false)), strict, NOW);

        assertEquals(List.of("web-1"), plan.toEvict().stream().map(PodFacts::name).toList());
        assertTrue(plan.refusedByPolicy());
        assertEquals(List.of(ExecutorReason.POD_WITHOUT_CONTROLLER, ExecutorReason.POD_WITH_EMPTYDIR_DATA),
                plan.refused().stream().map(r -> r.finding().reason()).toList());
        assertEquals(3, plan.podsLeft());
        assertFalse(plan.done());
    }

    @Test
    void kuredsDefaultsEvictBarePodsAndEmptyDirPods() {
        DrainPlan plan = DrainPlan.of("node-a", List.of(labelled("bare", null, Map.of(), false),
                labelled("cache", "ReplicaSet", Map.of(), true)), DrainPolicy.KURED, NOW);

        assertEquals(2, plan.toEvict().size());
        assertFalse(plan.refusedByPolicy());
    }

    @Test
    void podsTerminatingLongerThanTheSkipWaitTimeoutNoLongerHoldTheDrain() {
        DrainPolicy policy = new DrainPolicy(PodSelector.everything(), true, true, Duration.ofMinutes(1));
        PodFacts old = terminatingSince("old", NOW.minusSeconds(61));
        PodFacts recent = terminatingSince("recent", NOW.minusSeconds(10));

        DrainPlan plan = DrainPlan.of("node-a", List.of(old, recent), policy, NOW);

        assertEquals(List.of(recent), plan.terminating());
        assertEquals(DrainPlan.SkipReason.DELETE_WAIT_SKIPPED, plan.skipped().get(0).reason());
        assertEquals(List.of(recent, old), DrainPlan.of("node-a", List.of(recent, old), DrainPolicy.KURED, NOW).terminating(),
                "a zero timeout waits for every pod");
    }
}
