package dev.kreboot.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/**
 * End to end, through every service, a real broker and the API server: the README's run with 6
 * nodes, 4 needing a reboot and a budget of 2, checked field by field from the JSON report.
 */
class SandboxIT {

    @Test
    void rebootsEveryNodeThatNeedsItOnceWithinTheBudget(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("r.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Sandbox.run(new String[] {"--nodes", "6", "--needs-reboot", "4", "--concurrency", "2",
                "--seed", "7", "--report", report.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);

        @SuppressWarnings("unchecked")
        Map<String, Object> r = new ObjectMapper().readValue(Files.readString(report), Map.class);
        assertEquals("happy", r.get("scenario"));
        assertEquals(7, r.get("seed"));
        assertEquals(1, r.get("runs"));
        assertEquals(6, r.get("nodes"));
        assertEquals(4, r.get("nodesRequiringReboot"));
        assertEquals(4, r.get("nodesRebooted"));
        @SuppressWarnings("unchecked")
        Map<String, Integer> perNode = (Map<String, Integer>) r.get("rebootsPerNode");
        assertEquals(4, perNode.size(), perNode.toString());
        assertTrue(perNode.values().stream().allMatch(c -> c == 1), perNode.toString());
        assertEquals(2, r.get("concurrencyLimit"));
        int maxObserved = (Integer) r.get("maxConcurrentObserved");
        assertTrue(maxObserved >= 1 && maxObserved <= 2, "max concurrent " + maxObserved);
        assertEquals(List.of(), r.get("invariantViolations"));
        assertEquals(List.of(), r.get("stuckNodes"));
        @SuppressWarnings("unchecked")
        Map<String, Object> notifications = (Map<String, Object>) r.get("notifications");
        // Per reboot at least SLOT_GRANTED, CORDONED, DRAINED, REBOOTING, REBOOTED, UNCORDONED,
        // COMPLETED, SLOT_RELEASED; every one of them reached the webhook (the run checks each id).
        assertTrue((Integer) notifications.get("delivered") >= 4 * 8, notifications.toString());
        assertEquals(0, notifications.get("duplicates"));
        assertTrue((Integer) r.get("durationMs") > 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> rollout = (Map<String, Object>) r.get("rollout");
        double packing = ((Number) rollout.get("packingRatio")).doubleValue();
        // The rollout cannot be shorter than its nodes' slot time spread over the budget.
        assertTrue(packing >= 0.99, rollout.toString());
        assertTrue(((Number) rollout.get("slotTimeMs")).longValue() > 0, rollout.toString());
        assertEquals("single-object", r.get("wireFormat"));
        assertEquals("", r.get("topicPrefix"), "the embedded broker is fresh per run: no prefix");
        assertTrue(printed.contains("COMPLETED"), "the live timeline shows the lifecycle");
        assertTrue(printed.contains("PASSED"), printed);
    }

    @Test
    void keepsAnAdminsCordonAfterTheReboot() throws Exception {
        // Budget 2: while an admin keeps a node cordoned it is out for the budget (out for any reason
        // counts), so with a budget of 1 the other node would wait behind it.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Sandbox.run(new String[] {"--scenario", "pre-cordoned", "--nodes", "3", "--needs-reboot", "2",
                "--concurrency", "2", "--seed", "11"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        assertTrue(printed.contains("rebooted 2/2"), printed);
    }

    @Test
    void reportsAndRestoresANodeWhosePdbAllowsNoEvictionWhileTheOthersFinish() throws Exception {
        String printed = assertScenarioPasses("pdb-blocks");
        assertTrue(printed.contains("rebooted 1/2"), printed);
    }

    @Test
    void anExecutorKilledMidDrainResumesAndItsNodeFinishesOnce() throws Exception {
        String printed = assertScenarioPasses("executor-crash");
        assertTrue(printed.contains("FAULT: the executor of"), printed);
    }

    @Test
    void aBrokerRestartMidRolloutLosesAndRepeatsNothing() throws Exception {
        String printed = assertScenarioPasses("broker-restart");
        assertTrue(printed.contains("FAULT: the Kafka broker is back"), printed);
    }

    @Test
    void aNodeThatNeverReturnsBecomesStuckAndKeepsItsSlotWhileTheOthersFinish(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("stuck.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Sandbox.run(new String[] {"--scenario", "never-returns", "--nodes", "4", "--needs-reboot", "3",
                "--concurrency", "2", "--seed", "11", "--report", report.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> r = new ObjectMapper().readValue(Files.readString(report), Map.class);
        assertEquals(1, ((List<?>) r.get("stuckNodes")).size(), r.toString());
        assertEquals(2, r.get("nodesRebooted"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("NODE_STUCK"));
    }

    @Test
    void noSlotIsGrantedWhileAnAlertFires() throws Exception {
        String printed = assertScenarioPasses("alert-firing");
        assertTrue(printed.contains("Prometheus alerts are active"), printed);
    }

    @Test
    void noSlotIsGrantedBeforeTheWindowOpens() throws Exception {
        String printed = assertScenarioPasses("window-closed");
        assertTrue(printed.contains("outside the reboot window"), printed);
    }

    @Test
    void theStandbyCoordinatorContinuesWhenTheLeaderIsKilled(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("failover.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Sandbox.run(new String[] {"--scenario", "coordinator-failover", "--nodes", "4", "--needs-reboot", "3",
                "--seed", "11", "--quiet", "--report", report.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> r = new ObjectMapper().readValue(Files.readString(report), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> failover = (Map<String, Object>) r.get("failover");
        assertTrue(failover.get("nextGrantAfterMs") instanceof Integer, r.toString());
        assertEquals(3, r.get("nodesRebooted"));
    }

    @Test
    void chaosRunsKeepEveryInvariant(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("chaos.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Sandbox.run(new String[] {"--scenario", "chaos", "--runs", "3", "--nodes", "4", "--needs-reboot", "3",
                "--concurrency", "2", "--seed", "2026", "--quiet", "--report", report.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> r = new ObjectMapper().readValue(Files.readString(report), Map.class);
        assertEquals(3, r.get("runs"));
        assertEquals(9, r.get("nodesRebooted"));
        assertEquals(List.of(), r.get("invariantViolations"));
        assertTrue(!((List<?>) r.get("faultsInjected")).isEmpty(), "chaos injected faults: " + r.get("faultsInjected"));
    }

    @Test
    void aPolicyChangedBrokenAndPausedMidRolloutNeverLetsMoreOutThanTheBudgetInForce(@TempDir Path dir)
            throws Exception {
        Path report = dir.resolve("policy-change.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Sandbox.run(new String[] {"--scenario", "policy-change", "--seed", "11", "--report",
                report.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        @SuppressWarnings("unchecked")
        Map<String, Object> r = new ObjectMapper().readValue(Files.readString(report), Map.class);
        assertEquals(6, r.get("nodesRebooted"));
        assertEquals(List.of(), r.get("invariantViolations"));
        List<?> steps = (List<?>) r.get("faultsInjected");
        assertTrue(steps.stream().anyMatch(s -> s.toString().contains("generation 2 {concurrency=2} in force")),
                steps.toString());
        assertTrue(steps.stream().anyMatch(s -> s.toString().contains("generation 3 refused, generation 2 stays "
                + "in force: spec.window.timeZone")), steps.toString());
        assertTrue(steps.stream().anyMatch(s -> s.toString().contains("paused for ")), steps.toString());
        assertTrue(steps.stream().anyMatch(s -> s.toString().contains("generation 5 {concurrency=3} in force")),
                steps.toString());
        assertTrue(printed.contains("reboots are paused by the RebootPolicy (spec.paused)"),
                "the pause shows in the timeline's reasons");
        assertTrue(printed.contains("RebootPolicy generation 3 refused: spec.window.timeZone"), printed);
    }

    /** Each scenario checks its own expected end inside the run (see ScenarioPlan); exit 0 means it held. */
    private static String assertScenarioPasses(String scenario) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Sandbox.run(new String[] {"--scenario", scenario, "--nodes", "3", "--needs-reboot", "2",
                "--seed", "11"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        assertTrue(printed.contains("duplicates"), printed);
        return printed;
    }
}
