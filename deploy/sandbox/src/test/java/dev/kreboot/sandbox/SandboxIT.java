package dev.kreboot.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.ObjectMapper;

/**
 * End to end, through every service, a real broker and the API server: the README's run with 6
 * nodes, 4 needing a reboot and a budget of 2, checked field by field from the JSON report.
 */
class SandboxIT {

    @Test
    void rebootsEveryNodeThatNeedsItOnceWithinTheBudget(@TempDir Path dir) throws Exception {
        Run run = runReporting(dir.resolve("r.json"), "--nodes", "6", "--needs-reboot", "4", "--concurrency", "2",
                "--seed", "7");
        String printed = run.printed();

        Map<String, Object> r = run.report();
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
        String printed = run("--scenario", "pre-cordoned", "--nodes", "3", "--needs-reboot", "2",
                "--concurrency", "2", "--seed", "11");
        assertTrue(printed.contains("rebooted 2/2"), printed);
    }

    /**
     * Each scenario checks its own expected end inside the run (see ScenarioPlan); exit 0 means it
     * held. The first column names the behaviour, the last is a line of the run's output that shows it.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            reportsAndRestoresANodeWhosePdbAllowsNoEvictionWhileTheOthersFinish | pdb-blocks     | rebooted 1/2
            anExecutorKilledMidDrainResumesAndItsNodeFinishesOnce               | executor-crash | FAULT: the executor of
            aBrokerRestartMidRolloutLosesAndRepeatsNothing                      | broker-restart | FAULT: the Kafka broker is back
            noSlotIsGrantedWhileAnAlertFires                                    | alert-firing   | Prometheus alerts are active
            noSlotIsGrantedBeforeTheWindowOpens                                 | window-closed  | outside the reboot window
            """)
    void scenarioPasses(String behaviour, String scenario, String shown) throws Exception {
        String printed = run("--scenario", scenario, "--nodes", "3", "--needs-reboot", "2", "--seed", "11");
        assertTrue(printed.contains("duplicates"), printed);
        assertTrue(printed.contains(shown), printed);
    }

    @Test
    void aNodeThatNeverReturnsBecomesStuckAndKeepsItsSlotWhileTheOthersFinish(@TempDir Path dir) throws Exception {
        Run run = runReporting(dir.resolve("stuck.json"), "--scenario", "never-returns", "--nodes", "4",
                "--needs-reboot", "3", "--concurrency", "2", "--seed", "11");
        Map<String, Object> r = run.report();
        assertEquals(1, ((List<?>) r.get("stuckNodes")).size(), r.toString());
        assertEquals(2, r.get("nodesRebooted"));
        assertTrue(run.printed().contains("NODE_STUCK"));
    }

    @Test
    void theStandbyCoordinatorContinuesWhenTheLeaderIsKilled(@TempDir Path dir) throws Exception {
        Map<String, Object> r = runReporting(dir.resolve("failover.json"), "--scenario", "coordinator-failover",
                "--nodes", "4", "--needs-reboot", "3", "--seed", "11", "--quiet").report();
        @SuppressWarnings("unchecked")
        Map<String, Object> failover = (Map<String, Object>) r.get("failover");
        assertTrue(failover.get("nextGrantAfterMs") instanceof Integer, r.toString());
        assertEquals(3, r.get("nodesRebooted"));
    }

    @Test
    void chaosRunsKeepEveryInvariant(@TempDir Path dir) throws Exception {
        Map<String, Object> r = runReporting(dir.resolve("chaos.json"), "--scenario", "chaos", "--runs", "3",
                "--nodes", "4", "--needs-reboot", "3", "--concurrency", "2", "--seed", "2026", "--quiet").report();
        assertEquals(3, r.get("runs"));
        assertEquals(9, r.get("nodesRebooted"));
        assertEquals(List.of(), r.get("invariantViolations"));
        assertTrue(!((List<?>) r.get("faultsInjected")).isEmpty(), "chaos injected faults: " + r.get("faultsInjected"));
    }

    @Test
    void aPolicyChangedBrokenAndPausedMidRolloutNeverLetsMoreOutThanTheBudgetInForce(@TempDir Path dir)
            throws Exception {
        Run run = runReporting(dir.resolve("policy-change.json"), "--scenario", "policy-change", "--seed", "11");
        String printed = run.printed();
        Map<String, Object> r = run.report();
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

    /** Runs the sandbox with {@code args}, asserts it exits 0 (its own checks held) and returns what it printed. */
    private static String run(String... args) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Sandbox.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        return printed;
    }

    /** {@link #run} with {@code --report report} appended; the JSON report as read back. */
    private static Run runReporting(Path report, String... args) throws Exception {
        String[] withReport = Arrays.copyOf(args, args.length + 2);
        withReport[args.length] = "--report";
        withReport[args.length + 1] = report.toString();
        String printed = run(withReport);
        @SuppressWarnings("unchecked")
        Map<String, Object> r = new ObjectMapper().readValue(Files.readString(report), Map.class);
        return new Run(printed, r);
    }

    /** What a run printed and the report it wrote. */
    private record Run(String printed, Map<String, Object> report) {
    }
}
