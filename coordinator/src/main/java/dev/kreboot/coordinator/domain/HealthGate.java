package dev.kreboot.coordinator.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Coordinator}'s rule 5: a node reported back keeps its slot until it is Ready, its
 * soak time has passed and, if configured, a health query evaluated after the soak came back
 * clear. Then it is DONE and its slot is free.
 */
final class HealthGate {
    private HealthGate() {
    }

    static void pass(FleetState s, Instant now, List<Output> out) {
        for (NodeRecord n : List.copyOf(s.nodes.values())) {
            if (n.effectivePhase() == Phase.REBOOTED && n.backSince() != null && reasons(s, n, now).isEmpty()) {
                s.release(n.finished(now), out, List.of());
                s.succeeded();
            }
        }
    }

    /** What still holds a node that reported back; empty when it may go DONE. */
    static List<BlockReason> reasons(FleetState s, NodeRecord n, Instant now) {
        List<BlockReason> reasons = new ArrayList<>();
        Input.NodeObserved f = s.facts.get(n.node());
        if (f != null && !f.ready()) {
            reasons.add(BlockReason.AWAITING_READY);
        }
        Instant soaked = n.backSince().plus(s.policy.soak());
        if (now.isBefore(soaked)) {
            reasons.add(BlockReason.SOAKING);
        }
        if (s.policy.healthQuery()) {
            Input.HealthChecked h = s.health.get(n.node());
            if (h == null || h.at().isBefore(soaked) || !h.healthy()) {
                reasons.add(BlockReason.HEALTH_QUERY_NOT_EMPTY);
            }
        }
        return reasons;
    }
}
