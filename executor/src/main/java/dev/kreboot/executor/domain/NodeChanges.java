package dev.kreboot.executor.domain;

import dev.kreboot.schemas.Keys;

/**
 * How the executor changes its Node, with the cordon bookkeeping that keeps an administrator's
 * cordon: kreboot uncordons a node only if {@link Keys#CORDONED_BY_KREBOOT} says kreboot cordoned
 * it.
 */
public final class NodeChanges {

    /**
     * @param wasCordonedBefore an administrator had cordoned the node before kreboot did
     * @param announce          the node was not yet in this reboot's hands: report CORDONED
     */
    public record Cordon(NodeChange change, boolean wasCordonedBefore, boolean announce) {
    }

    /** @param uncordons the change makes the node schedulable again (kreboot had cordoned it) */
    public record Restore(NodeChange change, boolean uncordons) {
    }

    private NodeChanges() {
    }

    /**
     * Cordon for {@code command}'s drain. The node was cordoned by someone else exactly when it is
     * unschedulable and no kreboot cordon is recorded; a kreboot cordon left by an earlier reboot
     * stays kreboot's (its owner is rewritten to this reboot). Taking up the same reboot again
     * (after a restart) changes nothing but makes sure the node is still cordoned.
     */
    public static Cordon cordonForDrain(NodeFacts node, Command command) {
        boolean wasCordonedBefore = node.unschedulable() && node.cordonedBy() == null;
        NodeChange change = NodeChange.none()
                .withUnschedulable(node.unschedulable() ? null : Boolean.TRUE)
                .withAnnotation(Keys.REBOOT_IN_PROGRESS, command.rebootId())
                .withAnnotation(NodeKeys.LAST_COMMAND_SEQ, Long.toString(Math.max(command.seq(), node.lastCommandSeq())));
        if (!wasCordonedBefore) {
            change = change.withAnnotation(Keys.CORDONED_BY_KREBOOT, command.rebootId());
        }
        boolean announce = !command.rebootId().equals(node.rebootInProgress());
        return new Cordon(change, wasCordonedBefore, announce);
    }

    /**
     * Hands the node back: uncordon only if kreboot cordoned it, and drop the in-progress marks.
     * Used after a failed drain and after a verified reboot.
     */
    public static Restore restore(NodeFacts node) {
        boolean uncordons = node.cordonedBy() != null;
        NodeChange change = NodeChange.none()
                .withoutAnnotation(Keys.CORDONED_BY_KREBOOT)
                .withoutAnnotation(Keys.REBOOT_IN_PROGRESS);
        if (uncordons && node.unschedulable()) {
            change = change.withUnschedulable(Boolean.FALSE);
        }
        return new Restore(change, uncordons);
    }

    /** Marks the reboot's completion as reported (so it is reported once) and records the command. */
    public static NodeChange markCompleted(NodeFacts node, Command command) {
        return recordSeq(node, command.seq()).withAnnotation(Keys.COMPLETED_REBOOT, command.rebootId());
    }

    /** Records the newest handled command, so a restarted executor treats a replay as a duplicate. */
    public static NodeChange recordSeq(NodeFacts node, long seq) {
        return NodeChange.none()
                .withAnnotation(NodeKeys.LAST_COMMAND_SEQ, Long.toString(Math.max(seq, node.lastCommandSeq())));
    }
}
