package dev.kreboot.coordinator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The coordinator's policy rules, one behaviour per test, on a hand-moved clock. */
class PolicyTest {
    private static final String ALL = Input.BlockersEvaluated.CLUSTER;

    private static Policy.Deadlines deadlines(int drainMinutes, int rebootMinutes, int readyMinutes) {
        return new Policy.Deadlines(Duration.ofMinutes(drainMinutes), Duration.ofMinutes(rebootMinutes),
                Duration.ofMinutes(readyMinutes));
    }

    private static Policy policy(int budget, RebootWindow window, Duration margin, boolean blockers, Budget maxNotReady,
                                 Policy.Deadlines deadlines, Duration soak, boolean health, boolean canary,
                                 int maxFailures, boolean dryRun) {
        return new Policy(List.of(new Budget(budget, 0)), window, margin, blockers, Duration.ofSeconds(30),
                maxNotReady, deadlines, soak, health, canary, maxFailures, dryRun);
    }

    private static Policy blockersOn() {
        return policy(1, RebootWindow.always(), Duration.ZERO, true, null, Policy.Deadlines.NONE, Duration.ZERO,
                false, false, 0, false);
    }

    @Test
    void grantsNothingUntilBlockersAreEvaluatedAndNothingWhileTheyBlock() {
        Harness h = new Harness(blockersOn()).caughtUp().require("a");
        assertEquals(List.of(BlockReason.BLOCKERS_NOT_EVALUATED), h.explain("a").reasons(), "fail closed");
        h.blockers(ALL, BlockReason.ALERTS_ACTIVE).blockers("a");
        assertEquals(Set.of(), h.holders(), "blocked nodes hold no slot");
        assertEquals(List.of(BlockReason.ALERTS_ACTIVE), h.explain("a").reasons());
        h.later(Duration.ofSeconds(5)).blockers(ALL);
        assertEquals(Set.of("a"), h.holders());
    }

    @Test
    void aStaleVerdictCountsAsNoVerdict() {
        Harness h = new Harness(blockersOn()).caughtUp().blockers(ALL).blockers("a");
        h.later(Duration.ofSeconds(31)).require("a");
        assertEquals(Set.of(), h.holders());
        assertEquals(List.of(BlockReason.BLOCKERS_NOT_EVALUATED), h.explain("a").reasons());
    }

    @Test
    void checksTheBlockersAgainBeforeTheReboot() {
        Harness h = new Harness(blockersOn()).caughtUp().blockers(ALL).blockers("a").require("a");
        assertEquals(1, h.drains().size());
        h.later(Duration.ofSeconds(1)).progress("a", Input.Step.DRAINED);
        assertEquals(List.of(), h.reboots(), "the verdict before the drain does not cover the reboot");
        assertEquals(Phase.DRAINED, h.phase("a"));
        h.later(Duration.ofSeconds(1)).blockers("a", BlockReason.BLOCKING_PODS).blockers(ALL);
        assertEquals(List.of(), h.reboots());
        assertEquals(List.of(BlockReason.BLOCKING_PODS), h.explain("a").reasons());
        h.later(Duration.ofSeconds(1)).blockers("a");
        assertEquals(1, h.reboots().size());
        assertEquals(Phase.REBOOTING, h.phase("a"));
    }

    @Test
    void grantsOnlyInsideTheWindowAndNotWhenTheDrainCannotFinish() {
        RebootWindow nights = RebootWindow.parse("", "22:00", "4am", "UTC");
        Harness h = new Harness(policy(1, nights, Duration.ofMinutes(30), false, null, Policy.Deadlines.NONE,
                Duration.ZERO, false, false, 0, false)).at("2026-11-28T12:00:00Z").caughtUp().require("a");
        assertEquals(List.of(BlockReason.OUTSIDE_WINDOW), h.explain("a").reasons());
        h.at("2026-11-29T03:45:00Z").tick();
        assertEquals(List.of(BlockReason.WINDOW_CLOSING), h.explain("a").reasons(), "15 min left, 30 needed");
        assertEquals(Set.of(), h.holders());
        h.at("2026-11-29T22:00:00Z").tick();
        assertEquals(Set.of("a"), h.holders());
    }

    @Test
    void pauseBlocksGrantsAndRebootsUntilResumed() {
        Harness h = new Harness().caughtUp().require("a");
        h.progress("a", Input.Step.DRAINED);
        h.progress("a", Input.Step.COMPLETED);
        h.apply(new Input.PauseSet(true, "alice"));
        assertEquals(1, h.announced(Output.Kind.PAUSED).size());
        h.apply(new Input.StatusReported("b", true, "boot-b", 1, "s-b", null));
        assertEquals(List.of(BlockReason.PAUSED), h.explain("b").reasons());
        h.apply(new Input.PauseSet(false, "alice"));
        assertEquals(Set.of("b"), h.holders());
        assertEquals(1, h.announced(Output.Kind.RESUMED).size());
    }

    @Test
    void pausesItselfAfterConsecutiveFailuresAndSaysSo() {
        Harness h = new Harness(policy(3, RebootWindow.always(), Duration.ZERO, false, null, Policy.Deadlines.NONE,
                Duration.ZERO, false, false, 2, false)).caughtUp();
        h.require("a").require("b").require("c");
        h.progress("a", Input.Step.DRAIN_FAILED).progress("b", Input.Step.FAILED);
        assertEquals(List.of(BlockReason.AUTO_PAUSED), h.announced(Output.Kind.PAUSED).get(0).reasons());
        h.require("d");
        assertEquals(List.of(BlockReason.AUTO_PAUSED), h.explain("d").reasons());
        h.progress("c", Input.Step.DRAINED);
        assertEquals(Phase.DRAINED, h.phase("c"), "no reboot while paused");
        h.apply(new Input.PauseSet(false, "bob"));
        assertEquals(Set.of("c", "d"), h.holders());
        assertEquals(Phase.REBOOTING, h.phase("c"));
    }

    @Test
    void theFirstNodeOfARolloutGoesAlone() {
        Harness h = new Harness(policy(3, RebootWindow.always(), Duration.ZERO, false, null, Policy.Deadlines.NONE,
                Duration.ZERO, false, true, 0, false)).caughtUp();
        h.require("a").require("b").require("c");
        assertEquals(Set.of("a"), h.holders());
        assertEquals(List.of(BlockReason.CANARY_IN_PROGRESS), h.explain("b").reasons());
        h.progress("a", Input.Step.DRAINED).progress("a", Input.Step.COMPLETED);
        assertEquals(Set.of("b", "c"), h.holders());
    }

    @Test
    void aNodePastItsDeadlineIsStuckAndKeepsItsSlotUntilReleased() {
        Harness h = new Harness(policy(1, RebootWindow.always(), Duration.ZERO, false, null, deadlines(10, 5, 5),
                Duration.ZERO, false, false, 0, false)).caughtUp().require("a").require("b");
        h.progress("a", Input.Step.DRAINED);
        h.later(Duration.ofMinutes(5)).tick();
        assertEquals(Phase.STUCK, h.phase("a"));
        assertEquals(1, h.announced(Output.Kind.NODE_STUCK).size());
        assertEquals(Set.of("a"), h.holders(), "STUCK keeps its slot");
        assertEquals(List.of(BlockReason.STUCK, BlockReason.AWAITING_REBOOT), h.explain("a").reasons());
        h.apply(new Input.OperatorReleased("a", "carol"));
        assertEquals(Phase.FAILED, h.phase("a"));
        assertEquals(Set.of("b"), h.holders());
    }

    @Test
    void aStuckNodeThatReportsLateMovesOn() {
        Harness h = new Harness(policy(1, RebootWindow.always(), Duration.ZERO, false, null, deadlines(10, 5, 5),
                Duration.ZERO, false, false, 0, false)).caughtUp().require("a");
        h.later(Duration.ofMinutes(11)).tick();
        assertEquals(Phase.STUCK, h.phase("a"));
        assertEquals(Duration.ofMinutes(10), Duration.between(h.coordinator.nodes().get("a").phaseSince().minus(
                Duration.ofMinutes(10)), h.coordinator.nodes().get("a").phaseSince()));
        h.progress("a", Input.Step.DRAINED);
        assertEquals(Phase.REBOOTING, h.phase("a"));
        h.progress("a", Input.Step.COMPLETED);
        assertEquals(Phase.DONE, h.phase("a"));
    }

    @Test
    void aDeletedNodeFreesItsSlot() {
        Harness h = new Harness(policy(1, RebootWindow.always(), Duration.ZERO, false, null, deadlines(10, 5, 5),
                Duration.ZERO, false, false, 0, false)).caughtUp().require("a").require("b");
        h.later(Duration.ofMinutes(11)).tick();
        assertEquals(Phase.STUCK, h.phase("a"));
        h.apply(new Input.NodeObserved("a", Map.of(), false, false, true));
        assertEquals(Set.of("b"), h.holders());
        assertEquals(List.of(BlockReason.NODE_DELETED), h.announced(Output.Kind.SLOT_RELEASED).get(0).reasons());
        h.apply(new Input.StatusReported("a", true, "boot-a2", 99, "sensor-a", null));
        assertEquals(Phase.REQUESTED, h.phase("a"));
        assertTrue(h.explain("a").reasons().contains(BlockReason.NODE_DELETED), "a deleted node is never granted");
    }

    @Test
    void theSlotFreesOnlyAfterReadySoakAndACleanHealthQuery() {
        Harness h = new Harness(policy(1, RebootWindow.always(), Duration.ZERO, false, null, Policy.Deadlines.NONE,
                Duration.ofMinutes(10), true, false, 0, false)).caughtUp().require("a").require("b");
        h.progress("a", Input.Step.DRAINED).progress("a", Input.Step.REBOOTED);
        h.apply(new Input.NodeObserved("a", Map.of(), false, false, false));
        h.progress("a", Input.Step.COMPLETED);
        assertEquals(Set.of("a"), h.holders());
        assertEquals(List.of(BlockReason.AWAITING_READY, BlockReason.SOAKING, BlockReason.HEALTH_QUERY_NOT_EMPTY),
                h.explain("a").reasons());
        h.apply(new Input.NodeObserved("a", Map.of(), true, false, false));
        h.later(Duration.ofMinutes(10)).apply(new Input.HealthChecked("a", false, h.now));
        assertEquals(List.of(BlockReason.HEALTH_QUERY_NOT_EMPTY), h.explain("a").reasons());
        h.later(Duration.ofSeconds(10)).apply(new Input.HealthChecked("a", true, h.now));
        assertEquals(Phase.DONE, h.phase("a"));
        assertEquals(Set.of("b"), h.holders());
    }

    @Test
    void aHealthResultVoidedAtTheEpochFreesNoSlotUntilTheQueryIsRunAgain() {
        // What the runtime applies when a RebootPolicy swaps the health check (AdapterSwap): without
        // it, a clear result of the old query taken while the node was NotReady frees the slot
        // the moment the node turns Ready, before the new query was ever run.
        Harness h = new Harness(policy(1, RebootWindow.always(), Duration.ZERO, false, null, Policy.Deadlines.NONE,
                Duration.ZERO, true, false, 0, false)).caughtUp().require("a").require("b");
        h.progress("a", Input.Step.DRAINED).progress("a", Input.Step.REBOOTED);
        h.apply(new Input.NodeObserved("a", Map.of(), false, false, false));
        h.progress("a", Input.Step.COMPLETED);
        h.later(Duration.ofSeconds(5)).apply(new Input.HealthChecked("a", true, h.now));
        assertEquals(List.of(BlockReason.AWAITING_READY), h.explain("a").reasons(), "only Ready missing");
        h.apply(new Input.HealthChecked("a", false, Instant.EPOCH));
        h.later(Duration.ofSeconds(5)).apply(new Input.NodeObserved("a", Map.of(), true, false, false));
        assertEquals(Set.of("a"), h.holders(), "Ready, but the new query has not answered yet");
        assertEquals(List.of(BlockReason.HEALTH_QUERY_NOT_EMPTY), h.explain("a").reasons());
        h.later(Duration.ofSeconds(5)).apply(new Input.HealthChecked("a", true, h.now));
        assertEquals(Phase.DONE, h.phase("a"));
        assertEquals(Set.of("b"), h.holders());
    }

    @Test
    void dryRunDecidesButSendsNoCommand() {
        Harness h = new Harness(policy(1, RebootWindow.always(), Duration.ZERO, false, null, Policy.Deadlines.NONE,
                Duration.ZERO, false, false, 0, true)).caughtUp().require("a");
        assertEquals(List.of(), h.drains());
        assertEquals(Set.of(), h.holders());
        assertEquals(List.of(BlockReason.DRY_RUN), h.announced(Output.Kind.REBOOT_BLOCKED).get(0).reasons());
        h.tick();
        assertEquals(1, h.announced(Output.Kind.REBOOT_BLOCKED).size(), "announced once");
    }

    @Test
    void maxNotReadyStopsGrantsWhileOtherNodesAreDown() {
        Harness h = new Harness(policy(2, RebootWindow.always(), Duration.ZERO, false, new Budget(1, 0),
                Policy.Deadlines.NONE, Duration.ZERO, false, false, 0, false)).caughtUp();
        h.zone("a", "z").zone("b", "z").zone("c", "z");
        h.apply(new Input.NodeObserved("c", Map.of(), false, false, false));
        h.require("a");
        assertTrue(h.explain("a").reasons().contains(BlockReason.TOO_MANY_NOT_READY), h.explain("a").toString());
        h.apply(new Input.NodeObserved("c", Map.of(), true, false, false));
        assertEquals(Set.of("a"), h.holders());
    }

    @Test
    void explainsEveryPhaseAsData() {
        Harness h = new Harness().caughtUp().require("a").require("b");
        h.apply(new Input.StatusReported("c", false, "boot-c", 1, "s", null));
        assertEquals(List.of(BlockReason.AWAITING_DRAIN), h.explain("a").reasons());
        assertEquals(List.of(BlockReason.BUDGET_EXHAUSTED), h.explain("b").reasons());
        assertEquals(List.of(BlockReason.NOT_REQUIRED), h.explain("c").reasons());
        assertEquals(Phase.REQUESTED, h.coordinator.explainAll(h.now).get("b").phase());
        h.progress("a", Input.Step.DRAIN_FAILED);
        assertEquals(List.of(BlockReason.FAILED_IN_THIS_BOOT), h.explain("a").reasons());
    }

    @Test
    void theOldestRequestGoesFirstAndKeepsItsPlaceWhileNotReady() {
        Harness h = new Harness().caughtUp().require("z");
        h.apply(new Input.NodeObserved("x", Map.of(), false, false, false));
        h.later(Duration.ofMinutes(1)).require("x").later(Duration.ofMinutes(1)).require("y");
        h.apply(new Input.NodeObserved("x", Map.of(), true, false, false));
        h.progress("z", Input.Step.DRAINED).progress("z", Input.Step.COMPLETED);
        assertEquals(Set.of("x"), h.holders());
    }
}
