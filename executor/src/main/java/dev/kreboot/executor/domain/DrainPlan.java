package dev.kreboot.executor.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which of the listed pods a drain of {@code node} must remove, under a {@link DrainPolicy}
 * (kured's fixed choices by default: IgnoreAllDaemonSets, Force, DeleteEmptyDirData):
 * <ol>
 *   <li>pods bound to another node are not ours (the list may come from a server that ignored the
 *       field selector);</li>
 *   <li>DaemonSet pods are skipped: their controller ignores the cordon and would recreate them;</li>
 *   <li>mirror pods are skipped: the kubelet owns them and the API cannot evict them;</li>
 *   <li>completed pods (Succeeded, Failed) are skipped: they hold no workload;</li>
 *   <li>pods the drain pod selector does not match are skipped;</li>
 *   <li>pods already terminating are waited for, not evicted again, unless they have been
 *       terminating longer than the skip-wait-for-delete timeout (then skipped);</li>
 *   <li>pods the policy forbids evicting (emptyDir data, no controller) are <em>refused</em>: as with
 *       kubectl, the drain cannot succeed while one is there;</li>
 *   <li>everything else is evicted.</li>
 * </ol>
 * The drain is done when nothing is left to evict or wait for and nothing is refused.
 */
public record DrainPlan(List<PodFacts> toEvict, List<PodFacts> terminating, List<Skipped> skipped,
                        List<Refused> refused) {

    /** Why a pod does not take part in the drain. */
    public enum SkipReason {
        OTHER_NODE, DAEMONSET, MIRROR, COMPLETED, NOT_SELECTED, DELETE_WAIT_SKIPPED
    }

    public record Skipped(PodFacts pod, SkipReason reason) {
    }

    /** A pod the policy does not let the drain evict, and the finding to report for it. */
    public record Refused(PodFacts pod, Finding finding) {
    }

    public DrainPlan {
        toEvict = List.copyOf(toEvict);
        terminating = List.copyOf(terminating);
        skipped = List.copyOf(skipped);
        refused = List.copyOf(refused);
    }

    public DrainPlan(List<PodFacts> toEvict, List<PodFacts> terminating, List<Skipped> skipped) {
        this(toEvict, terminating, skipped, List.of());
    }

    /** kured's fixed drain choices. */
    public static DrainPlan of(String node, Collection<PodFacts> pods) {
        return of(node, pods, DrainPolicy.KURED, Instant.EPOCH);
    }

    public static DrainPlan of(String node, Collection<PodFacts> pods, DrainPolicy policy, Instant now) {
        List<PodFacts> evict = new ArrayList<>();
        List<PodFacts> going = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (PodFacts pod : pods) {
            SkipReason skip = skipReason(node, pod, policy, now);
            if (skip != null) {
                skipped.add(new Skipped(pod, skip));
            } else if (pod.terminating()) {
                going.add(pod);
            } else if (!policy.deletePodsWithoutController() && pod.withoutController()) {
                refused.add(new Refused(pod, ExecutorReason.POD_WITHOUT_CONTROLLER.because(pod.ref())));
            } else if (!policy.deleteEmptyDirData() && pod.emptyDir()) {
                refused.add(new Refused(pod, ExecutorReason.POD_WITH_EMPTYDIR_DATA.because(pod.ref())));
            } else {
                evict.add(pod);
            }
        }
        return new DrainPlan(evict, going, skipped, refused);
    }

    private static SkipReason skipReason(String node, PodFacts pod, DrainPolicy policy, Instant now) {
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
        if (!policy.podSelector().matches(pod.labels())) {
            return SkipReason.NOT_SELECTED;
        }
        if (pod.terminating() && policy.stopsWaitingFor(pod, now)) {
            return SkipReason.DELETE_WAIT_SKIPPED;
        }
        return null;
    }

    /** Pods that still keep the drain from finishing. */
    public int podsLeft() {
        return toEvict.size() + terminating.size() + refused.size();
    }

    public boolean done() {
        return podsLeft() == 0;
    }

    /** The policy forbids evicting a pod that is there: waiting cannot help. */
    public boolean refusedByPolicy() {
        return !refused.isEmpty();
    }
}
