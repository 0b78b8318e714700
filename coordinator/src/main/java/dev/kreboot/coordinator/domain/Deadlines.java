package dev.kreboot.coordinator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The {@link Coordinator}'s rule 6: a node longer than its phase's deadline in DRAINING,
 * REBOOTING or REBOOTED (the ready deadline plus the soak) becomes STUCK and is announced
 * NODE_STUCK. STUCK keeps its slot: the node may be down or cordoned, and freeing the slot
 * silently is how kured lets a second node in while the first is still out.
 */
final class Deadlines {
    private Deadlines() {
    }

    static void expire(FleetState s, Instant now, List<Output> out) {
        for (NodeRecord n : List.copyOf(s.nodes.values())) {
            Instant deadline = of(s, n);
            if (n.phase() != Phase.STUCK && deadline != null && !now.isBefore(deadline)) {
                s.nodes.put(n.node(), n.stuck(now));
                out.add(s.announce(Output.Kind.NODE_STUCK, n.node(), n.rebootId(), List.of(BlockReason.STUCK)));
                s.failed(out);
            }
        }
    }

    /** When {@code n} becomes STUCK if nothing moves it on; null when its phase has no deadline. */
    static Instant of(FleetState s, NodeRecord n) {
        Phase phase = n.effectivePhase();
        if (phase == null) {
            return null;
        }
        Duration limit = s.policy.deadlines().of(phase);
        if (limit.isZero() || limit.isNegative()) {
            return null;
        }
        if (phase == Phase.REBOOTED) {
            limit = limit.plus(s.policy.soak());
        }
        return n.phase() == Phase.STUCK ? null : n.phaseSince().plus(limit);
    }
}
