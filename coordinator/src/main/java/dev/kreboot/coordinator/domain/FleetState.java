package dev.kreboot.coordinator.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the {@link Coordinator} knows, plus the few counts and announcements every rule
 * needs. The rules themselves ({@link PhaseMachine}, {@link GrantRule}, {@link Deadlines},
 * {@link HealthGate}, {@link ExplainView}) are functions of this state and {@code now}, holding
 * nothing of their own. One object, owned by the coordinator's single thread, so every rule sees
 * each fact as soon as it is absorbed: the rules' safety depends on that, not on the order they
 * run in.
 */
final class FleetState {
    /** The policy in force; swapped only between two decisions ({@link Coordinator#usePolicy}). */
    Policy policy;
    final Map<String, NodeRecord> nodes = new TreeMap<>();
    final Map<String, Input.NodeObserved> facts = new HashMap<>();
    final Map<String, Input.BlockersEvaluated> verdicts = new HashMap<>();
    final Map<String, Input.HealthChecked> health = new HashMap<>();
    /** Manual requests by node: the boot they ask to leave; a status from that boot does not cancel them. */
    final Map<String, String> manual = new HashMap<>();
    long nextCommandSeq = 1;
    boolean caughtUp;
    boolean rolloutActive;
    boolean rolloutHadSuccess;
    boolean paused;
    boolean autoPaused;
    /** Held by the policy resource ({@code spec.paused}), apart from the operator's and the automatic pause. */
    boolean policyPaused;
    int consecutiveFailures;
    Instant lastNow = Instant.EPOCH;

    FleetState(Policy policy) {
        this.policy = policy;
    }

    /** Eligible nodes and how many of them are NotReady, counted once per pass. */
    record Readiness(int eligible, int notReady) {
    }

    Readiness readiness() {
        int eligible = 0;
        int notReady = 0;
        for (Input.NodeObserved f : facts.values()) {
            if (!f.deleted()) {
                eligible++;
                if (!f.ready()) {
                    notReady++;
                }
            }
        }
        return new Readiness(Math.max(eligible, nodes.size()), notReady);
    }

    Set<String> eligibleNodes() {
        Set<String> names = new HashSet<>(nodes.keySet());
        for (Input.NodeObserved f : facts.values()) {
            if (f.deleted()) {
                names.remove(f.node());
            } else {
                names.add(f.node());
            }
        }
        return names;
    }

    int slotsInUse() {
        return (int) nodes.values().stream().filter(n -> n.phase().holdsSlot()).count();
    }

    /** The tightest allowance of the global budgets active at the last input's time. */
    int slotsAllowed() {
        int eligible = eligibleNodes().size();
        return policy.budgets().stream().filter(b -> !b.grouped() && b.activeAt(lastNow))
                .mapToInt(b -> b.allowed(eligible)).min().orElse(eligible);
    }

    Output.Announce announce(Output.Kind kind, String node, String rebootId, List<BlockReason> reasons) {
        return new Output.Announce(kind, node, rebootId, reasons, slotsInUse(), slotsAllowed());
    }

    /** Stores {@code next} (a phase without a slot) and announces the slot its node held as free. */
    void release(NodeRecord next, List<Output> out, List<BlockReason> reasons) {
        String rebootId = nodes.get(next.node()).rebootId();
        nodes.put(next.node(), next);
        out.add(announce(Output.Kind.SLOT_RELEASED, next.node(), rebootId, reasons));
    }

    void succeeded() {
        consecutiveFailures = 0;
        rolloutHadSuccess = true;
    }

    /** Counts a failure; the one that reaches {@code maxConsecutiveFailures} pauses the rollout. */
    void failed(List<Output> out) {
        consecutiveFailures++;
        int limit = policy.maxConsecutiveFailures();
        if (limit > 0 && consecutiveFailures >= limit && !autoPaused) {
            autoPaused = true;
            out.add(announce(Output.Kind.PAUSED, "*", null, List.of(BlockReason.AUTO_PAUSED)));
        }
    }
}
