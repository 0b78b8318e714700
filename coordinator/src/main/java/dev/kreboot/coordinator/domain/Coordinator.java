package dev.kreboot.coordinator.domain;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The coordinator's state machine: {@code apply(input, now)} updates the per-node records and
 * returns what must be published. Deterministic: the same inputs at the same instants give the
 * same outputs, which is what lets the state be rebuilt by replaying Kafka. Time is only ever the
 * {@code now} passed in. Not thread-safe: one thread (the runtime's) owns it.
 *
 * <p>Rules, applied on every input (or batch of inputs, {@link #applyAll}):
 * <ol>
 * <li>A status is ignored unless its sequence is newer than the last one from the same sensor
 *     instance (duplicates and reordering on the wire are harmless; a new instance starts afresh),
 *     and ignored when it comes from a boot that a finished reboot left (a late report of an
 *     episode already served: no double reboot).</li>
 * <li>A node whose status says a reboot is required, and which is IDLE, DONE or FAILED, becomes
 *     REQUESTED, unless its last attempt failed in this same boot. A REQUESTED node whose status
 *     says no reboot is required goes back to IDLE. The request time is kept while the node stays
 *     requested (NotReady or not): oldest request first.</li>
 * <li>A REBOOTED or COMPLETED report, even a stale one, records the boot it left. Otherwise
 *     progress counts only for the node's current rebootId; anything else is stale. DRAINED makes
 *     the node DRAINED; COMPLETED starts the health gate (or, without one, makes the node DONE and
 *     frees the slot); DRAIN_FAILED or FAILED make it FAILED and free the slot. A STUCK node
 *     follows the same rules for the phase it overran: a late report moves it on.</li>
 * <li>A DRAINED node gets its Reboot command once the pre-reboot checks pass: not paused, max
 *     NotReady respected and, when blocker adapters are configured, a clear verdict for the
 *     cluster and the node evaluated after it drained (blockers are checked again before the
 *     reboot, not only before the grant). The window is not checked again: a drain that started
 *     in the window finishes (see the drain margin).</li>
 * <li>Health gate: a node reported back keeps its slot until it is Ready, its soak time has
 *     passed and, if configured, a health query evaluated after the soak came back clear. Then it
 *     is DONE and its slot is free.</li>
 * <li>Deadlines: a node longer than its phase's deadline in DRAINING, REBOOTING or REBOOTED
 *     (ready deadline plus soak) becomes STUCK and is announced NODE_STUCK. <b>STUCK keeps its
 *     slot</b>: the node may be down or cordoned, and freeing the slot silently is how kured lets a
 *     second node in while the first is still out. The slot frees only when the node object is
 *     deleted, an operator releases it (then it is FAILED and not retried in this boot), or a
 *     late report moves it on.</li>
 * <li>A deleted node frees whatever slot it held, is not eligible, and counts in no budget.</li>
 * <li>Slots in use are the nodes in a slot-holding phase ({@link Phase#holdsSlot()}). For a budget,
 *     a node is out when it holds a slot, is NotReady or is unschedulable (Karpenter's rule: out
 *     for any reason counts). A grant needs, for every active budget, the out nodes of the
 *     candidate's group (all eligible nodes for a global budget), with the candidate, to fit in
 *     that budget's allowance: the most restrictive budget wins.</li>
 * <li>REQUESTED nodes are considered in order of request time, then name. A node is granted when
 *     nothing blocks it: the window is open (with the drain margin left), not paused, no blocker
 *     reason for the cluster or the node, max NotReady respected, no canary in progress (the first
 *     node of a rollout goes alone until it is DONE), every budget fits. Then a Drain command is
 *     sent, the node is DRAINING, SLOT_GRANTED is announced. Blocked nodes hold no slot.</li>
 * <li>In dry run, a node that would be granted is announced REBOOT_BLOCKED with DRY_RUN and no
 *     command is sent.</li>
 * <li>A REQUESTED node left waiting is announced REBOOT_BLOCKED with all its reasons, only when
 *     the reasons change.</li>
 * <li>After {@code maxConsecutiveFailures} failures in a row (FAILED, DRAIN_FAILED, STUCK; a DONE
 *     resets the count) the rollout pauses itself (PAUSED with AUTO_PAUSED) until an operator
 *     resumes.</li>
 * <li>Before {@link Input.CaughtUp} nothing is granted, no deadline fires and nothing is
 *     announced: the state is still being rebuilt and was announced when it happened.</li>
 * <li>ROLLOUT_STARTED accompanies a grant when nothing was in flight before; ROLLOUT_FINISHED
 *     is announced when nothing is in flight or queued any more.</li>
 * </ol>
 */
public final class Coordinator {
    private Policy policy;
    /** Held by the policy resource ({@code spec.paused}), apart from the operator's and the automatic pause. */
    private boolean policyPaused;
    private final Map<String, NodeRecord> nodes = new TreeMap<>();
    private final Map<String, Input.NodeObserved> facts = new HashMap<>();
    private final Map<String, Input.BlockersEvaluated> verdicts = new HashMap<>();
    private final Map<String, Input.HealthChecked> health = new HashMap<>();
    /** Manual requests by node: the boot they ask to leave; a status from that boot does not cancel them. */
    private final Map<String, String> manual = new HashMap<>();
    private long nextCommandSeq = 1;
    private boolean caughtUp;
    private boolean rolloutActive;
    private boolean rolloutHadSuccess;
    private boolean paused;
    private boolean autoPaused;
    private int consecutiveFailures;
    private Instant lastNow = Instant.EPOCH;

    public Coordinator(Budget budget) {
        this(Policy.of(Objects.requireNonNull(budget, "budget")));
    }

    public Coordinator(Policy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Swaps the policy in force; the next decision uses it. Between two decisions only, on the
     * owning thread, so no decision ever sees half of one policy and half of another. Nothing
     * is recomputed: slots already granted stay granted (a lower budget only stops new grants).
     */
    public void usePolicy(Policy next, boolean pausedByPolicy) {
        this.policy = Objects.requireNonNull(next, "policy");
        this.policyPaused = pausedByPolicy;
    }

    public List<Output> apply(Input input, Instant now) {
        return applyAll(List.of(input), now);
    }

    /**
     * Absorbs {@code inputs} in order, then decides once (grants, reboots, deadlines, gates): what
     * one input at a time would decide after the last of them, for one pass over the nodes instead
     * of one per input. The runtime hands it a poll's worth of records, which is what keeps a
     * burst of status events over thousands of nodes linear. Safety does not depend on the batch
     * size (property-tested): each decision sees every fact absorbed before it.
     */
    public List<Output> applyAll(List<? extends Input> inputs, Instant now) {
        lastNow = now;
        List<Output> out = new ArrayList<>();
        for (Input input : inputs) {
            int mark = out.size();
            absorb(input, now, out);
            if (!caughtUp) {
                // Replaying history: announcements were made when it happened.
                out.subList(mark, out.size()).removeIf(Output.Announce.class::isInstance);
            }
        }
        int mark = out.size();
        rebootDrained(now, out);
        if (caughtUp) {
            expireDeadlines(now, out);
            passHealthGates(now, out);
            grant(now, out);
            announceFinished(out);
        } else {
            // Commands are re-derived only where the log shows one still missing (e.g. Drained but
            // no Reboot yet).
            out.subList(mark, out.size()).removeIf(Output.Announce.class::isInstance);
        }
        if (policy.dryRun()) {
            out.removeIf(o -> o instanceof Output.SendDrain || o instanceof Output.SendReboot);
        }
        return out;
    }

    private void absorb(Input input, Instant now, List<Output> out) {
        // Java 17: no pattern matching in switch yet. A Tick only re-evaluates.
        if (input instanceof Input.StatusReported status) {
            onStatus(status, now);
        } else if (input instanceof Input.ProgressReported progress) {
            onProgress(progress, now, out);
        } else if (input instanceof Input.CommandRestored command) {
            onCommandRestored(command, now);
        } else if (input instanceof Input.CaughtUp) {
            caughtUp = true;
        } else if (input instanceof Input.NodeObserved observed) {
            onNodeObserved(observed, now, out);
        } else if (input instanceof Input.BlockersEvaluated verdict) {
            verdicts.put(verdict.scope(), verdict);
        } else if (input instanceof Input.HealthChecked checked) {
            health.put(checked.node(), checked);
        } else if (input instanceof Input.PauseSet pause) {
            onPause(pause, out);
        } else if (input instanceof Input.RebootRequested requested) {
            onRebootRequested(requested, now);
        } else if (input instanceof Input.OperatorReleased released) {
            onReleased(released, now, out);
        }
    }

    private void onStatus(Input.StatusReported s, Instant now) {
        NodeRecord current = nodes.getOrDefault(s.node(), NodeRecord.unknown(s.node(), now));
        if (Objects.equals(s.instance(), current.statusInstance()) && s.sequence() <= current.statusSequence()) {
            return;
        }
        if (current.left(s.bootId())) {
            // From a boot a finished reboot already left: a late report that must not count at all,
            // or the next grant would name the old boot.
            return;
        }
        Instant seen = s.sentinelSeenAt() != null ? s.sentinelSeenAt() : now;
        NodeRecord next = current.status(s.rebootRequired(), s.bootId(), s.sequence(), s.instance(), seen);
        Phase phase = current.phase();
        if (s.rebootRequired()) {
            boolean failedInThisBoot = s.bootId().equals(current.failedInBoot());
            if ((phase == Phase.IDLE || phase == Phase.DONE || phase == Phase.FAILED) && !failedInThisBoot) {
                next = next.phase(Phase.REQUESTED, now);
            }
        } else if ((phase == Phase.REQUESTED && !s.bootId().equals(manual.get(s.node()))) || phase == Phase.DONE) {
            next = next.phase(Phase.IDLE, now);
        }
        nodes.put(s.node(), next);
    }

    private void onRebootRequested(Input.RebootRequested r, Instant now) {
        NodeRecord current = nodes.get(r.node());
        if (current == null || current.bootId() == null) {
            return;
        }
        Phase phase = current.phase();
        if (phase == Phase.IDLE || phase == Phase.DONE || phase == Phase.FAILED || phase == Phase.REQUESTED) {
            manual.put(r.node(), current.bootId());
            if (phase != Phase.REQUESTED) {
                nodes.put(r.node(), current.phase(Phase.REQUESTED, now));
            }
        }
    }

    private void onProgress(Input.ProgressReported p, Instant now, List<Output> out) {
        NodeRecord current = nodes.get(p.node());
        if (current != null && p.previousBootId() != null
                && (p.step() == Input.Step.REBOOTED || p.step() == Input.Step.COMPLETED)) {
            current = current.leftBoot(p.previousBootId());
            nodes.put(p.node(), current);
        }
        if (current == null || current.rebootId() == null || !current.rebootId().equals(p.rebootId())
                || !current.phase().holdsSlot()) {
            return;
        }
        Phase phase = current.effectivePhase();
        switch (p.step()) {
            case DRAINED -> {
                if (phase == Phase.DRAINING) {
                    nodes.put(p.node(), current.phase(Phase.DRAINED, now));
                }
            }
            case REBOOTED -> {
                if (phase == Phase.REBOOTING || phase == Phase.DRAINED) {
                    nodes.put(p.node(), current.phase(Phase.REBOOTED, now));
                }
            }
            case COMPLETED -> {
                if (current.backSince() != null) {
                    return;
                }
                if (healthGated()) {
                    nodes.put(p.node(), current.back(now));
                } else {
                    release(current.finished(now), out, List.of());
                    succeeded();
                }
            }
            case DRAIN_FAILED, FAILED -> {
                release(current.failed(now), out, List.of());
                failed(out);
            }
            case CORDONED, REBOOTING, OTHER -> {
                // informative only: the phase already says so
            }
        }
    }

    private boolean healthGated() {
        return policy.soak().compareTo(Duration.ZERO) > 0 || policy.healthQuery();
    }

    private void onCommandRestored(Input.CommandRestored c, Instant now) {
        NodeRecord current = nodes.getOrDefault(c.node(), NodeRecord.unknown(c.node(), now));
        Phase phase = c.kind() == Input.CommandKind.DRAIN ? Phase.DRAINING : Phase.REBOOTING;
        nodes.put(c.node(), current.restored(phase, c.rebootId(), c.bootIdToLeave(), now));
        nextCommandSeq = Math.max(nextCommandSeq, c.commandSeq() + 1);
    }

    private void onNodeObserved(Input.NodeObserved o, Instant now, List<Output> out) {
        facts.put(o.node(), o);
        NodeRecord current = nodes.get(o.node());
        if (o.deleted() && current != null && current.phase() != Phase.IDLE) {
            boolean held = current.phase().holdsSlot();
            NodeRecord gone = current.gone(now);
            if (held) {
                release(gone, out, List.of(BlockReason.NODE_DELETED));
            } else {
                nodes.put(o.node(), gone);
            }
        }
    }

    private void onPause(Input.PauseSet pause, List<Output> out) {
        if (pause.paused()) {
            if (!paused) {
                paused = true;
                out.add(announce(Output.Kind.PAUSED, "*", null, List.of(BlockReason.PAUSED)));
            }
        } else if (paused || autoPaused) {
            paused = false;
            autoPaused = false;
            consecutiveFailures = 0;
            out.add(announce(Output.Kind.RESUMED, "*", null, List.of()));
        }
    }

    private void onReleased(Input.OperatorReleased released, Instant now, List<Output> out) {
        NodeRecord current = nodes.get(released.node());
        if (current != null && current.phase() == Phase.STUCK) {
            release(current.failed(now), out, List.of(BlockReason.STUCK));
        }
    }

    private void release(NodeRecord next, List<Output> out, List<BlockReason> reasons) {
        String rebootId = nodes.get(next.node()).rebootId();
        nodes.put(next.node(), next);
        out.add(announce(Output.Kind.SLOT_RELEASED, next.node(), rebootId, reasons));
    }

    private void succeeded() {
        consecutiveFailures = 0;
        rolloutHadSuccess = true;
    }

    private void failed(List<Output> out) {
        consecutiveFailures++;
        int limit = policy.maxConsecutiveFailures();
        if (limit > 0 && consecutiveFailures >= limit && !autoPaused) {
            autoPaused = true;
            out.add(announce(Output.Kind.PAUSED, "*", null, List.of(BlockReason.AUTO_PAUSED)));
        }
    }

    private void rebootDrained(Instant now, List<Output> out) {
        for (NodeRecord n : List.copyOf(nodes.values())) {
            if (n.phase() == Phase.DRAINED && rebootReasons(n, now).isEmpty()) {
                nodes.put(n.node(), n.phase(Phase.REBOOTING, now));
                out.add(new Output.SendReboot(n.node(), n.rebootId(), n.bootIdToLeave(), nextCommandSeq++));
            }
        }
    }

    /** Pre-reboot checks of a drained node: the blockers again, evaluated after it drained. */
    private List<BlockReason> rebootReasons(NodeRecord n, Instant now) {
        Instant since = later(n.phaseSince(), now.minus(policy.blockerMaxAge()));
        return blockerReasons(n.node(), since, new ArrayList<>(), readiness());
    }

    /** Eligible nodes and how many of them are NotReady, counted once per pass. */
    private record Readiness(int eligible, int notReady) {
    }

    private Readiness readiness() {
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

    private List<BlockReason> blockerReasons(String node, Instant evaluatedSince, List<BlockReason> reasons,
                                             Readiness readiness) {
        if (paused) {
            reasons.add(BlockReason.PAUSED);
        }
        if (autoPaused) {
            reasons.add(BlockReason.AUTO_PAUSED);
        }
        if (policyPaused) {
            reasons.add(BlockReason.POLICY_PAUSED);
        }
        if (policy.blockerChecks()) {
            verdict(Input.BlockersEvaluated.CLUSTER, evaluatedSince, reasons);
            verdict(node, evaluatedSince, reasons);
        }
        if (policy.maxNotReady() != null) {
            Input.NodeObserved self = facts.get(node);
            boolean selfNotReady = self != null && !self.deleted() && !self.ready();
            int notReadyOthers = readiness.notReady() - (selfNotReady ? 1 : 0);
            if (notReadyOthers >= policy.maxNotReady().allowed(readiness.eligible())) {
                reasons.add(BlockReason.TOO_MANY_NOT_READY);
            }
        }
        return reasons;
    }

    private void verdict(String scope, Instant evaluatedSince, List<BlockReason> reasons) {
        Input.BlockersEvaluated v = verdicts.get(scope);
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

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void expireDeadlines(Instant now, List<Output> out) {
        for (NodeRecord n : List.copyOf(nodes.values())) {
            Instant deadline = deadline(n);
            if (n.phase() != Phase.STUCK && deadline != null && !now.isBefore(deadline)) {
                nodes.put(n.node(), n.stuck(now));
                out.add(announce(Output.Kind.NODE_STUCK, n.node(), n.rebootId(), List.of(BlockReason.STUCK)));
                failed(out);
            }
        }
    }

    private Instant deadline(NodeRecord n) {
        Phase phase = n.effectivePhase();
        if (phase == null) {
            return null;
        }
        Duration limit = policy.deadlines().of(phase);
        if (limit.isZero() || limit.isNegative()) {
            return null;
        }
        if (phase == Phase.REBOOTED) {
            limit = limit.plus(policy.soak());
        }
        return n.phase() == Phase.STUCK ? null : n.phaseSince().plus(limit);
    }

    private void passHealthGates(Instant now, List<Output> out) {
        for (NodeRecord n : List.copyOf(nodes.values())) {
            if (n.effectivePhase() == Phase.REBOOTED && n.backSince() != null && gateReasons(n, now).isEmpty()) {
                release(n.finished(now), out, List.of());
                succeeded();
            }
        }
    }

    private List<BlockReason> gateReasons(NodeRecord n, Instant now) {
        List<BlockReason> reasons = new ArrayList<>();
        Input.NodeObserved f = facts.get(n.node());
        if (f != null && !f.ready()) {
            reasons.add(BlockReason.AWAITING_READY);
        }
        Instant soaked = n.backSince().plus(policy.soak());
        if (now.isBefore(soaked)) {
            reasons.add(BlockReason.SOAKING);
        }
        if (policy.healthQuery()) {
            Input.HealthChecked h = health.get(n.node());
            if (h == null || h.at().isBefore(soaked) || !h.healthy()) {
                reasons.add(BlockReason.HEALTH_QUERY_NOT_EMPTY);
            }
        }
        return reasons;
    }

    private void grant(Instant now, List<Output> out) {
        List<NodeRecord> queue = nodes.values().stream()
                .filter(n -> n.phase() == Phase.REQUESTED)
                .sorted(Comparator.comparing(NodeRecord::requestedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(NodeRecord::node))
                .toList();
        if (queue.isEmpty()) {
            return;
        }
        BudgetUsage usage = usage(now);
        List<BlockReason> windowReasons = windowReasons(now);
        Readiness readiness = readiness();
        // Counted once per pass: a pass over thousands of queued nodes must stay linear.
        int inUse = slotsInUse();
        int allowed = slotsAllowed();
        for (NodeRecord candidate : queue) {
            List<BlockReason> reasons = candidateReasons(candidate, now, usage, windowReasons, inUse, readiness);
            if (reasons.isEmpty()) {
                if (!rolloutActive) {
                    rolloutActive = true;
                    rolloutHadSuccess = false;
                    out.add(announce(Output.Kind.ROLLOUT_STARTED, "*", null, List.of()));
                }
                String rebootId = rebootId(candidate.node(), candidate.bootId());
                nodes.put(candidate.node(), candidate.granted(rebootId, now));
                usage.take(candidate.node());
                inUse++;
                out.add(new Output.SendDrain(candidate.node(), rebootId, candidate.bootId(), nextCommandSeq++));
                out.add(new Output.Announce(Output.Kind.SLOT_GRANTED, candidate.node(), rebootId, List.of(), inUse,
                        allowed));
            } else if (!reasons.equals(candidate.blockedBy())) {
                nodes.put(candidate.node(), candidate.blocked(reasons));
                out.add(new Output.Announce(Output.Kind.REBOOT_BLOCKED, candidate.node(), null, reasons, inUse,
                        allowed));
            }
        }
    }

    private List<BlockReason> candidateReasons(NodeRecord candidate, Instant now, BudgetUsage usage,
                                               List<BlockReason> windowReasons, int inUse, Readiness readiness) {
        List<BlockReason> reasons = new ArrayList<>();
        Input.NodeObserved f = facts.get(candidate.node());
        if (f != null && f.deleted()) {
            reasons.add(BlockReason.NODE_DELETED);
        }
        reasons.addAll(windowReasons);
        blockerReasons(candidate.node(), now.minus(policy.blockerMaxAge()), reasons, readiness);
        if (policy.canary() && !rolloutHadSuccess && inUse > 0) {
            reasons.add(BlockReason.CANARY_IN_PROGRESS);
        }
        reasons.addAll(usage.reasons(candidate.node()));
        if (reasons.isEmpty() && policy.dryRun()) {
            reasons.add(BlockReason.DRY_RUN);
        }
        return reasons;
    }

    private List<BlockReason> windowReasons(Instant now) {
        if (!policy.window().contains(now)) {
            return List.of(BlockReason.OUTSIDE_WINDOW);
        }
        Instant closes = policy.window().closesAfter(now);
        if (closes != null && !policy.drainMargin().isZero()
                && Duration.between(now, closes).compareTo(policy.drainMargin()) < 0) {
            return List.of(BlockReason.WINDOW_CLOSING);
        }
        return List.of();
    }

    private BudgetUsage usage(Instant now) {
        List<Budget> active = policy.budgets().stream().filter(b -> b.activeAt(now)).toList();
        BudgetUsage usage = new BudgetUsage(active);
        for (String node : eligibleNodes()) {
            Input.NodeObserved f = facts.get(node);
            NodeRecord r = nodes.get(node);
            boolean out = (r != null && r.phase().holdsSlot()) || (f != null && (!f.ready() || f.unschedulable()));
            usage.add(node, f == null ? Map.of() : f.labels(), out);
        }
        return usage;
    }

    private Set<String> eligibleNodes() {
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

    private void announceFinished(List<Output> out) {
        boolean busy = nodes.values().stream()
                .anyMatch(n -> n.phase().holdsSlot() || n.phase() == Phase.REQUESTED);
        if (rolloutActive && !busy) {
            rolloutActive = false;
            out.add(announce(Output.Kind.ROLLOUT_FINISHED, "*", null, List.of()));
        }
    }

    private Output.Announce announce(Output.Kind kind, String node, String rebootId, List<BlockReason> reasons) {
        return new Output.Announce(kind, node, rebootId, reasons, slotsInUse(), slotsAllowed());
    }

    /** Why a node is where it is, as of {@code now}; evaluates the same rules as a grant would. */
    public Explanation explain(String node, Instant now) {
        return explain(node, now, usage(now), windowReasons(now), slotsInUse(), readiness());
    }

    /** {@link #explain} for every known node, by name; the budgets are counted once for all. */
    public Map<String, Explanation> explainAll(Instant now) {
        BudgetUsage usage = usage(now);
        List<BlockReason> window = windowReasons(now);
        int inUse = slotsInUse();
        Readiness readiness = readiness();
        Map<String, Explanation> all = new TreeMap<>();
        for (String node : nodes.keySet()) {
            all.put(node, explain(node, now, usage, window, inUse, readiness));
        }
        return all;
    }

    private Explanation explain(String node, Instant now, BudgetUsage usage, List<BlockReason> window, int inUse,
                                Readiness readiness) {
        NodeRecord n = nodes.getOrDefault(node, NodeRecord.unknown(node, now));
        List<BlockReason> reasons = new ArrayList<>();
        Phase phase = n.effectivePhase();
        if (n.phase() == Phase.STUCK) {
            reasons.add(BlockReason.STUCK);
        }
        switch (phase) {
            case IDLE, DONE -> reasons.add(BlockReason.NOT_REQUIRED);
            case FAILED -> reasons.add(BlockReason.FAILED_IN_THIS_BOOT);
            case REQUESTED -> {
                if (!caughtUp) {
                    reasons.add(BlockReason.BLOCKERS_NOT_EVALUATED);
                }
                reasons.addAll(candidateReasons(n, now, usage, window, inUse, readiness));
            }
            case DRAINING -> reasons.add(BlockReason.AWAITING_DRAIN);
            case DRAINED -> reasons.addAll(blockerReasons(n.node(), later(n.phaseSince(),
                    now.minus(policy.blockerMaxAge())), new ArrayList<>(), readiness));
            case REBOOTING -> reasons.add(BlockReason.AWAITING_REBOOT);
            case REBOOTED -> reasons.addAll(n.backSince() == null ? List.of(BlockReason.AWAITING_READY)
                    : gateReasons(n, now));
            default -> {
                // STUCK is never an effective phase
            }
        }
        return new Explanation(node, n.phase(), n.rebootId(), n.phaseSince(), deadline(n), reasons);
    }

    /** Every budget per group as of {@code now}, in configuration order; inactive ones with no counts. */
    public List<BudgetStatus> budgets(Instant now) {
        BudgetUsage usage = usage(now);
        List<BudgetStatus> out = new ArrayList<>();
        List<Budget> all = policy.budgets();
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

    public int slotsInUse() {
        return (int) nodes.values().stream().filter(n -> n.phase().holdsSlot()).count();
    }

    /**
     * The tightest allowance of the global budgets active at the last input's time (group budgets
     * differ per group; see {@link #explain}); the eligible node count when none is active.
     */
    public int slotsAllowed() {
        int eligible = eligibleNodes().size();
        return policy.budgets().stream().filter(b -> !b.grouped() && b.activeAt(lastNow))
                .mapToInt(b -> b.allowed(eligible)).min().orElse(eligible);
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    public boolean paused() {
        return paused || autoPaused || policyPaused;
    }

    public Policy policy() {
        return policy;
    }

    /** A copy of every node's record, by name. */
    public Map<String, NodeRecord> nodes() {
        return Map.copyOf(nodes);
    }

    /** The latest facts observed about every node, by name. */
    public Map<String, Input.NodeObserved> facts() {
        return Map.copyOf(facts);
    }

    /**
     * One reboot of one node is named by the boot it leaves, so a replayed grant gets the same id
     * and subscribers can correlate every event of the reboot.
     */
    static String rebootId(String node, String bootId) {
        return UUID.nameUUIDFromBytes((node + "/" + bootId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
