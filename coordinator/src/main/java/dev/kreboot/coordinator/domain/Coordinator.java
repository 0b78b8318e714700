package dev.kreboot.coordinator.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The coordinator's state machine: {@code apply(input, now)} updates the per-node records and
 * returns what must be published. Deterministic: the same inputs at the same instants give the
 * same outputs, which is what lets the state be rebuilt by replaying Kafka. Not thread-safe: one
 * thread (the runtime's) owns it.
 *
 * <p>Rules, applied on every input:
 * <ol>
 * <li>A status is ignored unless its sequence is newer than the last one from the same sensor
 *     instance (duplicates and reordering on the wire are harmless; a new instance starts afresh),
 *     and ignored when it comes from a boot that a finished reboot left (a late report of an
 *     episode already served: no double reboot).</li>
 * <li>A node whose status says a reboot is required, and which is IDLE, DONE or FAILED, becomes
 *     REQUESTED, unless its last attempt failed in this same boot.</li>
 * <li>A REQUESTED node whose status says no reboot is required goes back to IDLE.</li>
 * <li>A REBOOTED or COMPLETED report, even a stale one, records the boot it left.
 *     Otherwise progress counts only for the node's current rebootId; anything else is stale. DRAINED sends
 *     the Reboot command once; COMPLETED makes the node DONE and frees its slot; DRAIN_FAILED or
 *     FAILED make it FAILED and free its slot (the executor has restored the node).</li>
 * <li>Slots in use are the nodes in a slot-holding phase ({@link Phase#holdsSlot()}); slots allowed
 *     come from the {@link Budget} over the known nodes. Before {@link Input.CaughtUp} nothing is
 *     granted: the state is still being rebuilt.</li>
 * <li>REQUESTED nodes are granted in order of request time, then name, while a slot is free: a
 *     Drain command is sent, the node is DRAINING, SLOT_GRANTED is announced.</li>
 * <li>A REQUESTED node left waiting is announced REBOOT_BLOCKED with its reasons, only when the
 *     reasons change.</li>
 * <li>While replaying (before {@link Input.CaughtUp}) nothing is announced: it was announced when it
 *     happened.</li>
 * <li>ROLLOUT_STARTED accompanies a grant when nothing was in flight before; ROLLOUT_FINISHED
 *     is announced when nothing is in flight or queued any more.</li>
 * </ol>
 */
public final class Coordinator {
    private final Budget budget;
    private final Map<String, NodeRecord> nodes = new TreeMap<>();
    private long nextCommandSeq = 1;
    private boolean caughtUp;
    private boolean rolloutActive;

    public Coordinator(Budget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    public List<Output> apply(Input input, Instant now) {
        List<Output> out = new ArrayList<>();
        // Java 17: no pattern matching in switch yet. A Tick only re-evaluates, below.
        if (input instanceof Input.StatusReported status) {
            onStatus(status, now);
        } else if (input instanceof Input.ProgressReported progress) {
            onProgress(progress, now, out);
        } else if (input instanceof Input.CommandRestored command) {
            onCommandRestored(command, now);
        } else if (input instanceof Input.CaughtUp) {
            caughtUp = true;
        }
        if (caughtUp) {
            grant(now, out);
            announceFinished(out);
        } else {
            // Replaying history: announcements were made when it happened; commands are re-derived
            // only where the log shows one still missing (e.g. Drained but no Reboot yet).
            out.removeIf(Output.Announce.class::isInstance);
        }
        return out;
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
        } else if (phase == Phase.REQUESTED || phase == Phase.DONE) {
            next = next.phase(Phase.IDLE, now);
        }
        nodes.put(s.node(), next);
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
        switch (p.step()) {
            case DRAINED -> {
                if (current.phase() == Phase.DRAINING) {
                    nodes.put(p.node(), current.phase(Phase.REBOOTING, now));
                    out.add(new Output.SendReboot(p.node(), current.rebootId(), current.bootIdToLeave(),
                            nextCommandSeq++));
                }
            }
            case REBOOTED -> {
                if (current.phase() == Phase.REBOOTING) {
                    nodes.put(p.node(), current.phase(Phase.REBOOTED, now));
                }
            }
            case COMPLETED -> {
                nodes.put(p.node(), current.finished(now));
                out.add(announce(Output.Kind.SLOT_RELEASED, p.node(), current.rebootId(), List.of()));
            }
            case DRAIN_FAILED, FAILED -> {
                nodes.put(p.node(), current.failed(now));
                out.add(announce(Output.Kind.SLOT_RELEASED, p.node(), current.rebootId(), List.of()));
            }
            case CORDONED, REBOOTING, OTHER -> {
                // informative only: the phase already says so
            }
        }
    }

    private void onCommandRestored(Input.CommandRestored c, Instant now) {
        NodeRecord current = nodes.getOrDefault(c.node(), NodeRecord.unknown(c.node(), now));
        Phase phase = c.kind() == Input.CommandKind.DRAIN ? Phase.DRAINING : Phase.REBOOTING;
        nodes.put(c.node(), current.restored(phase, c.rebootId(), c.bootIdToLeave(), now));
        nextCommandSeq = Math.max(nextCommandSeq, c.commandSeq() + 1);
    }

    private void grant(Instant now, List<Output> out) {
        List<NodeRecord> queue = nodes.values().stream()
                .filter(n -> n.phase() == Phase.REQUESTED)
                .sorted(Comparator.comparing(NodeRecord::requestedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(NodeRecord::node))
                .toList();
        for (NodeRecord candidate : queue) {
            int inUse = slotsInUse();
            if (inUse < slotsAllowed()) {
                if (!rolloutActive) {
                    rolloutActive = true;
                    out.add(announce(Output.Kind.ROLLOUT_STARTED, "*", null, List.of()));
                }
                String rebootId = rebootId(candidate.node(), candidate.bootId());
                nodes.put(candidate.node(), candidate.granted(rebootId, now));
                out.add(new Output.SendDrain(candidate.node(), rebootId, candidate.bootId(), nextCommandSeq++));
                out.add(announce(Output.Kind.SLOT_GRANTED, candidate.node(), rebootId, List.of()));
            } else {
                List<BlockReason> reasons = List.of(BlockReason.BUDGET_EXHAUSTED);
                if (!reasons.equals(candidate.blockedBy())) {
                    nodes.put(candidate.node(), candidate.blocked(reasons));
                    out.add(announce(Output.Kind.REBOOT_BLOCKED, candidate.node(), null, reasons));
                }
            }
        }
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

    public int slotsInUse() {
        return (int) nodes.values().stream().filter(n -> n.phase().holdsSlot()).count();
    }

    public int slotsAllowed() {
        return budget.allowed(nodes.size());
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    /** A copy of every node's record, by name. */
    public Map<String, NodeRecord> nodes() {
        return Map.copyOf(nodes);
    }

    /**
     * One reboot of one node is named by the boot it leaves, so a replayed grant gets the same id
     * and subscribers can correlate every event of the reboot.
     */
    static String rebootId(String node, String bootId) {
        return UUID.nameUUIDFromBytes((node + "/" + bootId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
