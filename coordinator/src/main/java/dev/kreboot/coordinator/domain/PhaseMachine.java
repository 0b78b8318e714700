package dev.kreboot.coordinator.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How each input moves a node between {@link Phase}s: the {@link Coordinator}'s rules 1-3 and 7
 * (statuses, progress reports, restored commands, node objects) and the operator's inputs (pause,
 * manual request, release). It only absorbs; what the new state allows (grants, reboots,
 * deadlines, gates) is decided once per batch afterwards.
 */
final class PhaseMachine {
    private PhaseMachine() {
    }

    static void absorb(FleetState s, Input input, Instant now, List<Output> out) {
        // Java 17: no pattern matching in switch yet. A Tick only re-evaluates.
        if (input instanceof Input.StatusReported status) {
            onStatus(s, status, now);
        } else if (input instanceof Input.ProgressReported progress) {
            onProgress(s, progress, now, out);
        } else if (input instanceof Input.CommandRestored command) {
            onCommandRestored(s, command, now);
        } else if (input instanceof Input.CaughtUp) {
            s.caughtUp = true;
        } else if (input instanceof Input.NodeObserved observed) {
            onNodeObserved(s, observed, now, out);
        } else if (input instanceof Input.BlockersEvaluated verdict) {
            s.verdicts.put(verdict.scope(), verdict);
        } else if (input instanceof Input.HealthChecked checked) {
            s.health.put(checked.node(), checked);
        } else if (input instanceof Input.PauseSet pause) {
            onPause(s, pause, out);
        } else if (input instanceof Input.RebootRequested requested) {
            onRebootRequested(s, requested, now);
        } else if (input instanceof Input.OperatorReleased released) {
            onReleased(s, released, now, out);
        }
    }

    private static void onStatus(FleetState s, Input.StatusReported r, Instant now) {
        NodeRecord current = s.nodes.getOrDefault(r.node(), NodeRecord.unknown(r.node(), now));
        if (Objects.equals(r.instance(), current.statusInstance()) && r.sequence() <= current.statusSequence()) {
            return;
        }
        if (current.left(r.bootId())) {
            // From a boot a finished reboot already left: a late report that must not count at all,
            // or the next grant would name the old boot.
            return;
        }
        Instant seen = r.sentinelSeenAt() != null ? r.sentinelSeenAt() : now;
        NodeRecord next = current.status(r.rebootRequired(), r.bootId(), r.sequence(), r.instance(), seen);
        Phase phase = current.phase();
        if (r.rebootRequired()) {
            boolean failedInThisBoot = r.bootId().equals(current.failedInBoot());
            if ((phase == Phase.IDLE || phase == Phase.DONE || phase == Phase.FAILED) && !failedInThisBoot) {
                next = next.phase(Phase.REQUESTED, now);
            }
        } else if ((phase == Phase.REQUESTED && !r.bootId().equals(s.manual.get(r.node()))) || phase == Phase.DONE) {
            next = next.phase(Phase.IDLE, now);
        }
        s.nodes.put(r.node(), next);
    }

    private static void onRebootRequested(FleetState s, Input.RebootRequested r, Instant now) {
        NodeRecord current = s.nodes.get(r.node());
        if (current == null || current.bootId() == null) {
            return;
        }
        Phase phase = current.phase();
        if (phase == Phase.IDLE || phase == Phase.DONE || phase == Phase.FAILED || phase == Phase.REQUESTED) {
            s.manual.put(r.node(), current.bootId());
            if (phase != Phase.REQUESTED) {
                s.nodes.put(r.node(), current.phase(Phase.REQUESTED, now));
            }
        }
    }

    private static void onProgress(FleetState s, Input.ProgressReported p, Instant now, List<Output> out) {
        NodeRecord current = s.nodes.get(p.node());
        if (current != null && p.previousBootId() != null
                && (p.step() == Input.Step.REBOOTED || p.step() == Input.Step.COMPLETED)) {
            current = current.leftBoot(p.previousBootId());
            s.nodes.put(p.node(), current);
        }
        if (current == null || current.rebootId() == null || !current.rebootId().equals(p.rebootId())
                || !current.phase().holdsSlot()) {
            return;
        }
        Phase phase = current.effectivePhase();
        switch (p.step()) {
            case DRAINED -> {
                if (phase == Phase.DRAINING) {
                    s.nodes.put(p.node(), current.phase(Phase.DRAINED, now));
                }
            }
            case REBOOTED -> {
                if (phase == Phase.REBOOTING || phase == Phase.DRAINED) {
                    s.nodes.put(p.node(), current.phase(Phase.REBOOTED, now));
                }
            }
            case COMPLETED -> {
                if (current.backSince() != null) {
                    return;
                }
                if (healthGated(s)) {
                    s.nodes.put(p.node(), current.back(now));
                } else {
                    s.release(current.finished(now), out, List.of());
                    s.succeeded();
                }
            }
            case DRAIN_FAILED, FAILED -> {
                s.release(current.failed(now), out, List.of());
                s.failed(out);
            }
            case CORDONED, REBOOTING, OTHER -> {
                // informative only: the phase already says so
            }
        }
    }

    private static boolean healthGated(FleetState s) {
        return s.policy.soak().compareTo(Duration.ZERO) > 0 || s.policy.healthQuery();
    }

    private static void onCommandRestored(FleetState s, Input.CommandRestored c, Instant now) {
        NodeRecord current = s.nodes.getOrDefault(c.node(), NodeRecord.unknown(c.node(), now));
        Phase phase = c.kind() == Input.CommandKind.DRAIN ? Phase.DRAINING : Phase.REBOOTING;
        s.nodes.put(c.node(), current.restored(phase, c.rebootId(), c.bootIdToLeave(), now));
        s.nextCommandSeq = Math.max(s.nextCommandSeq, c.commandSeq() + 1);
    }

    private static void onNodeObserved(FleetState s, Input.NodeObserved o, Instant now, List<Output> out) {
        s.facts.put(o.node(), o);
        NodeRecord current = s.nodes.get(o.node());
        if (o.deleted() && current != null && current.phase() != Phase.IDLE) {
            boolean held = current.phase().holdsSlot();
            NodeRecord gone = current.gone(now);
            if (held) {
                s.release(gone, out, List.of(BlockReason.NODE_DELETED));
            } else {
                s.nodes.put(o.node(), gone);
            }
        }
    }

    private static void onPause(FleetState s, Input.PauseSet pause, List<Output> out) {
        if (pause.paused()) {
            if (!s.paused) {
                s.paused = true;
                out.add(s.announce(Output.Kind.PAUSED, "*", null, List.of(BlockReason.PAUSED)));
            }
        } else if (s.paused || s.autoPaused) {
            s.paused = false;
            s.autoPaused = false;
            s.consecutiveFailures = 0;
            out.add(s.announce(Output.Kind.RESUMED, "*", null, List.of()));
        }
    }

    private static void onReleased(FleetState s, Input.OperatorReleased released, Instant now, List<Output> out) {
        NodeRecord current = s.nodes.get(released.node());
        if (current != null && current.phase() == Phase.STUCK) {
            s.release(current.failed(now), out, List.of(BlockReason.STUCK));
        }
    }
}
