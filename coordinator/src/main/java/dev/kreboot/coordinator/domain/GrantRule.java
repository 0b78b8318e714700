package dev.kreboot.coordinator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Who may go out next and why not: the {@link Coordinator}'s rules 4 and 8-11. A REQUESTED node
 * is granted a slot when no reason blocks it (window and drain margin, pause, blockers, max
 * NotReady, canary, every active budget); a DRAINED node gets its Reboot once the pre-reboot
 * checks pass. The same reasons feed the {@link ExplainView}, so what {@code /explain} says is
 * what a grant would decide.
 */
final class GrantRule {
    private GrantRule() {
    }

    /** Rule 4: a drained node reboots once the blockers, evaluated after it drained, are clear. */
    static void rebootDrained(FleetState s, Instant now, List<Output> out) {
        for (NodeRecord n : List.copyOf(s.nodes.values())) {
            if (n.phase() == Phase.DRAINED && rebootReasons(s, n, now).isEmpty()) {
                s.nodes.put(n.node(), n.phase(Phase.REBOOTING, now));
                out.add(new Output.SendReboot(n.node(), n.rebootId(), n.bootIdToLeave(), s.nextCommandSeq++));
            }
        }
    }

    /** Pre-reboot checks of a drained node: the blockers again, evaluated after it drained. */
    static List<BlockReason> rebootReasons(FleetState s, NodeRecord n, Instant now) {
        Instant since = later(n.phaseSince(), now.minus(s.policy.blockerMaxAge()));
        return blockerReasons(s, n.node(), since, new ArrayList<>(), s.readiness());
    }

    /** Rules 8-11: grants in request order, announcing ROLLOUT_STARTED, SLOT_GRANTED or what blocks. */
    static void grant(FleetState s, Instant now, List<Output> out) {
        List<NodeRecord> queue = s.nodes.values().stream()
                .filter(n -> n.phase() == Phase.REQUESTED)
                .sorted(Comparator.comparing(NodeRecord::requestedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(NodeRecord::node))
                .toList();
        if (queue.isEmpty()) {
            return;
        }
        BudgetUsage usage = usage(s, now);
        List<BlockReason> windowReasons = windowReasons(s, now);
        FleetState.Readiness readiness = s.readiness();
        // Counted once per pass: a pass over thousands of queued nodes must stay linear.
        int inUse = s.slotsInUse();
        int allowed = s.slotsAllowed();
        for (NodeRecord candidate : queue) {
            List<BlockReason> reasons = candidateReasons(s, candidate, now, usage, windowReasons, inUse, readiness);
            if (reasons.isEmpty()) {
                if (!s.rolloutActive) {
                    s.rolloutActive = true;
                    s.rolloutHadSuccess = false;
                    out.add(s.announce(Output.Kind.ROLLOUT_STARTED, "*", null, List.of()));
                }
                String rebootId = Coordinator.rebootId(candidate.node(), candidate.bootId());
                s.nodes.put(candidate.node(), candidate.granted(rebootId, now));
                usage.take(candidate.node());
                inUse++;
                out.add(new Output.SendDrain(candidate.node(), rebootId, candidate.bootId(), s.nextCommandSeq++));
                out.add(new Output.Announce(Output.Kind.SLOT_GRANTED, candidate.node(), rebootId, List.of(), inUse,
                        allowed));
            } else if (!reasons.equals(candidate.blockedBy())) {
                s.nodes.put(candidate.node(), candidate.blocked(reasons));
                out.add(new Output.Announce(Output.Kind.REBOOT_BLOCKED, candidate.node(), null, reasons, inUse,
                        allowed));
            }
        }
    }

    /** Everything that keeps {@code candidate} from a slot now; empty means it is granted. */
    static List<BlockReason> candidateReasons(FleetState s, NodeRecord candidate, Instant now, BudgetUsage usage,
                                              List<BlockReason> windowReasons, int inUse,
                                              FleetState.Readiness readiness) {
        List<BlockReason> reasons = new ArrayList<>();
        Input.NodeObserved f = s.facts.get(candidate.node());
        if (f != null && f.deleted()) {
            reasons.add(BlockReason.NODE_DELETED);
        }
        reasons.addAll(windowReasons);
        blockerReasons(s, candidate.node(), now.minus(s.policy.blockerMaxAge()), reasons, readiness);
        if (s.policy.canary() && !s.rolloutHadSuccess && inUse > 0) {
            reasons.add(BlockReason.CANARY_IN_PROGRESS);
        }
        reasons.addAll(usage.reasons(candidate.node()));
        if (reasons.isEmpty() && s.policy.dryRun()) {
            reasons.add(BlockReason.DRY_RUN);
        }
        return reasons;
    }

    /** Pause, blocker verdicts newer than {@code evaluatedSince}, and max NotReady, added to {@code reasons}. */
    static List<BlockReason> blockerReasons(FleetState s, String node, Instant evaluatedSince,
                                            List<BlockReason> reasons, FleetState.Readiness readiness) {
        if (s.paused) {
            reasons.add(BlockReason.PAUSED);
        }
        if (s.autoPaused) {
            reasons.add(BlockReason.AUTO_PAUSED);
        }
        if (s.policyPaused) {
            reasons.add(BlockReason.POLICY_PAUSED);
        }
        if (s.policy.blockerChecks()) {
            verdict(s, Input.BlockersEvaluated.CLUSTER, evaluatedSince, reasons);
            verdict(s, node, evaluatedSince, reasons);
        }
        if (s.policy.maxNotReady() != null) {
            Input.NodeObserved self = s.facts.get(node);
            boolean selfNotReady = self != null && !self.deleted() && !self.ready();
            int notReadyOthers = readiness.notReady() - (selfNotReady ? 1 : 0);
            if (notReadyOthers >= s.policy.maxNotReady().allowed(readiness.eligible())) {
                reasons.add(BlockReason.TOO_MANY_NOT_READY);
            }
        }
        return reasons;
    }

    private static void verdict(FleetState s, String scope, Instant evaluatedSince, List<BlockReason> reasons) {
        Input.BlockersEvaluated v = s.verdicts.get(scope);
        if (v == null || v.at().isBefore(evaluatedSince)) {
            if (!reasons.contains(BlockReason.BLOCKERS_NOT_EVALUATED)) {
                reasons.add(BlockReason.BLOCKERS_NOT_EVALUATED);
            }
            return;
        }
        for (BlockReason r : v.reasons()) {
            if (!reasons.contains(r)) {
                reasons.add(r);
            }
        }
    }

    static List<BlockReason> windowReasons(FleetState s, Instant now) {
        if (!s.policy.window().contains(now)) {
            return List.of(BlockReason.OUTSIDE_WINDOW);
        }
        Instant closes = s.policy.window().closesAfter(now);
        if (closes != null && !s.policy.drainMargin().isZero()
                && Duration.between(now, closes).compareTo(s.policy.drainMargin()) < 0) {
            return List.of(BlockReason.WINDOW_CLOSING);
        }
        return List.of();
    }

    /** The budgets active at {@code now}, with every eligible node counted out or in. */
    static BudgetUsage usage(FleetState s, Instant now) {
        List<Budget> active = s.policy.budgets().stream().filter(b -> b.activeAt(now)).toList();
        BudgetUsage usage = new BudgetUsage(active);
        for (String node : s.eligibleNodes()) {
            Input.NodeObserved f = s.facts.get(node);
            NodeRecord r = s.nodes.get(node);
            boolean out = (r != null && r.phase().holdsSlot()) || (f != null && (!f.ready() || f.unschedulable()));
            usage.add(node, f == null ? Map.of() : f.labels(), out);
        }
        return usage;
    }

    static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
