package dev.kreboot.coordinator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoordinatorTest {
    private static final Instant T0 = Instant.parse("2026-11-28T02:00:00Z");
    private Instant now = T0;
    private final Coordinator coordinator = new Coordinator(Budget.parse("kreboot.concurrency", "1"));

    private List<Output> apply(Input input) {
        now = now.plus(Duration.ofSeconds(1));
        return coordinator.apply(input, now);
    }

    private List<Output> status(String node, boolean required, String boot, long seq) {
        return apply(new Input.StatusReported(node, required, boot, seq, "sensor-" + node, null));
    }

    private List<Output> progress(String node, String rebootId, Input.Step step) {
        return apply(new Input.ProgressReported(node, rebootId, step, "b", null));
    }

    private static List<Output.SendDrain> drains(List<Output> outputs) {
        return outputs.stream().filter(Output.SendDrain.class::isInstance).map(Output.SendDrain.class::cast).toList();
    }

    private static List<Output.SendReboot> reboots(List<Output> outputs) {
        return outputs.stream().filter(Output.SendReboot.class::isInstance).map(Output.SendReboot.class::cast).toList();
    }

    private static List<Output.Kind> kinds(List<Output> outputs) {
        return outputs.stream().filter(Output.Announce.class::isInstance)
                .map(o -> ((Output.Announce) o).kind()).toList();
    }

    @Test
    void grantsNothingWhileStillReplaying() {
        assertTrue(status("node-a", true, "boot-a1", 1).isEmpty());
        List<Output> afterReplay = apply(new Input.CaughtUp());
        assertEquals(1, drains(afterReplay).size());
        assertEquals(List.of(Output.Kind.ROLLOUT_STARTED, Output.Kind.SLOT_GRANTED), kinds(afterReplay));
    }

    @Test
    void grantsInRequestOrderUpToTheBudgetAndAnnouncesTheRestBlockedOnce() {
        apply(new Input.CaughtUp());
        var first = status("node-b", true, "boot-b1", 1);
        assertEquals("node-b", drains(first).get(0).node());
        var second = status("node-a", true, "boot-a1", 1);
        assertTrue(drains(second).isEmpty(), "budget 1 is in use");
        assertEquals(List.of(Output.Kind.REBOOT_BLOCKED), kinds(second));
        assertTrue(apply(new Input.Tick()).isEmpty(), "blocked is announced on change only");
        assertEquals(1, coordinator.slotsInUse());
    }

    @Test
    void sendsTheRebootOnceAfterDrainedEvenIfDrainedArrivesTwice() {
        apply(new Input.CaughtUp());
        String rebootId = drains(status("node-a", true, "boot-a1", 1)).get(0).rebootId();
        var reboot = reboots(progress("node-a", rebootId, Input.Step.DRAINED));
        assertEquals(1, reboot.size());
        assertEquals("boot-a1", reboot.get(0).bootIdToLeave());
        assertTrue(reboots(progress("node-a", rebootId, Input.Step.DRAINED)).isEmpty());
    }

    @Test
    void completionFreesTheSlotForTheNextNode() {
        apply(new Input.CaughtUp());
        String rebootId = drains(status("node-a", true, "boot-a1", 1)).get(0).rebootId();
        status("node-b", true, "boot-b1", 1);
        progress("node-a", rebootId, Input.Step.DRAINED);
        progress("node-a", rebootId, Input.Step.REBOOTED);
        var completed = progress("node-a", rebootId, Input.Step.COMPLETED);
        assertEquals("node-b", drains(completed).get(0).node());
        assertEquals(Phase.DONE, coordinator.nodes().get("node-a").phase());
    }

    @Test
    void aLateStatusFromTheBootAlreadyLeftDoesNotRebootAgain() {
        apply(new Input.CaughtUp());
        String rebootId = drains(status("node-a", true, "boot-a1", 1)).get(0).rebootId();
        progress("node-a", rebootId, Input.Step.DRAINED);
        progress("node-a", rebootId, Input.Step.COMPLETED);
        // A status published just before the reboot, delivered late, from another sensor instance.
        var late = apply(new Input.StatusReported("node-a", true, "boot-a1", 99, "sensor-old-pod", null));
        assertTrue(drains(late).isEmpty());
        // The next boot needing a reboot is a new episode.
        var next = status("node-a", true, "boot-a2", 2);
        assertEquals(1, drains(next).size());
    }

    @Test
    void ignoresStaleOrDuplicateStatuses() {
        apply(new Input.CaughtUp());
        status("node-a", false, "boot-a1", 5);
        assertTrue(drains(status("node-a", true, "boot-a1", 4)).isEmpty(), "older sequence from the same sensor");
        assertTrue(drains(status("node-a", false, "boot-a1", 5)).isEmpty());
        assertEquals(Phase.IDLE, coordinator.nodes().get("node-a").phase());
    }

    @Test
    void ignoresProgressForAnotherReboot() {
        apply(new Input.CaughtUp());
        status("node-a", true, "boot-a1", 1);
        assertTrue(progress("node-a", "some-old-reboot", Input.Step.COMPLETED).isEmpty());
        assertEquals(Phase.DRAINING, coordinator.nodes().get("node-a").phase());
    }

    @Test
    void aFailedDrainFreesTheSlotAndIsNotRetriedInTheSameBoot() {
        apply(new Input.CaughtUp());
        String rebootId = drains(status("node-a", true, "boot-a1", 1)).get(0).rebootId();
        var failed = progress("node-a", rebootId, Input.Step.DRAIN_FAILED);
        assertTrue(kinds(failed).contains(Output.Kind.SLOT_RELEASED));
        assertTrue(drains(status("node-a", true, "boot-a1", 2)).isEmpty());
        assertEquals(Phase.FAILED, coordinator.nodes().get("node-a").phase());
    }

    @Test
    void restoredCommandsHoldTheirSlotsAndTheSequenceContinues() {
        apply(new Input.CommandRestored("node-a", "r-a", Input.CommandKind.REBOOT, "boot-a1", 41));
        status("node-b", true, "boot-b1", 1);
        var afterReplay = apply(new Input.CaughtUp());
        assertTrue(drains(afterReplay).isEmpty(), "node-a still holds the only slot");
        var done = progress("node-a", "r-a", Input.Step.COMPLETED);
        assertEquals(42, drains(done).get(0).commandSeq());
    }

    @Test
    void aPercentageBudgetRoundsDownButAllowsAtLeastOneNode() {
        assertEquals(1, Budget.parse("k", "20%").allowed(4));
        assertEquals(2, Budget.parse("k", "20%").allowed(10));
        assertEquals(3, Budget.parse("k", "3").allowed(1));
    }

    @Test
    void rejectsAMeaninglessBudgetNamingTheKey() {
        for (String bad : new String[] {"0", "-1", "150%", "two", ""}) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> Budget.parse("kreboot.concurrency", bad));
            assertTrue(e.getMessage().contains("kreboot.concurrency"), e.getMessage());
        }
    }

    @Test
    void announcesTheEndOfTheRollout() {
        apply(new Input.CaughtUp());
        String rebootId = drains(status("node-a", true, "boot-a1", 1)).get(0).rebootId();
        progress("node-a", rebootId, Input.Step.DRAINED);
        assertTrue(kinds(progress("node-a", rebootId, Input.Step.COMPLETED)).contains(Output.Kind.ROLLOUT_FINISHED));
    }

    @Test
    void aManualRequestRebootsANodeItsSensorDoesNotFlagUntilTheNodeLeavesThatBoot() {
        apply(new Input.CaughtUp());
        status("node-a", false, "boot-a1", 1);
        assertTrue(drains(apply(new Input.RebootRequested("node-unknown", "ops"))).isEmpty(), "unknown: ignored");
        String rebootId = drains(apply(new Input.RebootRequested("node-a", "ops"))).get(0).rebootId();
        assertTrue(drains(status("node-a", false, "boot-a1", 2)).isEmpty(), "the sensor's 'not required' keeps the grant");
        progress("node-a", rebootId, Input.Step.DRAINED);
        apply(new Input.ProgressReported("node-a", rebootId, Input.Step.COMPLETED, "boot-a2", "boot-a1"));
        status("node-a", false, "boot-a2", 3);
        assertEquals(Phase.IDLE, coordinator.nodes().get("node-a").phase(), "the new boot is not requested again");
    }
}
