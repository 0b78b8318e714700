package dev.kreboot.coordinator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Coordinator#usePolicy}: a new policy governs the next decision, and only new decisions. */
class PolicySwapTest {
    private final Harness h = new Harness(Policy.of(new Budget(1, 0)));

    @Test
    void aRaisedBudgetGrantsMoreAtTheNextDecision() {
        h.require("a").require("b").require("c").caughtUp();
        assertEquals(Set.of("a"), h.holders());
        h.coordinator.usePolicy(Policy.of(new Budget(2, 0)), false);
        h.tick();
        assertEquals(Set.of("a", "b"), h.holders());
        assertTrue(h.explain("c").reasons().contains(BlockReason.BUDGET_EXHAUSTED));
    }

    @Test
    void aLoweredBudgetRevokesNothingButGrantsNothingUntilTheNodesFitUnderIt() {
        h.coordinator.usePolicy(Policy.of(new Budget(2, 0)), false);
        h.require("a").require("b").require("c").caughtUp();
        assertEquals(Set.of("a", "b"), h.holders());
        h.coordinator.usePolicy(Policy.of(new Budget(1, 0)), false);
        h.tick();
        assertEquals(Set.of("a", "b"), h.holders(), "granted slots stay granted");
        h.progress("a", Input.Step.DRAINED).progress("a", Input.Step.REBOOTING).progress("a", Input.Step.COMPLETED);
        h.tick();
        assertEquals(Set.of("b"), h.holders(), "c waits: b alone already fills the lowered budget");
        assertTrue(h.explain("c").reasons().contains(BlockReason.BUDGET_EXHAUSTED));
        h.progress("b", Input.Step.DRAINED).progress("b", Input.Step.REBOOTING).progress("b", Input.Step.COMPLETED);
        h.tick();
        assertEquals(Set.of("c"), h.holders());
    }

    @Test
    void aPolicyPauseHoldsGrantsAndRebootsWithItsOwnReasonAndLiftsWithoutAResume() {
        h.require("a").require("b").caughtUp();
        h.coordinator.usePolicy(Policy.of(new Budget(2, 0)), true);
        h.progress("a", Input.Step.DRAINED);
        h.tick();
        assertEquals(Set.of("a"), h.holders());
        assertEquals(Phase.DRAINED, h.phase("a"), "no Reboot command while the policy pauses");
        assertTrue(h.coordinator.paused());
        assertTrue(h.explain("b").reasons().contains(BlockReason.POLICY_PAUSED));
        assertFalse(h.explain("b").reasons().contains(BlockReason.PAUSED), "not the operator's pause");
        h.coordinator.usePolicy(Policy.of(new Budget(2, 0)), false);
        h.tick();
        assertEquals(Phase.REBOOTING, h.phase("a"));
        assertEquals(Set.of("a", "b"), h.holders());
        assertFalse(h.coordinator.paused());
    }
}
