package dev.kreboot.executor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
