package dev.kreboot.sandbox;

import dev.kreboot.coordinator.domain.Budget;
import dev.kreboot.schemas.DrainCommand;
import dev.kreboot.schemas.NodeStatus;
import dev.kreboot.schemas.Topics;
import dev.kreboot.schemas.wire.WireSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * One run of one scenario: a real broker, the simulated cluster, every service as plain objects
 * sharing a producer, then the rollout, watched from the cluster side and the webhook sink. This
 * class is the order of the steps; each step's work lives in the class named beside it.
 *
 * <ol>
 * <li>Choose, by the seed, the M nodes that will need a reboot and the scenario's {@link ScenarioPlan}.</li>
 * <li>Start the broker, create the topics, seed the cluster, start the notifier (posting to a local
 *     sink), the coordinator, and per node a sensor and an executor ({@link SandboxServices},
 *     {@link CoordinatorReplicas}, {@link CommandFeed}).</li>
 * <li>Scenario set-up (pre-cordoned: an admin cordons one node that will need a reboot; pdb-blocks;
 *     chaos's draw) and the faults armed ({@link ScenarioSetup}, {@link Faults}); once every sensor
 *     has reported, the window that opens later and the alert that fires for a while.</li>
 * <li>Write the sentinel on the M nodes, as unattended-upgrades would, and start the faults.</li>
 * <li>Wait until every one of them ended as the scenario expects, the coordinator said the rollout
 *     is over and every event reached the sink, or the deadline passed ({@link ExpectedEnd},
 *     {@link NotificationCheck}); then compute the result from the cluster, the hosts, the event log
 *     and the sink ({@link RunResultAssembly}, {@link RolloutMeasurements}).</li>
 * <li>With {@code --hold}, stop at the {@link HoldPoint} before closing anything.</li>
 * </ol>
 */
final class SandboxRun {
    static final String CLUSTER = "sandbox";
    static final String SIGNING_KEY_ID = "sandbox";

    private final SandboxOptions options;
    private final long seed;
    private final PrintStream out;

    private final String topicPrefix;
    private HoldPoint holdPoint;

    /**
     * Where a run stops before closing anything when {@code --hold} asks for it: called with the
     * finished result and the addresses of what is still up; the run closes everything once it
     * returns.
     */
    @FunctionalInterface
    interface HoldPoint {
        void reached(RunResult result, Live live) throws Exception;
    }

    /** What an outside client can reach while a run holds. */
    record Live(String bootstrapServers, Topics topics, String apiServerUrl, java.net.URI webhookSink) {
    }

    SandboxRun(SandboxOptions options, long seed, PrintStream out) {
        this.options = options;
        this.seed = seed;
        this.out = out;
        // The embedded broker is fresh for every run; an outside one keeps earlier runs' topics.
        this.topicPrefix = options.externalBroker()
                ? "sandbox-" + seed + "-" + java.util.UUID.randomUUID().toString().substring(0, 6) + "." : "";
    }

    /**
     * The one wire format of the run, shared by every service and the sandbox's own readers; in
     * the registry format the services register the schemas themselves, as a sandbox may.
     */
    static WireSettings wireSettings(SandboxOptions options) {
        Map<String, String> wire = new HashMap<>();
        wire.put(WireSettings.FORMAT, options.wireFormat());
        if (options.registryUrl() != null) {
            wire.put(WireSettings.URL, options.registryUrl());
            wire.put(WireSettings.AUTO_REGISTER, "true");
        }
        return WireSettings.from(wire);
    }

    /** Makes the run call {@code point} after its result and before closing anything (--hold). */
    SandboxRun holdingAt(HoldPoint point) {
        this.holdPoint = point;
        return this;
    }

    RunResult run() throws Exception {
        long started = System.currentTimeMillis();
        Random random = new Random(seed);
        List<String> names = IntStream.rangeClosed(1, options.nodes()).mapToObj(i -> "node-" + i).toList();
        List<String> chosen = new ArrayList<>(names);
        Collections.shuffle(chosen, random);
        List<String> needing = chosen.subList(0, options.needsReboot()).stream().sorted().toList();
        // Drawn after the shuffle, from the same seeded stream: a seed repeats both.
        ScenarioPlan plan = ScenarioPlan.of(options.scenario(), needing, random);
        int allowed = Budget.parse("--concurrency", options.concurrency()).allowed(options.nodes());
        Consumer<String> say = this::say;

        try (SandboxServices services = new SandboxServices(options, seed, topicPrefix, names, plan, allowed, started,
                options.quiet() ? null : out, say)) {
            EventLog log = services.log();
            ScenarioSetup.prepareCluster(options.scenario(), seed, plan, services.cluster(), say);
            String forgeryTarget = names.stream().filter(n -> !needing.contains(n)).findFirst().orElse(null);
            Faults faults = services.own(new Faults(plan, services.broker(), services.nodes(), log, services.sink(),
                    forged -> services.sender().send(services.topics().commands(),
                            ((DrainCommand) forged).getHeader().getNode(), forged),
                    forgeryTarget, say));
            // Every sensor has published its first status before the upgrades land.
            Waits.until(Duration.ofSeconds(30), "first status from every sensor", () -> names.stream().allMatch(n ->
                    !log.about(n, e -> e.value() instanceof NodeStatus).isEmpty()));
            long windowOpensAt = ScenarioSetup.openWindowLater(plan, services.coordinators(), say);
            ScenarioSetup.fireAlertForAWhile(services.prometheus(), services, say);

            long rolloutStart = System.currentTimeMillis();
            say("unattended-upgrades wrote /var/run/reboot-required on " + String.join(", ", needing));
            for (String name : needing) {
                services.nodes().get(name).host().requireReboot();
            }
            faults.start();
            PolicyChange policyChange = services.policyChange();
            if (policyChange != null) {
                policyChange.drive(log);
            }
            if (plan.coordinatorFailover()) {
                services.coordinators().killLeaderMidDrain(log, say);
            }

            ExpectedEnd end = new ExpectedEnd(plan, needing, allowed, log, seed);
            List<String> awaited = NotificationCheck.awaitedChannels(options.scenario());
            boolean finished = Waits.tryUntil(Duration.ofMillis(options.timeoutMs()), () ->
                    end.reached() && NotificationCheck.allNotified(log, services.sink(), awaited));
            long rolloutEnd = needing.stream().mapToLong(n -> ExpectedEnd.completedAt(log, n)).max().orElse(rolloutStart);

            int duplicated = services.commandFeed().duplicated();
            if (duplicated > 0) {
                faults.record(duplicated + " command(s) delivered twice, the copy up to 1.5 s late");
            }
            long killedAt = services.coordinators().killedAtMs();
            Long nextGrantAfterMs = null;
            if (plan.coordinatorFailover() && killedAt != 0) {
                faults.record("leader coordinator killed without releasing its Lease");
                nextGrantAfterMs = RolloutMeasurements.nextGrantAfter(log, killedAt);
            }
            SimulatedPrometheus prometheus = services.prometheus();
            List<String> scenarioViolations = new ArrayList<>(
                    end.scenarioViolations(prometheus == null ? 0 : prometheus.clearedAtMs(), windowOpensAt, killedAt));
            if (policyChange != null) {
                policyChange.awaitDriver(Duration.ofSeconds(30));
                policyChange.steps().forEach(faults::record);
                scenarioViolations.addAll(policyChange.problems());
                if (!policyChange.completed()) {
                    scenarioViolations.add("policy-change: the rollout ended before every policy step ran ("
                            + policyChange.steps() + "); give it more nodes or slower phases (seed " + seed + ")");
                }
            }
            scenarioViolations.forEach(faults::problem);
            // policy-change: the report's limit is the last budget in force (the monitor's), not the first.
            int limit = policyChange != null ? policyChange.allowed() : allowed;
            RunResult result = new RunResultAssembly(options, seed, topicPrefix, names, needing, limit, plan, services)
                    .result(started, rolloutStart, rolloutEnd, finished, faults, nextGrantAfterMs);
            if (holdPoint != null) {
                holdPoint.reached(result, new Live(services.bootstrapServers(), services.topics(),
                        services.cluster().client().getMasterUrl().toString(),
                        services.sink().url(WebhookSink.WEBHOOK).resolve("/")));
            }
            return result;
        }
    }

    /** A narration line of the live timeline (not with --quiet), indented under the event columns. */
    private void say(String line) {
        if (!options.quiet()) {
            out.println("          " + line);
        }
    }
}
