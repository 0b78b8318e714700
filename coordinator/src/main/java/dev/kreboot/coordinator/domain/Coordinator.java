package dev.kreboot.coordinator.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 *
 * <p>Where each rule lives: the {@link PhaseMachine} absorbs inputs (rules 1-3 and 7, pause,
 * manual requests, releases); the {@link GrantRule} decides grants and pre-reboot checks (4 and
 * 8-11, and ROLLOUT_STARTED); the {@link HealthGate} (5) and {@link Deadlines} (6) hold or move
 * nodes in flight; the {@link FleetState} they share counts failures toward the auto-pause (12);
 * this class sequences them once per batch, holds everything back before catching up (13) and
 * announces ROLLOUT_FINISHED (14); the {@link ExplainView} answers why, with the same rules.
 */
public final class Coordinator {
    private final FleetState state;

    public Coordinator(Budget budget) {
        this(Policy.of(Objects.requireNonNull(budget, "budget")));
    }

    public Coordinator(Policy policy) {
        this.state = new FleetState(Objects.requireNonNull(policy, "policy"));
    }

    /**
     * Swaps the policy in force; the next decision uses it. Between two decisions only, on the
     * owning thread, so no decision ever sees half of one policy and half of another. Nothing
     * is recomputed: slots already granted stay granted (a lower budget only stops new grants).
     */
    public void usePolicy(Policy next, boolean pausedByPolicy) {
        state.policy = Objects.requireNonNull(next, "policy");
        state.policyPaused = pausedByPolicy;
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
        state.lastNow = now;
        List<Output> out = new ArrayList<>();
        for (Input input : inputs) {
            int mark = out.size();
            PhaseMachine.absorb(state, input, now, out);
            if (!state.caughtUp) {
                // Replaying history: announcements were made when it happened.
                out.subList(mark, out.size()).removeIf(Output.Announce.class::isInstance);
            }
        }
        int mark = out.size();
        GrantRule.rebootDrained(state, now, out);
        if (state.caughtUp) {
            Deadlines.expire(state, now, out);
            HealthGate.pass(state, now, out);
            GrantRule.grant(state, now, out);
            announceFinished(out);
        } else {
            // Commands are re-derived only where the log shows one still missing (e.g. Drained but
            // no Reboot yet).
            out.subList(mark, out.size()).removeIf(Output.Announce.class::isInstance);
        }
        if (state.policy.dryRun()) {
            out.removeIf(o -> o instanceof Output.SendDrain || o instanceof Output.SendReboot);
        }
        return out;
    }

    private void announceFinished(List<Output> out) {
        boolean busy = state.nodes.values().stream()
                .anyMatch(n -> n.phase().holdsSlot() || n.phase() == Phase.REQUESTED);
        if (state.rolloutActive && !busy) {
            state.rolloutActive = false;
            out.add(state.announce(Output.Kind.ROLLOUT_FINISHED, "*", null, List.of()));
        }
    }

    /** Why a node is where it is, as of {@code now}; evaluates the same rules as a grant would. */
    public Explanation explain(String node, Instant now) {
        return ExplainView.explain(state, node, now);
    }

    /** {@link #explain} for every known node, by name; the budgets are counted once for all. */
    public Map<String, Explanation> explainAll(Instant now) {
        return ExplainView.explainAll(state, now);
    }

    /** Every budget per group as of {@code now}, in configuration order; inactive ones with no counts. */
    public List<BudgetStatus> budgets(Instant now) {
        return ExplainView.budgets(state, now);
    }

    public int slotsInUse() {
        return state.slotsInUse();
    }

    /**
     * The tightest allowance of the global budgets active at the last input's time (group budgets
     * differ per group; see {@link #explain}); the eligible node count when none is active.
     */
    public int slotsAllowed() {
        return state.slotsAllowed();
    }

    public boolean caughtUp() {
        return state.caughtUp;
    }

    public boolean paused() {
        return state.paused || state.autoPaused || state.policyPaused;
    }

    public Policy policy() {
        return state.policy;
    }

    /** A copy of every node's record, by name. */
    public Map<String, NodeRecord> nodes() {
        return Map.copyOf(state.nodes);
    }

    /** The latest facts observed about every node, by name. */
    public Map<String, Input.NodeObserved> facts() {
        return Map.copyOf(state.facts);
    }

    /**
     * One reboot of one node is named by the boot it leaves, so a replayed grant gets the same id
     * and subscribers can correlate every event of the reboot.
     */
    static String rebootId(String node, String bootId) {
        return UUID.nameUUIDFromBytes((node + "/" + bootId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
