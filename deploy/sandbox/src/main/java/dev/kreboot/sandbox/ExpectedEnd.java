package dev.kreboot.sandbox;

import dev.kreboot.schemas.Decision;
import dev.kreboot.schemas.DecisionType;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * When a scenario's rollout is over as the scenario expects (SANDBOX.md's "expected end"), read
 * from the event log, and the scenario-specific expectations checked after it: no grant while an
 * alert fires or before the window opens, a failover that happened and repeated no grant.
 */
record ExpectedEnd(ScenarioPlan plan, List<String> needing, int allowed, EventLog log, long seed) {

    /**
     * Every node ended as expected and the coordinator said the rollout is over (nothing more is
     * coming). A STUCK node keeps its slot, so a never-returns rollout has no ROLLOUT_FINISHED.
     */
    boolean reached() {
        return needing.stream().allMatch(this::ended)
                && (plan.neverReturns() != null || othersWait(plan, allowed) || rolloutFinished(log));
    }

    /** The node's episode is over as the scenario expects: completed, or (PDB-blocked) its drain failed. */
    private boolean ended(String node) {
        if (node.equals(plan.neverReturns())) {
            return stuck(log).contains(node);
        }
        if (othersWait(plan, allowed)) {
            // The documented rules with a budget of 1: a STUCK node keeps the only slot; a node an
            // admin keeps cordoned is out for the budget (out for any reason counts). The others
            // wait (or went first, before the coordinator saw the cordon).
            return plan.neverReturns() != null ? stuck(log).contains(plan.neverReturns())
                    : completedAt(log, plan.preCordoned()) > 0 && (node.equals(plan.preCordoned())
                    || completedAt(log, node) > 0 || blocked(log, node));
        }
        if (node.equals(plan.pdbBlocked())) {
            return !log.about(node, e -> e.value() instanceof NodeProgress p
                    && p.getPhase() == ProgressPhase.DRAIN_FAILED).isEmpty();
        }
        return completedAt(log, node) > 0;
    }

    /** Whether a scenario's node keeps the budget's only slot, so the other nodes are expected to wait. */
    static boolean othersWait(ScenarioPlan plan, int allowed) {
        return allowed == 1 && (plan.neverReturns() != null || plan.preCordoned() != null);
    }

    /**
     * The scenario's own expectations, each a violation naming the seed.
     *
     * @param alertClearedAtMs when the firing alert cleared (epoch ms; 0 or less: it did not fire or never cleared)
     * @param windowOpensAt    when the reboot window opened (epoch ms; 0: always open)
     * @param leaderKilledAtMs when the leading coordinator was killed (epoch ms; 0: it was not)
     */
    List<String> scenarioViolations(long alertClearedAtMs, long windowOpensAt, long leaderKilledAtMs) {
        List<String> violations = new ArrayList<>();
        long firstDrain = log.matching(e -> e.value() instanceof DrainCommand).stream()
                .mapToLong(EventLog.Entry::timestampMs).min().orElse(Long.MAX_VALUE);
        if (alertClearedAtMs > 0 && firstDrain < alertClearedAtMs) {
            violations.add("a slot was granted " + (alertClearedAtMs - firstDrain)
                    + " ms before the firing alert cleared (seed " + seed + ")");
        }
        if (windowOpensAt > 0 && firstDrain < windowOpensAt) {
            violations.add("a slot was granted " + (windowOpensAt - firstDrain)
                    + " ms before the reboot window opened (seed " + seed + ")");
        }
        if (plan.coordinatorFailover()) {
            if (leaderKilledAtMs == 0) {
                violations.add("coordinator-failover: the leader was never killed (seed " + seed + ")");
            }
            violations.addAll(repeatedGrants());
        }
        return violations;
    }

    /** Every rebootId is granted once and gets at most one Drain and one Reboot command. */
    private List<String> repeatedGrants() {
        List<String> problems = new ArrayList<>();
        Map<String, Long> drains = log.matching(e -> e.value() instanceof DrainCommand).stream().collect(
                Collectors.groupingBy(e -> ((DrainCommand) e.value()).getHeader().getRebootId(), Collectors.counting()));
        Map<String, Long> grants = log.matching(e -> e.value() instanceof Decision d && d.getType() == DecisionType.SLOT_GRANTED)
                .stream().collect(Collectors.groupingBy(e -> ((Decision) e.value()).getHeader().getRebootId(),
                        Collectors.counting()));
        drains.forEach((rebootId, n) -> {
            if (n > 1) {
                problems.add("reboot " + rebootId + " got " + n + " Drain commands (seed " + seed + ")");
            }
        });
        grants.forEach((rebootId, n) -> {
            if (n > 1) {
                problems.add("reboot " + rebootId + " was granted " + n + " times (seed " + seed + ")");
            }
        });
        return problems;
    }

    /** When {@code node} first reported COMPLETED (broker time, epoch ms), 0 when it never did. */
    static long completedAt(EventLog log, String node) {
        return log.about(node, e -> e.value() instanceof NodeProgress p
                && p.getPhase() == ProgressPhase.COMPLETED).stream().mapToLong(EventLog.Entry::timestampMs).min().orElse(0);
    }

    private static boolean blocked(EventLog log, String node) {
        return !log.about(node, e -> e.value() instanceof Decision d
                && d.getType() == DecisionType.REBOOT_BLOCKED).isEmpty();
    }

    /** The nodes the coordinator declared STUCK, sorted. */
    static List<String> stuck(EventLog log) {
        return log.matching(e -> e.value() instanceof Decision d && d.getType() == DecisionType.NODE_STUCK).stream()
                .map(EventLog.Entry::node).distinct().sorted().toList();
    }

    private static boolean rolloutFinished(EventLog log) {
        long lastEnd = log.matching(e -> e.value() instanceof NodeProgress p && (p.getPhase() == ProgressPhase.COMPLETED
                || p.getPhase() == ProgressPhase.DRAIN_FAILED)).stream().mapToLong(EventLog.Entry::timestampMs).max().orElse(0);
        return log.matching(e -> e.value() instanceof Decision d && d.getType() == DecisionType.ROLLOUT_FINISHED
                && e.timestampMs() >= lastEnd).size() > 0;
    }
}
