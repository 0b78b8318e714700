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

    /** The executor steps the coordinator acts on; others are ignored. */
    enum Step { CORDONED, DRAINED, DRAIN_FAILED, REBOOTING, REBOOTED, COMPLETED, FAILED, OTHER }

    enum CommandKind { DRAIN, REBOOT }
}
