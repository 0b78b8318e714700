package dev.kreboot.kubectl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RenderTest {
    @Test
    void columnsAlignOnTheWidestCellAndTheLastColumnIsNotPadded() {
        assertEquals("NODE      PHASE\nnode-100  DONE\nn         REQUESTED\n",
                Render.table(List.of("NODE", "PHASE"), List.of(List.of("node-100", "DONE"), List.of("n", "REQUESTED"))));
    }

    @Test
    void whyListsEveryReasonWithItsTextAndSaysSoWhenNothingHoldsTheNode() {
        assertEquals("a is REQUESTED since 2026-12-04T02:00:00Z:\n  - BUDGET_EXHAUSTED: all reboot slots are in use\n"
                        + "  - OUTSIDE_WINDOW: outside the reboot window\n",
                Render.why(Map.of("node", "a", "phase", "REQUESTED", "phaseSince", "2026-12-04T02:00:00Z", "reasons",
                        List.of(Map.of("code", "BUDGET_EXHAUSTED", "message", "all reboot slots are in use"),
                                Map.of("code", "OUTSIDE_WINDOW", "message", "outside the reboot window")))));
        assertEquals("b is DRAINING since 2026-12-04T02:00:00Z (STUCK after 2026-12-04T04:00:00Z): nothing holds it "
                        + "back\n", Render.why(Map.of("node", "b", "phase", "DRAINING", "phaseSince",
                "2026-12-04T02:00:00Z", "deadline", "2026-12-04T04:00:00Z")));
    }

    @Test
    void aStatusWithoutNodesSaysSo() {
        String text = Render.status("default", Map.of("leader", "c-0", "policySource", "environment", "summary",
                Map.of("nodes", 0, "needingReboot", 0, "inProgress", 0, "blocked", 0), "nodes", List.of()));
        assertEquals(List.of("RebootPolicy default: leader c-0, policy from environment",
                "CONDITION  STATUS  REASON  MESSAGE",
                "nodes 0, needing reboot 0, in progress 0, allowed now -, blocked 0", "",
                "no node has reported to the coordinator yet"), text.lines().toList());
    }

    @Test
    void nodesTheStatusLeavesOutAreCountedByPhase() {
        String text = Render.status("default", Map.of("leader", "c-0", "policySource", "environment", "summary",
                Map.of("nodes", 4, "needingReboot", 1, "inProgress", 1, "blocked", 0), "nodes",
                List.of(Map.of("node", "n-2", "phase", "DRAINING", "phaseSince", "2026-12-06T21:00:00Z")),
                "nodesNotListed", Map.of("IDLE", 3)));
        assertEquals(List.of("NODE  PHASE     SINCE                 REASONS", "n-2   DRAINING  2026-12-06T21:00:00Z  -",
                "not listed: 3 more nodes (IDLE 3); the status lists the most pressing 1 "
                        + "(kreboot.policy.status-max-nodes); kubectl kreboot why NODE asks the coordinator for any node"),
                text.lines().skip(4).toList());
        String none = Render.status("default", Map.of("summary", Map.of("nodes", 1), "nodes", List.of(),
                "nodesNotListed", Map.of("IDLE", 1)));
        assertEquals("not listed: 1 more node (IDLE 1); the status lists the most pressing 0 "
                + "(kreboot.policy.status-max-nodes); kubectl kreboot why NODE asks the coordinator for any node",
                none.lines().reduce((a, b) -> b).orElseThrow(), "no claim that no node has reported");
    }

    @Test
    void theBlockersAndTheHealthGateInForceAreNamedAndNoneSaysSo() {
        String text = Render.status("default", Map.of("summary", Map.of("nodes", 0), "nodes", List.of(),
                "blockers", List.of("Prometheus alerts at http://p:9090/ (firing only)", "running pods matching 'app=x'"),
                "healthGate", "no series from up == 0 at http://p:9090/"));
        assertEquals(List.of("blockers: Prometheus alerts at http://p:9090/ (firing only); running pods matching 'app=x'",
                "health gate: no series from up == 0 at http://p:9090/", ""), text.lines().skip(3).limit(3).toList());
        String none = Render.status("default", Map.of("summary", Map.of("nodes", 0), "nodes", List.of(),
                "blockers", List.of()));
        assertEquals(List.of("blockers: none", "health gate: none", ""), none.lines().skip(3).limit(3).toList());
    }
}
