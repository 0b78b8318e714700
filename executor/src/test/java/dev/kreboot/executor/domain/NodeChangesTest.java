package dev.kreboot.executor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.Keys;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NodeChangesTest {
    private static final Command DRAIN = new Command(CommandKind.DRAIN, "node-a", 7, "r1", "boot-1", null);

    private static NodeFacts node(boolean unschedulable, Map<String, String> annotations) {
        return new NodeFacts("node-a", unschedulable, true, annotations);
    }

    @Test
    void cordoningASchedulableNodeRecordsThatKrebootCordonedIt() {
        NodeChanges.Cordon cordon = NodeChanges.cordonForDrain(node(false, Map.of()), DRAIN);

        assertFalse(cordon.wasCordonedBefore());
        assertTrue(cordon.announce());
        assertEquals(Boolean.TRUE, cordon.change().unschedulable());
        assertEquals(Map.of(Keys.REBOOT_IN_PROGRESS, "r1", Keys.CORDONED_BY_KREBOOT, "r1", NodeKeys.LAST_COMMAND_SEQ, "7"),
                cordon.change().setAnnotations());
    }

    @Test
    void anAdministratorsCordonIsKeptAndNotClaimed() {
        NodeChanges.Cordon cordon = NodeChanges.cordonForDrain(node(true, Map.of()), DRAIN);

        assertTrue(cordon.wasCordonedBefore());
        assertNull(cordon.change().unschedulable(), "already unschedulable: nothing to change");
        assertFalse(cordon.change().setAnnotations().containsKey(Keys.CORDONED_BY_KREBOOT));
    }

    @Test
    void takingUpTheSameDrainAgainIsSilentAndKeepsOwnership() {
        NodeFacts alreadyOurs = node(true, Map.of(Keys.REBOOT_IN_PROGRESS, "r1", Keys.CORDONED_BY_KREBOOT, "r1",
                NodeKeys.LAST_COMMAND_SEQ, "7"));

        NodeChanges.Cordon cordon = NodeChanges.cordonForDrain(alreadyOurs, DRAIN);

        assertFalse(cordon.announce());
        assertFalse(cordon.wasCordonedBefore(), "kreboot's own cordon is not an administrator's");
        assertEquals("r1", cordon.change().setAnnotations().get(Keys.CORDONED_BY_KREBOOT));
    }

    @Test
    void aCordonLeftByAnEarlierRebootStaysKrebootsCordon() {
        NodeFacts stale = node(true, Map.of(Keys.REBOOT_IN_PROGRESS, "r0", Keys.CORDONED_BY_KREBOOT, "r0"));

        NodeChanges.Cordon cordon = NodeChanges.cordonForDrain(stale, DRAIN);

        assertFalse(cordon.wasCordonedBefore());
        assertTrue(cordon.announce());
        assertEquals("r1", cordon.change().setAnnotations().get(Keys.CORDONED_BY_KREBOOT));
    }

    @Test
    void aRecordedNewerSequenceIsNeverLowered() {
        NodeChanges.Cordon cordon = NodeChanges.cordonForDrain(node(false, Map.of(NodeKeys.LAST_COMMAND_SEQ, "9")), DRAIN);

        assertEquals("9", cordon.change().setAnnotations().get(NodeKeys.LAST_COMMAND_SEQ));
    }

    @Test
    void restoreUncordonsOnlyWhatKrebootCordoned() {
        NodeChanges.Restore ours = NodeChanges.restore(node(true, Map.of(Keys.REBOOT_IN_PROGRESS, "r1",
                Keys.CORDONED_BY_KREBOOT, "r1")));
        NodeChanges.Restore admins = NodeChanges.restore(node(true, Map.of(Keys.REBOOT_IN_PROGRESS, "r1")));

        assertTrue(ours.uncordons());
        assertEquals(Boolean.FALSE, ours.change().unschedulable());
        assertFalse(admins.uncordons());
        assertNull(admins.change().unschedulable());
        assertEquals(Set.of(Keys.REBOOT_IN_PROGRESS, Keys.CORDONED_BY_KREBOOT), admins.change().removeAnnotations());
    }

    @Test
    void completionMarkRecordsTheRebootAndTheCommand() {
        NodeChange mark = NodeChanges.markCompleted(node(false, Map.of()), new Command(CommandKind.REBOOT, "node-a", 8,
                "r1", "boot-1", null));

        assertEquals(Map.of(Keys.COMPLETED_REBOOT, "r1", NodeKeys.LAST_COMMAND_SEQ, "8"), mark.setAnnotations());
    }

    private static final NodeMarks MARKS = new NodeMarks(Map.of("reboot", "pending"), Map.of("reboot", "done"), true,
            "example.com/reboot-needed");
    private static final java.time.Instant NOW = java.time.Instant.parse("2026-11-28T01:02:03.456Z");

    @Test
    void theCordonCarriesThePreRebootLabelsAndTheRfc3339Times() {
        NodeChanges.Cordon cordon = NodeChanges.cordonForDrain(node(false, Map.of()), DRAIN, MARKS, NOW);

        assertEquals(Map.of("reboot", "pending"), cordon.change().setLabels());
        assertEquals("2026-11-28T01:02:03Z", cordon.change().setAnnotations().get(NodeKeys.REBOOT_IN_PROGRESS_SINCE));
        assertEquals("2026-11-28T01:02:03Z", cordon.change().setAnnotations().get(NodeKeys.MOST_RECENT_REBOOT_NEEDED));
        assertEquals(Boolean.TRUE, cordon.change().unschedulable());
    }

    @Test
    void takingUpADrainKeepsTheFirstTimes() {
        NodeFacts ours = node(true, Map.of(Keys.REBOOT_IN_PROGRESS, "r1", Keys.CORDONED_BY_KREBOOT, "r1"));

        NodeChanges.Cordon cordon = NodeChanges.cordonForDrain(ours, DRAIN, MARKS, NOW);

        assertFalse(cordon.change().setAnnotations().containsKey(NodeKeys.REBOOT_IN_PROGRESS_SINCE));
    }

    @Test
    void withoutAnnotateNodesNoTimesAreWritten() {
        NodeChanges.Cordon cordon = NodeChanges.cordonForDrain(node(false, Map.of()), DRAIN, NodeMarks.NONE, NOW);

        assertFalse(cordon.change().setAnnotations().containsKey(NodeKeys.MOST_RECENT_REBOOT_NEEDED));
        assertTrue(cordon.change().setLabels().isEmpty());
    }

    @Test
    void restoreAfterTheRebootSetsPostLabelsEvenUnderAnAdministratorsCordon() {
        NodeFacts admins = node(true, Map.of(Keys.REBOOT_IN_PROGRESS, "r1"));

        NodeChanges.Restore afterReboot = NodeChanges.restore(admins, MARKS, true);
        NodeChanges.Restore afterFailedDrain = NodeChanges.restore(admins, MARKS, false);

        assertNull(afterReboot.change().unschedulable());
        assertEquals(Map.of("reboot", "done"), afterReboot.change().setLabels());
        assertTrue(afterReboot.change().removeAnnotations().contains(NodeKeys.REBOOT_IN_PROGRESS_SINCE));
        assertFalse(afterReboot.change().removeAnnotations().contains(NodeKeys.MOST_RECENT_REBOOT_NEEDED));
        assertEquals(Set.of("example.com/reboot-needed"), afterReboot.change().removeTaints());
        assertTrue(afterFailedDrain.change().setLabels().isEmpty());
    }

    @Test
    void theSlotWaitTaintIsOnlyTouchedWhenConfigured() {
        assertEquals(Set.of("example.com/reboot-needed"), NodeChanges.waitingForSlot(MARKS, true).addTaints());
        assertEquals(Set.of("example.com/reboot-needed"), NodeChanges.waitingForSlot(MARKS, false).removeTaints());
        assertTrue(NodeChanges.waitingForSlot(NodeMarks.NONE, true).isEmpty());
    }

    @Test
    void theRebootRequestIsRecordedWithItsTimeAndGoesWithEveryRestore() {
        NodeChange requested = NodeChanges.markRebootRequested(node(true, Map.of()), DRAIN,
                java.time.Instant.parse("2026-03-01T10:00:00.123Z"));

        assertEquals("r1", requested.setAnnotations().get(NodeKeys.REBOOT_REQUESTED_FOR));
        assertEquals("2026-03-01T10:00:00.123Z", requested.setAnnotations().get(NodeKeys.REBOOT_REQUESTED_AT));
        NodeFacts marked = node(true, requested.setAnnotations());
        assertEquals("r1", marked.rebootRequestedFor());
        assertEquals(java.time.Instant.parse("2026-03-01T10:00:00.123Z"), marked.rebootRequestedAt());
        for (boolean afterReboot : new boolean[] {true, false}) {
            assertTrue(NodeChanges.restore(marked, NodeMarks.NONE, afterReboot).change().removeAnnotations()
                    .containsAll(Set.of(NodeKeys.REBOOT_REQUESTED_FOR, NodeKeys.REBOOT_REQUESTED_AT)));
        }
        assertNull(node(true, Map.of(NodeKeys.REBOOT_REQUESTED_AT, "yesterday")).rebootRequestedAt());
    }
}
