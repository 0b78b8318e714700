package dev.kreboot.executor.domain;

import dev.kreboot.schemas.Keys;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

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
     * {@link #cordonForDrain(NodeFacts, Command)} plus the configured marks: the pre-reboot labels
     * and, with annotate-nodes, the RFC 3339 times the reboot began and was needed (written when the
     * reboot is new to the node, so a restarted executor keeps the first times).
     */
    public static Cordon cordonForDrain(NodeFacts node, Command command, NodeMarks marks, Instant now) {
        Cordon cordon = cordonForDrain(node, command);
        NodeChange change = cordon.change().withLabels(marks.preRebootLabels());
        if (marks.annotateNodes() && cordon.announce()) {
            String time = rfc3339(now);
            change = change.withAnnotation(NodeKeys.REBOOT_IN_PROGRESS_SINCE, time)
                    .withAnnotation(NodeKeys.MOST_RECENT_REBOOT_NEEDED, time);
        }
        return new Cordon(change, cordon.wasCordonedBefore(), cordon.announce());
    }

    /**
     * {@link #restore(NodeFacts)} plus the configured marks: the in-progress time and the
     * PreferNoSchedule taint go; after a verified reboot the post-reboot labels are set, whether or
     * not the node stays cordoned by an administrator, and a reboot-timed-out mark goes.
     */
    public static Restore restore(NodeFacts node, NodeMarks marks, boolean afterReboot) {
        Restore restore = restore(node);
        NodeChange change = restore.change().withoutAnnotation(NodeKeys.REBOOT_IN_PROGRESS_SINCE)
                .withoutAnnotation(NodeKeys.REBOOT_REQUESTED_AT).withoutAnnotation(NodeKeys.REBOOT_REQUESTED_FOR)
                .withoutTaint(marks.preferNoScheduleTaint());
        if (afterReboot) {
            // A host that went down after the reboot timeout still came back: the mark has done its job.
            change = change.withLabels(marks.postRebootLabels()).withoutAnnotation(NodeKeys.REBOOT_TIMED_OUT);
        }
        return new Restore(change, restore.uncordons());
    }

    /** Puts on or takes off the PreferNoSchedule taint of a node waiting for its slot; none when off. */
    public static NodeChange waitingForSlot(NodeMarks marks, boolean waiting) {
        if (!marks.taintEnabled()) {
            return NodeChange.none();
        }
        return waiting ? NodeChange.none().withPreferNoScheduleTaint(marks.preferNoScheduleTaint())
                : NodeChange.none().withoutTaint(marks.preferNoScheduleTaint());
    }

    /** Records, just before the request, that the host is asked to reboot for {@code command}. */
    public static NodeChange markRebootRequested(NodeFacts node, Command command, Instant now) {
        return recordSeq(node, command.seq())
                .withAnnotation(NodeKeys.REBOOT_REQUESTED_FOR, command.rebootId())
                // Milliseconds: a restarted process counts the reboot deadline from this.
                .withAnnotation(NodeKeys.REBOOT_REQUESTED_AT,
                        DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
    }

    /** Records that the host did not go down for {@code command}, so no later process asks again. */
    public static NodeChange markRebootTimedOut(NodeFacts node, Command command) {
        return recordSeq(node, command.seq()).withAnnotation(NodeKeys.REBOOT_TIMED_OUT, command.rebootId());
    }

    static String rfc3339(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
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
