package dev.kreboot.sandbox;

import dev.kreboot.schemas.NodeProgress;
import dev.kreboot.schemas.ProgressPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a finished (or timed-out) rollout into its {@link RunResult}: checks the end state from the
 * cluster, the hosts, the event log and the sink, each broken expectation a violation naming the
 * seed, then adds the {@link RolloutMeasurements}. The checks, in order:
 * <ol>
 * <li>per node: rebooted as often as the scenario expects, and only if it needed it; cordoned
 *     exactly when expected (an admin's cordon kept, kreboot's removed); the PDB-protected pod not
 *     evicted; Ready unless it never returned;</li>
 * <li>every event reached every awaited channel (after letting late duplicates settle), and Grafana
 *     got an annotation call per reboot region;</li>
 * <li>the faults' and the scenario's own problems, a rollout that did not finish in time, and any
 *     undecodable event.</li>
 * </ol>
 */
record RunResultAssembly(SandboxOptions options, long seed, String topicPrefix, List<String> names,
                         List<String> needing, int allowed, ScenarioPlan plan, SandboxServices services) {

    /**
     * @param started          the run's start (epoch ms)
     * @param rolloutStart     when the sentinels were written
     * @param rolloutEnd       the last completion of a node that needed a reboot ({@code rolloutStart} if none)
     * @param finished         whether the expected end was reached before the deadline
     * @param nextGrantAfterMs the failover's first grant after the kill, null when not measured
     */
    RunResult result(long started, long rolloutStart, long rolloutEnd, boolean finished, Faults faults,
                     Long nextGrantAfterMs) throws InterruptedException {
        EventLog log = services.log();
        WebhookSink sink = services.sink();
        List<String> violations = new ArrayList<>(services.monitor().violations());
        Map<String, Integer> reboots = new TreeMap<>();
        List<RunResult.NodeRow> rows = new ArrayList<>();
        for (String name : names) {
            int count = services.nodes().get(name).host().reboots();
            boolean needed = needing.contains(name);
            if (count > 0 || needed) {
                reboots.put(name, count);
            }
            violations.addAll(nodeViolations(name, needed, count));
            rows.add(RolloutMeasurements.row(name, needed, count, log));
        }
        violations.addAll(notificationViolations(log, sink));
        violations.addAll(faults.problems());
        if (!finished) {
            violations.add("the rollout did not finish within " + options.timeoutMs() + " ms (seed " + seed + ")");
        }
        log.undecodable().forEach(u -> violations.add("undecodable event " + u));

        List<Long> detection = RolloutMeasurements.detection(needing, services.nodes(), log);
        return new RunResult(options.scenario(), seed, faults.injected(), names.size(), needing.size(),
                (int) reboots.values().stream().filter(c -> c > 0).count(), reboots, allowed,
                services.monitor().maxConcurrent(), violations, ExpectedEnd.stuck(log), sink.delivered(),
                sink.byChannel(), sink.duplicates(), detection, RolloutMeasurements.handoffs(log, allowed),
                rolloutEnd - rolloutStart, options.idealMs(allowed), System.currentTimeMillis() - started,
                nextGrantAfterMs, rows, Timeline.bars(log, needing, rolloutStart, System.currentTimeMillis()),
                topicPrefix);
    }

    private List<String> nodeViolations(String name, boolean needed, int count) {
        List<String> violations = new ArrayList<>();
        SimulatedCluster cluster = services.cluster();
        boolean holder = name.equals(plan.neverReturns()) || name.equals(plan.preCordoned());
        int expected = ExpectedEnd.othersWait(plan, allowed) && !holder ? Math.min(count, 1) : plan.expectedReboots(name);
        if (needed && count != expected) {
            violations.add(name + " needed a reboot and was rebooted " + count + " time(s), expected "
                    + expected + " (seed " + seed + ")");
        }
        if (!needed && count > 0) {
            violations.add(name + " did not need a reboot but was rebooted " + count + " time(s) (seed " + seed + ")");
        }
        boolean cordoned = cluster.unschedulable(name);
        boolean shouldBeCordoned = plan.expectCordoned(name);
        if (cordoned != shouldBeCordoned) {
            violations.add(name + (cordoned ? " was left cordoned" : " lost its admin's cordon") + " (seed " + seed + ")");
        }
        if (name.equals(plan.pdbBlocked()) && !cluster.podExists(SimulatedCluster.NAMESPACE, "db-0")) {
            violations.add("the pod protected by a PodDisruptionBudget allowing no eviction was evicted (seed " + seed + ")");
        }
        if (!cluster.ready(name) && plan.expectReady(name)) {
            violations.add(name + " is not Ready at the end (seed " + seed + ")");
        }
        return violations;
    }

    private List<String> notificationViolations(EventLog log, WebhookSink sink) throws InterruptedException {
        List<String> violations = new ArrayList<>();
        // Late duplicates on the wire can still produce (ignored-as-duplicate) reports: let them settle.
        List<String> awaited = NotificationCheck.awaitedChannels(options.scenario());
        Waits.tryUntil(Duration.ofSeconds(15), () -> NotificationCheck.allNotified(log, sink, awaited));
        List<String> expected = NotificationCheck.notifiable(log);
        for (String channel : awaited) {
            long missing = expected.stream().filter(id -> !sink.received(channel, id)).count();
            if (missing > 0) {
                violations.add(missing + " of " + expected.size() + " events never reached " + channel + " (seed " + seed + ")");
            }
        }
        int regions = (int) log.matching(e -> e.value() instanceof NodeProgress p && p.getPhase() == ProgressPhase.CORDONED).size();
        int grafana = sink.byChannel().getOrDefault(WebhookSink.GRAFANA, 0);
        if (grafana < regions) {
            violations.add("Grafana got " + grafana + " annotation calls for " + regions + " reboot regions (seed " + seed + ")");
        }
        return violations;
    }
}
