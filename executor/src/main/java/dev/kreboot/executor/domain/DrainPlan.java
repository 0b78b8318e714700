package dev.kreboot.executor.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which of the listed pods a drain of {@code node} must remove, with kured's fixed choices
 * (IgnoreAllDaemonSets, Force, DeleteEmptyDirData):
 * <ol>
 *   <li>pods bound to another node are not ours (the list may come from a server that ignored the
 *       field selector);</li>
 *   <li>DaemonSet pods are skipped: their controller ignores the cordon and would recreate them;</li>
 *   <li>mirror pods are skipped: the kubelet owns them and the API cannot evict them;</li>
 *   <li>completed pods (Succeeded, Failed) are skipped: they hold no workload;</li>
 *   <li>pods already terminating are waited for, not evicted again;</li>
 *   <li>everything else, bare pods and pods with emptyDir included, is evicted.</li>
 * </ol>
 * The drain is done when nothing is left to evict or wait for.
 */
public record DrainPlan(List<PodFacts> toEvict, List<PodFacts> terminating, List<Skipped> skipped) {

    /** Why a pod does not take part in the drain. */
    public enum SkipReason {
        OTHER_NODE, DAEMONSET, MIRROR, COMPLETED
    }

    public record Skipped(PodFacts pod, SkipReason reason) {
    }

    public DrainPlan {
        toEvict = List.copyOf(toEvict);
        terminating = List.copyOf(terminating);
        skipped = List.copyOf(skipped);
    }

    public static DrainPlan of(String node, Collection<PodFacts> pods) {
        List<PodFacts> evict = new ArrayList<>();
        List<PodFacts> going = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        for (PodFacts pod : pods) {
            SkipReason skip = skipReason(node, pod);
            if (skip != null) {
                skipped.add(new Skipped(pod, skip));
            } else if (pod.terminating()) {
                going.add(pod);
            } else {
                evict.add(pod);
            }
        }
        return new DrainPlan(evict, going, skipped);
    }

    private static SkipReason skipReason(String node, PodFacts pod) {
        if (!node.equals(pod.nodeName())) {
            return SkipReason.OTHER_NODE;
        }
        if (pod.ownerKinds().contains("DaemonSet")) {
            return SkipReason.DAEMONSET;
        }
        if (pod.mirror()) {
            return SkipReason.MIRROR;
        }
        if ("Succeeded".equals(pod.phase()) || "Failed".equals(pod.phase())) {
            return SkipReason.COMPLETED;
        }
        return null;
    }

    /** Pods that still keep the drain from finishing. */
    public int podsLeft() {
        return toEvict.size() + terminating.size();
    }

    public boolean done() {
        return podsLeft() == 0;
    }
}
