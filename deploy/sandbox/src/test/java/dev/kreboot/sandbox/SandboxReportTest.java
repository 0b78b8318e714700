package dev.kreboot.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's rollout figures: measured only when the rollout ended. */
class SandboxReportTest {
    private static final long STARTED = 1_796_396_633_652L;

    @Test
    void aRolloutWhoseNodeNeverCompletedHasNoDurationRatioSlotTimeOrPacking() {
        // As in never-returns: no completion, so the run's end defaulted to 0 and rolloutMs is -start.
        RunResult stuck = run(-STARTED, new RunResult.NodeRow("node-1", true, 0, 1200L, null, null, "NOT COMPLETED"),
                new RunResult.NodeRow("node-2", false, 0, null, null, null, "-"));

        Map<String, Object> rollout = rollout(List.of(stuck));

        assertNull(stuck.finishedRolloutMs());
        assertNull(rollout.get("durationMs"), rollout.toString());
        assertNull(rollout.get("ratio"), rollout.toString());
        assertNull(rollout.get("packingRatio"), rollout.toString());
        assertNull(rollout.get("slotTimeMs"), "a slot still held has no end: " + rollout);
        assertEquals(3300L, rollout.get("idealMs"));
    }

    @Test
    void oneUnfinishedRunAmongSeveralLeavesTheRolloutUnmeasured() {
        RunResult done = run(5000, new RunResult.NodeRow("node-1", true, 1, 1000L, 2000L, 4000L, "completed"));
        RunResult stuck = run(2000, new RunResult.NodeRow("node-1", true, 1, 1000L, 500L, 1800L, "completed"),
                new RunResult.NodeRow("node-2", true, 0, 800L, null, null, "NOT COMPLETED"));

        assertNull(rollout(List.of(done, stuck)).get("durationMs"));
    }

    @Test
    void aFinishedRolloutReportsItsDurationRatioAndPacking() {
        RunResult done = run(6600, new RunResult.NodeRow("node-1", true, 1, 1000L, 2000L, 4000L, "completed"),
                new RunResult.NodeRow("node-2", true, 1, 1000L, 2000L, 4000L, "completed"),
                new RunResult.NodeRow("node-3", false, 0, null, null, null, "-"));

        Map<String, Object> rollout = rollout(List.of(done));

        assertEquals(6600L, done.finishedRolloutMs());
        assertEquals(6600L, rollout.get("durationMs"));
        assertEquals(2.0, rollout.get("ratio"));
        assertEquals(8000L, rollout.get("slotTimeMs"));
        assertEquals(1.65, rollout.get("packingRatio"), "6600 ms against 8000 ms of slot time over 2 slots");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rollout(List<RunResult> results) {
        try {
            return (Map<String, Object>) Sandbox.report(SandboxOptions.parse("--scenario", "never-returns"), results, 1)
                    .get("rollout");
        } catch (SandboxOptions.BadOption e) {
            throw new AssertionError(e);
        }
    }

    private static RunResult run(long rolloutMs, RunResult.NodeRow... rows) {
        return new RunResult("never-returns", 7, List.of(), rows.length, rows.length, 0, Map.of(), 2, 1, List.of(),
                List.of(), 0, Map.of(), 0, List.of(), List.of(), rolloutMs, 3300, 9000, null, List.of(rows), List.of(), "");
    }
}
