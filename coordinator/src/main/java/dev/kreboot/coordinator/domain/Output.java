package dev.kreboot.coordinator.domain;

import java.util.List;

/** What the coordinator wants published as a result of an input. */
public sealed interface Output {

    record SendDrain(String node, String rebootId, String bootIdToLeave, long commandSeq) implements Output {
    }

    record SendReboot(String node, String rebootId, String bootIdToLeave, long commandSeq) implements Output {
    }

    /** A decision for subscribers and people; {@code node} is "*" for cluster-wide ones. */
    record Announce(Kind kind, String node, String rebootId, List<BlockReason> reasons, int slotsInUse,
                    int slotsAllowed) implements Output {
        public Announce {
            reasons = List.copyOf(reasons);
        }
    }

    enum Kind { SLOT_GRANTED, SLOT_RELEASED, REBOOT_BLOCKED, PAUSED, RESUMED, NODE_STUCK, ROLLOUT_STARTED,
        ROLLOUT_FINISHED }
}
