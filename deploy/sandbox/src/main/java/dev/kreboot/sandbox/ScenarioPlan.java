package dev.kreboot.sandbox;

import java.util.List;

/**
 * What a scenario does to a run and what it expects at the end (SANDBOX.md's scenario table).
 *
 * @param preCordoned  a node an admin cordoned before it needed a reboot: rebooted, still cordoned after
 * @param pdbBlocked   a node running a pod whose PodDisruptionBudget allows no eviction: its drain
 *                     times out, it is reported, restored and not rebooted; the others finish
 * @param executorCrash a node whose executor is killed mid-drain and restarts: it finishes once
 * @param brokerRestart whether the broker restarts mid-rollout: all finish, nothing lost or repeated
 */
record ScenarioPlan(String preCordoned, String pdbBlocked, String executorCrash, boolean brokerRestart) {

    static ScenarioPlan of(String scenario, List<String> needing) {
        String first = needing.isEmpty() ? null : needing.get(0);
        return switch (scenario) {
            case "pre-cordoned" -> new ScenarioPlan(first, null, null, false);
            case "pdb-blocks" -> new ScenarioPlan(null, first, null, false);
            case "executor-crash" -> new ScenarioPlan(null, null, first, false);
            case "broker-restart" -> new ScenarioPlan(null, null, null, true);
            default -> new ScenarioPlan(null, null, null, false);
        };
    }

    /** How many reboots a node that needed one should end with. */
    int expectedReboots(String node) {
        return node.equals(pdbBlocked) ? 0 : 1;
    }

    boolean expectCordoned(String node) {
        return node.equals(preCordoned);
    }
}
