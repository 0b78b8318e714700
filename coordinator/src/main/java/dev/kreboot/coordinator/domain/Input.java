package dev.kreboot.coordinator.domain;

import java.time.Instant;

/** Everything that can change the coordinator's mind. */
public sealed interface Input {

    /** A node-sensor's status. */
    record StatusReported(String node, boolean rebootRequired, String bootId, long sequence, String instance,
                          Instant sentinelSeenAt) implements Input {
    }

    /**
     * An executor's report on a reboot it carries out; {@code previousBootId} is set on REBOOTED
     * and COMPLETED (the boot that was left).
     */
    record ProgressReported(String node, String rebootId, Step step, String bootId, String previousBootId)
            implements Input {
    }

    /** A command this coordinator (or its predecessor) already published, read back at start-up. */
    record CommandRestored(String node, String rebootId, CommandKind kind, String bootIdToLeave, long commandSeq)
            implements Input {
    }

    /** Start-up replay is over: from now on the state is the truth and slots may be granted. */
    record CaughtUp() implements Input {
    }

    /** Time passed (windows, deadlines); also re-evaluates the queue. */
    record Tick() implements Input {
    }

    /**
     * What the Kubernetes API says about a node (an adapter watches or lists Nodes). Nodes never
     * observed count as Ready, schedulable and unlabelled.
     */
    record NodeObserved(String node, java.util.Map<String, String> labels, boolean ready, boolean unschedulable,
                        boolean deleted) implements Input {
        public NodeObserved {
            labels = java.util.Map.copyOf(labels);
        }
    }

    /**
     * The blockers' verdict for one node, or for every node when {@code scope} is {@value #CLUSTER};
     * empty reasons mean clear. {@code at} is when the adapters evaluated (errors are reasons:
     * fail closed).
     */
    record BlockersEvaluated(String scope, java.util.List<BlockReason> reasons, Instant at) implements Input {
        public static final String CLUSTER = "*";

        public BlockersEvaluated {
            reasons = java.util.List.copyOf(reasons);
        }
    }

    /** The result of the health query after a node's reboot; {@code healthy} when it came back empty. */
    record HealthChecked(String node, boolean healthy, Instant at) implements Input {
    }

    /** An operator paused or resumed all reboots (a resume also lifts an automatic pause). */
    record PauseSet(boolean paused, String by) implements Input {
    }

    /**
     * An operator asks for a reboot the node's sensor does not: the node is REQUESTED for its
     * current boot (it waits for budgets, windows and blockers like any other). A node the
     * coordinator does not know yet is ignored.
     */
    record RebootRequested(String node, String by) implements Input {
    }

    /** An operator gives up on a STUCK node: its slot frees and it is not retried in this boot. */
    record OperatorReleased(String node, String by) implements Input {
    }

    /** The executor steps the coordinator acts on; others are ignored. */
    enum Step { CORDONED, DRAINED, DRAIN_FAILED, REBOOTING, REBOOTED, COMPLETED, FAILED, OTHER }

    enum CommandKind { DRAIN, REBOOT }
}
