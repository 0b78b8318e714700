package dev.kreboot.coordinator.domain;

import java.time.Instant;
import java.util.List;

/**
 * What the coordinator knows of one node. {@code bootIdToLeave} is the boot a granted reboot
 * leaves; {@code bootsLeft} are the boots that finished reboots left (newest first, the last
 * {@value #BOOTS_REMEMBERED}), so a late or replayed status from one of them cannot start a second
 * reboot. {@code stuckFrom} is the phase a STUCK node overran; {@code backSince} is when the
 * executor reported the node back (the health gate runs from there).
 */
public record NodeRecord(String node, Phase phase, String rebootId, String bootId, String bootIdToLeave,
                         List<String> bootsLeft, String failedInBoot, long statusSequence, String statusInstance,
                         Instant requestedAt, Instant phaseSince, List<BlockReason> blockedBy, Phase stuckFrom,
                         Instant backSince) {

    static final int BOOTS_REMEMBERED = 64;

    public NodeRecord {
        blockedBy = List.copyOf(blockedBy);
        bootsLeft = List.copyOf(bootsLeft);
    }

    boolean left(String boot) {
        return bootsLeft.contains(boot);
    }

    /** The phase whose rules apply: a STUCK node still follows the phase it overran. */
    Phase effectivePhase() {
        return phase == Phase.STUCK ? stuckFrom : phase;
    }

    static NodeRecord unknown(String node, Instant now) {
        return new NodeRecord(node, Phase.IDLE, null, null, null, List.of(), null, -1, null, null, now, List.of(),
                null, null);
    }

    NodeRecord phase(Phase next, Instant now) {
        return new NodeRecord(node, next, rebootId, bootId, bootIdToLeave, bootsLeft, failedInBoot,
                statusSequence, statusInstance, requestedAt, now, next == Phase.REQUESTED ? blockedBy : List.of(),
                null, next == Phase.REBOOTED ? backSince : null);
    }

    NodeRecord stuck(Instant now) {
        return new NodeRecord(node, Phase.STUCK, rebootId, bootId, bootIdToLeave, bootsLeft, failedInBoot,
                statusSequence, statusInstance, requestedAt, now, List.of(), effectivePhase(), backSince);
    }

    NodeRecord back(Instant now) {
        return new NodeRecord(node, Phase.REBOOTED, rebootId, bootId, bootIdToLeave, bootsLeft, failedInBoot,
                statusSequence, statusInstance, requestedAt, phase == Phase.REBOOTED ? phaseSince : now, List.of(),
                null, now);
    }

    NodeRecord granted(String newRebootId, Instant now) {
        return new NodeRecord(node, Phase.DRAINING, newRebootId, bootId, bootId, bootsLeft, failedInBoot,
                statusSequence, statusInstance, requestedAt, now, List.of(), null, null);
    }

    NodeRecord restored(Phase next, String restoredRebootId, String leaving, Instant now) {
        return new NodeRecord(node, next, restoredRebootId, bootId, leaving, bootsLeft, failedInBoot,
                statusSequence, statusInstance, requestedAt, now, List.of(), null, null);
    }

    NodeRecord status(boolean required, String newBootId, long sequence, String instance, Instant seenAt) {
        Instant requested = required ? (requestedAt != null ? requestedAt : seenAt) : null;
        return new NodeRecord(node, phase, rebootId, newBootId, bootIdToLeave, bootsLeft, failedInBoot,
                sequence, instance, requested, phaseSince, blockedBy, stuckFrom, backSince);
    }

    NodeRecord finished(Instant now) {
        return new NodeRecord(node, Phase.DONE, rebootId, bootId, null, withLeft(bootIdToLeave), failedInBoot,
                statusSequence, statusInstance, null, now, List.of(), null, null);
    }

    /** Remembers that a boot was left (a fact from any reboot report, however late). */
    NodeRecord leftBoot(String boot) {
        return new NodeRecord(node, phase, rebootId, bootId, bootIdToLeave, withLeft(boot), failedInBoot,
                statusSequence, statusInstance, requestedAt, phaseSince, blockedBy, stuckFrom, backSince);
    }

    private List<String> withLeft(String boot) {
        List<String> left = new java.util.ArrayList<>(bootsLeft);
        if (boot != null && !left.contains(boot)) {
            left.add(0, boot);
        }
        return left.subList(0, Math.min(left.size(), BOOTS_REMEMBERED));
    }

    NodeRecord failed(Instant now) {
        return new NodeRecord(node, Phase.FAILED, rebootId, bootId, null, bootsLeft, bootIdToLeave,
                statusSequence, statusInstance, requestedAt, now, List.of(), null, null);
    }

    /** The node object is gone: whatever it held is released; a status from a re-created node starts afresh. */
    NodeRecord gone(Instant now) {
        return new NodeRecord(node, Phase.IDLE, rebootId, bootId, null, withLeft(bootIdToLeave), failedInBoot,
                statusSequence, statusInstance, null, now, List.of(), null, null);
    }

    NodeRecord blocked(List<BlockReason> reasons) {
        return new NodeRecord(node, phase, rebootId, bootId, bootIdToLeave, bootsLeft, failedInBoot,
                statusSequence, statusInstance, requestedAt, phaseSince, reasons, stuckFrom, backSince);
    }
}
