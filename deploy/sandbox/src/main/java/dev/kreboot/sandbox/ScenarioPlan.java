package dev.kreboot.sandbox;

import java.util.List;
import java.util.Random;

/**
 * What a scenario does to a run and what it expects at the end (SANDBOX.md's scenario table).
 *
 * @param preCordoned     a node an admin cordoned before it needed a reboot: rebooted, still cordoned after
 * @param pdbBlocked      a node running a pod whose PodDisruptionBudget allows no eviction: its drain
 *                        times out, it is reported, restored and not rebooted; the others finish
 * @param executorCrash   a node whose executor is killed mid-drain and restarts: it finishes once
 * @param brokerRestart   whether the broker restarts mid-rollout: all finish, nothing lost or repeated
 * @param duplicateCommands probability that the wire delivers a command to its executor twice, the
 *                        copy after a random delay (so possibly after a newer command: reordered)
 * @param webhookOutageMs how long the webhook answers 503 once the rollout is under way (0: never)
 * @param forgedCommand   whether a Drain command signed with an attacker's key (under the real key id)
 *                        is written to the commands topic for a node that needs no reboot: its
 *                        executor must refuse it and report COMMAND_REJECTED
 * @param neverReturns    a node whose host goes down for its reboot and never comes back (its
 *                        executor dies with it): it must become STUCK, be reported, and keep its
 *                        slot (the documented rule); the others finish with the remaining slots
 * @param alertFiring     whether a Prometheus alert fires when the upgrades land and clears a few
 *                        seconds later: no grant while it fires, all finish after
 * @param windowOpensAfterMs the reboot window opens this long after the upgrades land (0: always open):
 *                        no grant before it opens
 * @param coordinatorFailover two coordinators elect a leader through a Lease; the leader is killed
 *                        (stops renewing and dies without releasing) while a node drains: the standby
 *                        continues, no grant lost or repeated
 * @param strict          whether a fault that could not be injected fails the run (dedicated scenarios);
 *                        chaos only reports which faults it managed to inject
 */
record ScenarioPlan(String preCordoned, String pdbBlocked, String executorCrash, boolean brokerRestart,
                    double duplicateCommands, long webhookOutageMs, boolean forgedCommand, String neverReturns,
                    boolean alertFiring, long windowOpensAfterMs, boolean coordinatorFailover, boolean strict) {

    static ScenarioPlan of(String scenario, List<String> needing, Random random) {
        String first = needing.isEmpty() ? null : needing.get(0);
        return switch (scenario) {
            case "pre-cordoned" -> new ScenarioPlan(first, null, null, false, 0, 0, false, null, false, 0, false, true);
            case "pdb-blocks" -> new ScenarioPlan(null, first, null, false, 0, 0, false, null, false, 0, false, true);
            case "executor-crash" -> new ScenarioPlan(null, null, first, false, 0, 0, false, null, false, 0, false, true);
            case "broker-restart" -> new ScenarioPlan(null, null, null, true, 0, 0, false, null, false, 0, false, true);
            case "never-returns" -> new ScenarioPlan(null, null, null, false, 0, 0, false, first, false, 0, false, true);
            case "alert-firing" -> new ScenarioPlan(null, null, null, false, 0, 0, false, null, true, 0, false, true);
            case "window-closed" -> new ScenarioPlan(null, null, null, false, 0, 0, false, null, false, 4000, false, true);
            case "coordinator-failover" -> new ScenarioPlan(null, null, null, false, 0, 0, false, null, false, 0, true, true);
            case "chaos" -> chaos(needing, random);
            default -> new ScenarioPlan(null, null, null, false, 0, 0, false, null, false, 0, false, true);
        };
    }

    /** A seeded mix of every fault the sandbox can inject; the expected end is the happy one. */
    private static ScenarioPlan chaos(List<String> needing, Random random) {
        String crash = !needing.isEmpty() && random.nextDouble() < 0.7 ? needing.get(random.nextInt(needing.size())) : null;
        boolean broker = random.nextDouble() < 0.5;
        double duplicates = random.nextDouble() < 0.7 ? 0.2 + random.nextDouble() * 0.6 : 0;
        long outage = random.nextDouble() < 0.5 ? 500 + random.nextInt(2500) : 0;
        boolean forged = random.nextDouble() < 0.5;
        return new ScenarioPlan(null, null, crash, broker, duplicates, outage, forged, null, false, 0, false, false);
    }

    /** How many reboots a node that needed one should end with. */
    int expectedReboots(String node) {
        return node.equals(pdbBlocked) || node.equals(neverReturns) ? 0 : 1;
    }

    /** A node that went down and never came back stays cordoned and NotReady. */
    boolean expectCordoned(String node) {
        return node.equals(preCordoned) || node.equals(neverReturns);
    }

    boolean expectReady(String node) {
        return !node.equals(neverReturns);
    }

    String describe() {
        StringBuilder s = new StringBuilder();
        if (executorCrash != null) {
            s.append(" executor of ").append(executorCrash).append(" killed mid-drain;");
        }
        if (brokerRestart) {
            s.append(" broker restart;");
        }
        if (duplicateCommands > 0) {
            s.append(String.format(" %.0f%% of commands delivered twice, late;", duplicateCommands * 100));
        }
        if (webhookOutageMs > 0) {
            s.append(" webhook down for ").append(webhookOutageMs).append(" ms;");
        }
        if (forgedCommand) {
            s.append(" a forged Drain command;");
        }
        return s.length() == 0 ? " none" : s.toString();
    }
}
