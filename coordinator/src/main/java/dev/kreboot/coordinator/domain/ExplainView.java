package dev.kreboot.coordinator.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why each node is where it is, and every budget per group: read-only answers for the API and
 * {@code kreboot explain}, computed with the same {@link GrantRule}, {@link HealthGate} and
 * {@link Deadlines} the decisions use, so the explanation cannot drift from the behaviour.
 */
final class ExplainView {
    private ExplainView() {
    }

    static Explanation explain(FleetState s, String node, Instant now) {
        return explain(s, node, now, GrantRule.usage(s, now), GrantRule.windowReasons(s, now), s.slotsInUse(),
                s.readiness());
    }

    static Map<String, Explanation> explainAll(FleetState s, Instant now) {
        BudgetUsage usage = GrantRule.usage(s, now);
        List<BlockReason> window = GrantRule.windowReasons(s, now);
        int inUse = s.slotsInUse();
        FleetState.Readiness readiness = s.readiness();
        Map<String, Explanation> all = new TreeMap<>();
        for (String node : s.nodes.keySet()) {
            all.put(node, explain(s, node, now, usage, window, inUse, readiness));
        }
        return all;
    }

    private static Explanation explain(FleetState s, String node, Instant now, BudgetUsage usage,
                                       List<BlockReason> window, int inUse, FleetState.Readiness readiness) {
        NodeRecord n = s.nodes.getOrDefault(node, NodeRecord.unknown(node, now));
        List<BlockReason> reasons = new ArrayList<>();
        Phase phase = n.effectivePhase();
        if (n.phase() == Phase.STUCK) {
            reasons.add(BlockReason.STUCK);
        }
        switch (phase) {
            case IDLE, DONE -> reasons.add(BlockReason.NOT_REQUIRED);
            case FAILED -> reasons.add(BlockReason.FAILED_IN_THIS_BOOT);
            case REQUESTED -> {
                if (!s.caughtUp) {
                    reasons.add(BlockReason.BLOCKERS_NOT_EVALUATED);
                }
                reasons.addAll(GrantRule.candidateReasons(s, n, now, usage, window, inUse, readiness));
            }
            case DRAINING -> reasons.add(BlockReason.AWAITING_DRAIN);
            case DRAINED -> reasons.addAll(GrantRule.blockerReasons(s, n.node(), GrantRule.later(n.phaseSince(),
                    now.minus(s.policy.blockerMaxAge())), new ArrayList<>(), readiness));
            case REBOOTING -> reasons.add(BlockReason.AWAITING_REBOOT);
            case REBOOTED -> reasons.addAll(n.backSince() == null ? List.of(BlockReason.AWAITING_READY)
                    : HealthGate.reasons(s, n, now));
            default -> {
                // STUCK is never an effective phase
            }
        }
        return new Explanation(node, n.phase(), n.rebootId(), n.phaseSince(), Deadlines.of(s, n), reasons);
    }

    static List<BudgetStatus> budgets(FleetState s, Instant now) {
        BudgetUsage usage = GrantRule.usage(s, now);
        List<BudgetStatus> out = new ArrayList<>();
        List<Budget> all = s.policy.budgets();
        List<BudgetUsage.Row> rows = usage.rows();
        for (int i = 0; i < all.size(); i++) {
            Budget b = all.get(i);
            boolean any = false;
            for (BudgetUsage.Row row : rows) {
                if (row.budget() == b) {
                    any = true;
                    out.add(new BudgetStatus(i, b.toString(), row.group(), true, row.eligible(), row.out(),
                            row.allowed()));
                }
            }
            if (!any) {
                out.add(new BudgetStatus(i, b.toString(), "", b.activeAt(now), 0, 0, b.allowed(0)));
            }
        }
        return out;
    }
}
