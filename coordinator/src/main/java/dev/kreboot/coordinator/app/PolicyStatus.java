package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.BudgetStatus;
import dev.kreboot.coordinator.domain.Phase;
import dev.kreboot.schemas.RebootPolicies;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The RebootPolicy's {@code status}, as plain JSON maps, from the same {@link NodesView} as
 * {@code GET /nodes} (so {@code status.nodes} is that endpoint's {@code nodes}, element for
 * element) plus the budgets and the policy in force. Pure: the adapter only writes the result.
 *
 * <p>The object must stay under etcd's 1.5 MiB request limit on the largest cluster, so
 * {@code nodes} lists at most {@code maxNodes} nodes and at most {@link #MAX_NODES_BYTES} of JSON
 * (a node with reasons takes a few hundred bytes, with every reason at once about 3 KiB): when not
 * all fit, the most pressing are kept (STUCK, then those holding a slot, FAILED, REQUESTED, DONE,
 * IDLE; within a phase the view's order), listed in the view's order, and {@code nodesNotListed}
 * counts the others by phase. The Degraded condition names at most {@link #STUCK_NAMES_SHOWN}
 * stuck nodes. The summary and conditions always count every node.
 *
 * <p>{@code blockers} and {@code healthGate} say, one line each, what the adapters in force check
 * (whether they came from the resource or the environment), so nobody has to guess which alert
 * blocker a resource without {@code spec.blockers} kept.
 *
 * <p>Summary counts (the printer columns): {@code needingReboot} every node requested or in
 * flight; {@code inProgress} the nodes holding a slot (STUCK included: it keeps its slot);
 * {@code allowedNow} the tightest allowance of the active global budgets (null when none is
 * active); {@code blocked} the REQUESTED nodes with at least one reason.
 *
 * <p>Conditions (each keeps its {@code lastTransitionTime} while its status stays the same):
 * <ul>
 * <li>Ready: True when the newest generation of the resource is in force; False with
 *     {@code PolicyRefused} when it was refused (the message names the field; the older policy
 *     stays in force and the message says which).</li>
 * <li>Paused: True when grants are paused by {@code spec.paused} ({@code SpecPaused}) or by an
 *     operator or the automatic pause ({@code ControlPaused}).</li>
 * <li>Degraded: True when a node is STUCK or the newest generation was refused.</li>
 * </ul>
 */
public final class PolicyStatus {
    /** JSON bytes {@code status.nodes} may take; the rest of the status is a few KiB. */
    static final int MAX_NODES_BYTES = 1 << 20;
    static final int STUCK_NAMES_SHOWN = 20;

    private PolicyStatus() {
    }

    public static Map<String, Object> build(NodesView view, List<BudgetStatus> budgets, PolicyInForce.State policy,
                                            long observedGeneration, String leader, List<Map<String, Object>>
                                                    previousConditions, Instant now, int maxNodes) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("observedGeneration", observedGeneration);
        status.put("leader", leader);
        status.put("paused", view.paused());
        status.put("dryRun", view.dryRun());
        status.put("policySource", policy.source() == PolicyInForce.Source.RESOURCE ? "RebootPolicy" : "environment");
        status.put("generationInForce", policy.generation());
        status.put("summary", summary(view, budgets));
        status.put("budgets", budgets.stream().map(PolicyStatus::budget).toList());
        status.put("blockers", policy.ports().blockers().stream().map(Blocker::describe).toList());
        if (policy.ports().health() != null) {
            status.put("healthGate", policy.ports().health().describe());
        }
        SortedMap<Integer, Map<String, Object>> listed = listed(view.nodes(), maxNodes);
        status.put("nodes", List.copyOf(listed.values()));
        if (listed.size() < view.nodes().size()) {
            status.put("nodesNotListed", notListed(view.nodes(), listed.keySet()));
        }
        status.put("conditions", conditions(view, policy, observedGeneration, previousConditions, now));
        return status;
    }

    /**
     * The entries the status lists, by their position in the view: the most pressing first, until
     * {@code max} nodes or {@link #MAX_NODES_BYTES} of JSON.
     */
    static SortedMap<Integer, Map<String, Object>> listed(List<NodesView.Node> nodes, int max) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> urgency(Phase.valueOf(nodes.get(i).phase())))
                .thenComparingInt(i -> i));
        SortedMap<Integer, Map<String, Object>> listed = new TreeMap<>();
        long bytes = 2;
        for (int i : order) {
            if (listed.size() == max) {
                break;
            }
            Map<String, Object> entry = node(nodes.get(i));
            long size = JsonSize.of(entry) + 1;
            if (bytes + size > MAX_NODES_BYTES) {
                break;
            }
            bytes += size;
            listed.put(i, entry);
        }
        return listed;
    }

    /** Lower first: what an operator looks at first when not every node fits. */
    static int urgency(Phase phase) {
        return switch (phase) {
            case STUCK -> 0;
            case DRAINING, DRAINED, REBOOTING, REBOOTED -> 1;
            case FAILED -> 2;
            case REQUESTED -> 3;
            case DONE -> 4;
            case IDLE -> 5;
        };
    }

    private static Map<String, Object> notListed(List<NodesView.Node> nodes, Set<Integer> listed) {
        Map<String, Integer> counts = new TreeMap<>();
        for (NodesView.Node n : nodes) {
            counts.merge(n.phase(), 1, Integer::sum);
        }
        for (int i : listed) {
            counts.merge(nodes.get(i).phase(), -1, Integer::sum);
        }
        counts.values().removeIf(c -> c == 0);
        return new LinkedHashMap<>(counts);
    }

    static Map<String, Object> summary(NodesView view, List<BudgetStatus> budgets) {
        int needing = 0;
        int inProgress = 0;
        int blocked = 0;
        for (NodesView.Node n : view.nodes()) {
            Phase phase = Phase.valueOf(n.phase());
            if (phase != Phase.IDLE && phase != Phase.DONE && phase != Phase.FAILED) {
                needing++;
            }
            if (phase.holdsSlot()) {
                inProgress++;
            }
            if (phase == Phase.REQUESTED && !n.reasons().isEmpty()) {
                blocked++;
            }
        }
        Integer allowed = budgets.stream().filter(b -> b.active() && b.group().isEmpty())
                .map(BudgetStatus::allowed).min(Integer::compare).orElse(null);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("nodes", view.nodes().size());
        s.put("needingReboot", needing);
        s.put("inProgress", inProgress);
        s.put("allowedNow", allowed);
        s.put("blocked", blocked);
        return s;
    }

    /**
     * Field for field what {@code GET /nodes} serialises: Micronaut Serialization's default
     * inclusion is NON_EMPTY, so null fields and an empty reason list are left out here too
     * ({@code NodesViewParityTest} holds the two to it).
     */
    public static Map<String, Object> node(NodesView.Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", n.node());
        m.put("phase", n.phase());
        putIfSet(m, "rebootId", n.rebootId());
        putIfSet(m, "phaseSince", n.phaseSince());
        putIfSet(m, "deadline", n.deadline());
        List<Map<String, Object>> reasons = new ArrayList<>();
        for (NodesView.Reason r : n.reasons()) {
            Map<String, Object> reason = new LinkedHashMap<>();
            reason.put("code", r.code());
            reason.put("message", r.message());
            reasons.add(reason);
        }
        if (!reasons.isEmpty()) {
            m.put("reasons", reasons);
        }
        return m;
    }

    private static Map<String, Object> budget(BudgetStatus b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", b.index());
        m.put("budget", b.budget());
        m.put("group", b.group());
        m.put("active", b.active());
        m.put("eligible", b.eligible());
        m.put("inUse", b.inUse());
        m.put("allowed", b.allowed());
        return m;
    }

    private static List<Map<String, Object>> conditions(NodesView view, PolicyInForce.State policy, long generation,
                                                        List<Map<String, Object>> previous, Instant now) {
        List<Map<String, Object>> out = new ArrayList<>();
        String inForce = policy.source() == PolicyInForce.Source.RESOURCE
                ? "generation " + policy.generation() + " of the RebootPolicy" : "the environment's policy";
        if (policy.refusal() != null) {
            out.add(condition(RebootPolicies.READY, false, "PolicyRefused", "generation " + policy.refusedGeneration()
                    + " refused: " + policy.refusal() + "; " + inForce + " stays in force", generation, previous, now));
        } else {
            out.add(condition(RebootPolicies.READY, true, "PolicyInForce", inForce + " is in force", generation,
                    previous, now));
        }
        if (policy.paused()) {
            out.add(condition(RebootPolicies.PAUSED, true, "SpecPaused", "spec.paused is true: no grant, no reboot",
                    generation, previous, now));
        } else if (view.paused()) {
            out.add(condition(RebootPolicies.PAUSED, true, "ControlPaused",
                    "paused by an operator (control topic) or after too many consecutive failures; resume to "
                            + "continue", generation, previous, now));
        } else {
            out.add(condition(RebootPolicies.PAUSED, false, "Running", "grants are not paused", generation, previous,
                    now));
        }
        List<String> stuck = view.nodes().stream().filter(n -> Phase.STUCK.name().equals(n.phase()))
                .map(NodesView.Node::node).toList();
        if (!stuck.isEmpty()) {
            String names = String.join(", ", stuck.subList(0, Math.min(stuck.size(), STUCK_NAMES_SHOWN)))
                    + (stuck.size() > STUCK_NAMES_SHOWN ? " and " + (stuck.size() - STUCK_NAMES_SHOWN) + " more" : "");
            out.add(condition(RebootPolicies.DEGRADED, true, "NodesStuck", stuck.size() + " node(s) past a phase "
                    + "deadline, keeping their slots: " + names, generation, previous, now));
        } else if (policy.refusal() != null) {
            out.add(condition(RebootPolicies.DEGRADED, true, "PolicyRefused", "the newest generation was refused",
                    generation, previous, now));
        } else {
            out.add(condition(RebootPolicies.DEGRADED, false, "Healthy", "no node stuck, policy in force", generation,
                    previous, now));
        }
        return out;
    }

    private static Map<String, Object> condition(String type, boolean status, String reason, String message,
                                                 long generation, List<Map<String, Object>> previous, Instant now) {
        String value = status ? "True" : "False";
        String since = now.toString();
        for (Map<String, Object> p : previous) {
            if (type.equals(p.get("type")) && value.equals(p.get("status")) && p.get("lastTransitionTime") != null) {
                since = String.valueOf(p.get("lastTransitionTime"));
            }
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", type);
        c.put("status", value);
        c.put("reason", reason);
        c.put("message", message);
        c.put("observedGeneration", generation);
        c.put("lastTransitionTime", since);
        return c;
    }

    private static void putIfSet(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
