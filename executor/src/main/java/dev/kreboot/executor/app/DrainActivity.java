package dev.kreboot.executor.app;

import dev.kreboot.executor.domain.ActivityKind;
import dev.kreboot.executor.domain.Command;
import dev.kreboot.executor.domain.DrainPlan;
import dev.kreboot.executor.domain.EvictionResult;
import dev.kreboot.executor.domain.ExecutorReason;
import dev.kreboot.executor.domain.Finding;
import dev.kreboot.executor.domain.NodeChanges;
import dev.kreboot.executor.domain.NodeFacts;
import dev.kreboot.executor.domain.PodFacts;
import dev.kreboot.schemas.ProgressPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Cordons and drains the node for one reboot.
 * <ol>
 *   <li>Drain delay (kured's {@code drain-delay}): wait before the cordon, unless the node is
 *       already in this reboot's hands (a restarted executor taking the drain up).</li>
 *   <li>Cordon: one patch sets {@code spec.unschedulable}, the reboot-in-progress mark, the handled
 *       command sequence, the pre-reboot labels, with annotate-nodes the RFC 3339 times, and,
 *       unless an administrator had cordoned the node, the kreboot-cordon mark; report CORDONED
 *       (not again when a restarted executor takes up the same drain). The drain timeout starts here.</li>
 *   <li>Every poll: list the node's pods and plan ({@link DrainPlan}, under the configured
 *       {@link dev.kreboot.executor.domain.DrainPolicy}); done when nothing is left (report
 *       DRAINED); a pod the policy forbids evicting fails the drain at once, as kubectl does;
 *       otherwise evict each pod whose retry time has come (a refused eviction, 429 from a
 *       PodDisruptionBudget, waits the eviction retry interval) and report DRAIN_PROGRESS whenever
 *       the count of pods left changes.</li>
 *   <li>On failure (drain timeout or refused pods):
 *     <ul>
 *       <li>with force-reboot (kured's {@code force-reboot}): the node stays cordoned and the drain
 *           is reported DRAINED with the pods left and reasons FORCED_REBOOT plus the failure, so
 *           the coordinator goes on to the reboot while the slot stays held;</li>
 *       <li>otherwise restore the node (uncordon only if kreboot cordoned it, decided on the node
 *           as the patch finds it; drop the marks and the PreferNoSchedule taint), then report
 *           DRAIN_FAILED with the pods left and why each is still there, and UNCORDONED if it
 *           uncordoned. A restore that fails reports DRAIN_FAILED at once, with UNCORDON_FAILED,
 *           and is retried every poll interval until it goes through.</li>
 *     </ul></li>
 * </ol>
 */
final class DrainActivity extends CommandActivity {
    private enum Stage { CORDON, EVICT, RESTORE }

    private final Map<String, Instant> nextAttempt = new HashMap<>();
    private final Map<String, Finding> stuck = new LinkedHashMap<>();
    private Stage stage = Stage.CORDON;
    private boolean delayed;
    private Instant started;
    private Instant deadline;
    private boolean wasCordonedBefore;
    private int reportedPodsLeft = -1;
    private List<String> blockingPods = List.of();
    private List<Finding> failure = List.of();
    private boolean failureReported;

    DrainActivity(Command command, Tools tools) {
        super(ActivityKind.DRAINING, command, tools);
    }

    @Override
    public Optional<Duration> step() {
        if (stage == Stage.CORDON) {
            Optional<NodeFacts> node = t.cluster().node(t.node());
            if (node.isEmpty()) {
                failure = List.of(ExecutorReason.NODE_NOT_FOUND.because(t.node()));
                t.outbox().emit(t.reports().of(command, ProgressPhase.DRAIN_FAILED)
                        .setReasons(Reports.reasons(failure)).build());
                return Activity.finished();
            }
            Duration delay = t.settings().drainDelay();
            if (!delayed && !delay.isZero() && !command.rebootId().equals(node.get().rebootInProgress())) {
                delayed = true;
                return Activity.again(delay);
            }
            cordon();
            stage = Stage.EVICT;
        }
        if (stage == Stage.EVICT) {
            DrainPlan plan = DrainPlan.of(t.node(), t.cluster().podsOn(t.node()), t.settings().drainPolicy(), t.now());
            if (plan.done()) {
                record("drained");
                t.outbox().emit(t.reports().of(command, ProgressPhase.DRAINED)
                        .setPodsLeft(0).setWasCordonedBefore(wasCordonedBefore).build());
                return Activity.finished();
            }
            if (plan.refusedByPolicy()) {
                recordFailure(plan, ExecutorReason.DRAIN_REFUSED.because(plan.refused().size()
                        + " pod(s) the drain policy does not let kreboot evict"));
                stage = Stage.RESTORE;
            } else if (deadline != null && !t.now().isBefore(deadline)) {
                recordFailure(plan, ExecutorReason.DRAIN_TIMEOUT.because(plan.podsLeft() + " pod(s) left after "
                        + t.settings().drainTimeout()));
                stage = Stage.RESTORE;
            } else {
                evict(plan);
                return Activity.again(t.settings().pollInterval());
            }
        }
        return t.settings().forceReboot() ? forced() : restore();
    }

    private void cordon() {
        Instant now = t.now();
        // Derived from the node as the patch finds it: an administrator's cordon made a moment ago is seen.
        Optional<NodeFacts> read = t.cluster().update(t.node(),
                n -> NodeChanges.cordonForDrain(n, command, t.settings().nodeMarks(), now).change());
        if (read.isEmpty()) {
            throw new IllegalStateException(t.node() + " disappeared before the cordon");
        }
        NodeChanges.Cordon cordon = NodeChanges.cordonForDrain(read.get(), command, t.settings().nodeMarks(), now);
        started = now;
        deadline = t.settings().drainWaitsForever() ? null : started.plus(t.settings().drainTimeout());
        wasCordonedBefore = cordon.wasCordonedBefore();
        if (cordon.announce()) {
            List<Finding> reasons = wasCordonedBefore ? List.of(ExecutorReason.ADMIN_CORDON_KEPT.finding()) : List.of();
            t.outbox().emit(t.reports().of(command, ProgressPhase.CORDONED)
                    .setWasCordonedBefore(wasCordonedBefore).setReasons(Reports.reasons(reasons)).build());
        }
    }

    private void evict(DrainPlan plan) {
        Instant now = t.now();
        Set<String> present = new HashSet<>();
        for (PodFacts pod : plan.toEvict()) {
            present.add(pod.ref());
            Instant due = nextAttempt.get(pod.identity());
            if (due != null && now.isBefore(due)) {
                continue;
            }
            EvictionResult result = t.cluster().evict(pod, t.settings().drainGracePeriodSeconds());
            nextAttempt.put(pod.identity(), now.plus(t.settings().evictionRetryInterval()));
            Finding finding = result.finding();
            if (finding == null) {
                stuck.remove(pod.ref());
            } else {
                stuck.put(pod.ref(), new Finding(finding.reason(), pod.ref() + (finding.detail() == null ? "" : ": " + finding.detail())));
            }
        }
        plan.terminating().forEach(pod -> present.add(pod.ref()));
        stuck.keySet().retainAll(present);
        if (plan.podsLeft() != reportedPodsLeft) {
            reportedPodsLeft = plan.podsLeft();
            t.outbox().emit(t.reports().of(command, ProgressPhase.DRAIN_PROGRESS)
                    .setPodsLeft(plan.podsLeft()).setBlockingPods(new ArrayList<>(stuck.keySet()))
                    .setWasCordonedBefore(wasCordonedBefore).setReasons(Reports.reasons(stuck.values())).build());
        }
    }

    private void recordFailure(DrainPlan plan, Finding cause) {
        List<String> pods = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        findings.add(cause);
        for (DrainPlan.Refused refused : plan.refused()) {
            pods.add(refused.pod().ref());
            findings.add(refused.finding());
        }
        for (PodFacts pod : plan.toEvict()) {
            pods.add(pod.ref());
            findings.add(stuck.getOrDefault(pod.ref(), ExecutorReason.POD_NOT_EVICTED_YET.because(pod.ref())));
        }
        for (PodFacts pod : plan.terminating()) {
            pods.add(pod.ref());
            findings.add(ExecutorReason.POD_TERMINATING.because(pod.ref()));
        }
        blockingPods = List.copyOf(pods);
        failure = List.copyOf(findings);
    }

    /** kured's force-reboot: the failed drain is reported as done, so the reboot follows. */
    private Optional<Duration> forced() {
        List<Finding> reasons = new ArrayList<>();
        reasons.add(ExecutorReason.FORCED_REBOOT.because(blockingPods.size() + " pod(s) still on the node"));
        reasons.addAll(failure);
        record("forced");
        t.outbox().emit(t.reports().of(command, ProgressPhase.DRAINED)
                .setPodsLeft(blockingPods.size()).setBlockingPods(blockingPods)
                .setWasCordonedBefore(wasCordonedBefore).setReasons(Reports.reasons(reasons)).build());
        return Activity.finished();
    }

    /**
     * Runs until the restore patch went through, each try deciding on the node as it is then (an
     * administrator's cordon is never lifted). The failure is reported after the restore, or at
     * once with UNCORDON_FAILED when the restore fails; the node then stays cordoned, which is
     * safe, and the restore is tried again every poll interval until it goes through (UNCORDONED).
     */
    private Optional<Duration> restore() {
        Optional<NodeFacts> read = restoreNode(false, uncordonFailed -> {
            if (!failureReported) {
                List<Finding> reasons = new ArrayList<>(failure);
                reasons.add(uncordonFailed);
                reportFailure(reasons);
            }
        });
        boolean uncordoned = read.map(n -> NodeChanges.restore(n, t.settings().nodeMarks(), false).uncordons()).orElse(false);
        if (!failureReported) {
            reportFailure(failure);
        }
        if (uncordoned) {
            t.outbox().emit(t.reports().of(command, ProgressPhase.UNCORDONED).build());
        }
        return Activity.finished();
    }

    private void reportFailure(List<Finding> reasons) {
        failureReported = true;
        record("failed");
        t.outbox().emit(t.reports().of(command, ProgressPhase.DRAIN_FAILED)
                .setPodsLeft(blockingPods.size()).setBlockingPods(blockingPods)
                .setWasCordonedBefore(wasCordonedBefore).setReasons(Reports.reasons(reasons)).build());
    }

    /** Before the report, so whoever sees the report also sees the metric. */
    private void record(String outcome) {
        t.metrics().timer(ExecutorMetrics.DRAIN_DURATION, "outcome", outcome).record(Duration.between(started, t.now()));
    }
}
