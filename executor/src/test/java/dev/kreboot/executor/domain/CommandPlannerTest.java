package dev.kreboot.executor.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.kreboot.schemas.Keys;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandPlannerTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String OLD_BOOT = "boot-1";
    private static final String NEW_BOOT = "boot-2";

    private static Command drain(long seq) {
        return new Command(CommandKind.DRAIN, "node-a", seq, "r1", OLD_BOOT, null);
    }

    private static Command reboot(long seq) {
        return new Command(CommandKind.REBOOT, "node-a", seq, "r1", OLD_BOOT, null);
    }

    private static NodeFacts node(String... keyValues) {
        Map<String, String> annotations = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            annotations.put(keyValues[i], keyValues[i + 1]);
        }
        return new NodeFacts("node-a", false, true, annotations);
    }

    private static Decision decide(Command command, NodeFacts node, Trigger trigger, String bootId) {
        return decide(command, node, ExecutorMemory.empty(), trigger, bootId);
    }

    private static Decision decide(Command command, NodeFacts node, ExecutorMemory memory, Trigger trigger, String bootId) {
        return CommandPlanner.decide(command, node, memory, trigger, bootId, NOW);
    }

    @Test
    void aNewDrainIsDrained() {
        assertInstanceOf(Decision.Drain.class, decide(drain(1), node(), Trigger.COMMAND, OLD_BOOT));
    }

    @Test
    void aCommandRecordedOnTheNodeIsADuplicate() {
        Decision decision = decide(drain(3), node(NodeKeys.LAST_COMMAND_SEQ, "3"), Trigger.COMMAND, OLD_BOOT);

        assertInstanceOf(Decision.Skip.class, decision);
    }

    @Test
    void aCommandRememberedInMemoryIsADuplicate() {
        ExecutorMemory memory = new ExecutorMemory(5, null, null, null);

        assertInstanceOf(Decision.Skip.class, decide(drain(4), node(), memory, Trigger.COMMAND, OLD_BOOT));
    }

    @Test
    void aDrainAlreadyUnderWayIsNotStartedTwice() {
        ExecutorMemory memory = new ExecutorMemory(1, ActivityKind.DRAINING, "r1", null);

        assertInstanceOf(Decision.Skip.class, decide(drain(2), node(), memory, Trigger.COMMAND, OLD_BOOT));
    }

    @Test
    void resumeTakesUpADrainThatIsStillInProgressOnTheNode() {
        NodeFacts midDrain = node(NodeKeys.LAST_COMMAND_SEQ, "1", Keys.REBOOT_IN_PROGRESS, "r1");

        assertInstanceOf(Decision.Drain.class, decide(drain(1), midDrain, Trigger.RESUME, OLD_BOOT));
    }

    @Test
    void resumeNeverRestartsADrainThatFailedAndRestoredTheNode() {
        NodeFacts restored = node(NodeKeys.LAST_COMMAND_SEQ, "1");

        assertInstanceOf(Decision.Skip.class, decide(drain(1), restored, Trigger.RESUME, OLD_BOOT));
    }

    @Test
    void anExpiredNewCommandIsRejectedWithItsReason() {
        Command expired = new Command(CommandKind.DRAIN, "node-a", 1, "r1", OLD_BOOT, NOW.minusSeconds(1));

        Decision decision = decide(expired, node(), Trigger.COMMAND, OLD_BOOT);

        assertEquals(ExecutorReason.COMMAND_EXPIRED, assertInstanceOf(Decision.Reject.class, decision).finding().reason());
    }

    @Test
    void aRebootOnTheBootToLeaveReboots() {
        assertInstanceOf(Decision.Reboot.class, decide(reboot(2), node(), Trigger.COMMAND, OLD_BOOT));
    }

    @Test
    void aRebootAlreadyRequestedByThisProcessIsNotRequestedAgain() {
        ExecutorMemory memory = new ExecutorMemory(2, null, null, "r1");

        assertInstanceOf(Decision.Skip.class, decide(reboot(2), node(), memory, Trigger.RESUME, OLD_BOOT));
    }

    @Test
    void resumeOnTheSameBootAsksAgainWhileTheNodeIsStillInThisReboot() {
        NodeFacts handled = node(NodeKeys.LAST_COMMAND_SEQ, "2", Keys.REBOOT_IN_PROGRESS, "r1");

        assertInstanceOf(Decision.Reboot.class, decide(reboot(2), handled, Trigger.RESUME, OLD_BOOT));
    }

    @Test
    void aRebootWhoseRequestTimedOutIsNeverRequestedAgain() {
        NodeFacts timedOut = node(NodeKeys.LAST_COMMAND_SEQ, "2", Keys.REBOOT_IN_PROGRESS, "r1",
                NodeKeys.REBOOT_TIMED_OUT, "r1");

        assertInstanceOf(Decision.Skip.class, decide(reboot(2), timedOut, Trigger.RESUME, OLD_BOOT));
        assertInstanceOf(Decision.AwaitReturn.class, decide(reboot(2), timedOut, Trigger.RESUME, NEW_BOOT),
                "a late boot is still verified and restored");
    }

    @Test
    void aRebootWhoseBootIsAlreadyLeftAwaitsTheNodesReturn() {
        assertInstanceOf(Decision.AwaitReturn.class, decide(reboot(2), node(), Trigger.COMMAND, NEW_BOOT));
    }

    @Test
    void resumeAfterTheBootAwaitsTheReturnEvenThoughTheCommandWasHandled() {
        NodeFacts handled = node(NodeKeys.LAST_COMMAND_SEQ, "2", Keys.REBOOT_IN_PROGRESS, "r1");

        assertInstanceOf(Decision.AwaitReturn.class, decide(reboot(2), handled, Trigger.RESUME, NEW_BOOT));
    }

    @Test
    void aCompletedRebootIsReportedOnlyOnce() {
        NodeFacts completed = node(NodeKeys.LAST_COMMAND_SEQ, "2", Keys.COMPLETED_REBOOT, "r1");

        assertInstanceOf(Decision.Skip.class, decide(reboot(2), completed, Trigger.RESUME, NEW_BOOT));
    }

    @Test
    void aSecondResumeWhileWaitingForTheReturnChangesNothing() {
        ExecutorMemory memory = new ExecutorMemory(2, ActivityKind.AWAITING_RETURN, "r1", "r1");

        assertInstanceOf(Decision.Skip.class, decide(reboot(2), node(), memory, Trigger.RESUME, NEW_BOOT));
    }

    @Test
    void anExpiredRebootIsNeverRequestedButItsReturnIsStillVerified() {
        Command expired = new Command(CommandKind.REBOOT, "node-a", 2, "r1", OLD_BOOT, NOW.minusSeconds(1));

        assertInstanceOf(Decision.Reject.class, decide(expired, node(), Trigger.COMMAND, OLD_BOOT));
        assertInstanceOf(Decision.AwaitReturn.class, decide(expired, node(), Trigger.COMMAND, NEW_BOOT));
    }

    @Test
    void aRebootAnEarlierProcessRequestedIsWatchedNotRequestedAgain() {
        NodeFacts requested = node(Keys.REBOOT_IN_PROGRESS, "r1", NodeKeys.LAST_COMMAND_SEQ, "2",
                NodeKeys.REBOOT_REQUESTED_FOR, "r1", NodeKeys.REBOOT_REQUESTED_AT, "2026-03-01T09:59:30Z");

        Decision decision = decide(reboot(2), requested, Trigger.RESUME, OLD_BOOT);

        assertEquals(new Decision.AwaitDown(Instant.parse("2026-03-01T09:59:30Z")), decision);
        assertEquals(decision, decide(reboot(3), requested, Trigger.COMMAND, OLD_BOOT), "also for a newer command of the same reboot");
    }

    @Test
    void aRequestMarkOfAnotherRebootDoesNotHoldThisOneBack() {
        NodeFacts node = node(Keys.REBOOT_IN_PROGRESS, "r1", NodeKeys.LAST_COMMAND_SEQ, "2",
                NodeKeys.REBOOT_REQUESTED_FOR, "r0", NodeKeys.REBOOT_REQUESTED_AT, "2026-03-01T09:59:30Z");

        assertInstanceOf(Decision.Reboot.class, decide(reboot(2), node, Trigger.RESUME, OLD_BOOT));
    }

    @Test
    void aTimedOutRequestStaysSkippedEvenWithItsRequestMark() {
        NodeFacts node = node(Keys.REBOOT_IN_PROGRESS, "r1", NodeKeys.LAST_COMMAND_SEQ, "2", NodeKeys.REBOOT_TIMED_OUT, "r1",
                NodeKeys.REBOOT_REQUESTED_FOR, "r1", NodeKeys.REBOOT_REQUESTED_AT, "2026-03-01T09:00:00Z");

        assertInstanceOf(Decision.Skip.class, decide(reboot(2), node, Trigger.RESUME, OLD_BOOT));
    }

    @Test
    void aRequestedRebootWhoseHostCameBackAwaitsTheReturn() {
        NodeFacts node = node(Keys.REBOOT_IN_PROGRESS, "r1", NodeKeys.LAST_COMMAND_SEQ, "2",
                NodeKeys.REBOOT_REQUESTED_FOR, "r1", NodeKeys.REBOOT_REQUESTED_AT, "2026-03-01T09:59:30Z");

        assertInstanceOf(Decision.AwaitReturn.class, decide(reboot(2), node, Trigger.RESUME, NEW_BOOT));
    }
}
