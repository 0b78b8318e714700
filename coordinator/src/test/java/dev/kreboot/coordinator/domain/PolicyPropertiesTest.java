package dev.kreboot.coordinator.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.testing.PropertyCheck;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The policy's invariants under a random world: nodes flapping Ready, cordoned and deleted,
 * blockers flapping, pauses, operator releases, clock jumps (forward by hours, backward by
 * minutes), executors that succeed, fail, stall or repeat themselves, and coordinator restarts.
 *
 * <ul>
 * <li>No grant leaves an active budget exceeded (out nodes of the granted node's group, counted
 *     independently here, within every active budget).</li>
 * <li>At most one Reboot command per node and boot (one per episode).</li>
 * <li>Blocked nodes hold no slot: no Drain while paused, outside the window, or without a clear,
 *     fresh verdict; no Reboot while paused or without a clear verdict.</li>
 * <li>Liveness: once blockers clear, nodes recover and the window is open, every node still
 *     waiting is granted.</li>
 * </ul>
 */
class PolicyPropertiesTest {
    private static final List<String> ZONES = List.of("a", "b", "c");
    private static final Duration MAX_AGE = Duration.ofMinutes(2);

    record Scenario(long seed, int nodes, int steps, Policy policy) {
        @Override
        public String toString() {
            return "seed=" + seed + " nodes=" + nodes + " steps=" + steps + " policy=" + policy;
        }
    }

    @Test
    void budgetsBlockersAndWindowsHoldUnderARandomWorld() {
        PropertyCheck.forAll("coordinator policy", 300, 11L, PolicyPropertiesTest::scenario,
                scenario -> new World(scenario).run());
        assertTrue(LIVENESS_CHECKED.get() > 30, "the liveness check had nodes to wait for in only "
                + LIVENESS_CHECKED.get() + " tries");
    }

    private static final java.util.concurrent.atomic.AtomicInteger LIVENESS_CHECKED =
            new java.util.concurrent.atomic.AtomicInteger();

    private static Scenario scenario(Random r) {
        List<Budget> budgets = new ArrayList<>();
        budgets.add(r.nextBoolean() ? new Budget(1 + r.nextInt(3), 0) : new Budget(0, 10 + r.nextInt(60)));
        if (r.nextBoolean()) {
            budgets.add(Budget.parse("group", r.nextBoolean() ? "1" : "50%", "zone", null));
        }
        if (r.nextInt(3) == 0) {
            budgets.add(Budget.parse("freeze", "0", null,
                    new CronSchedule("0 12 * * *", Duration.ofHours(2), ZoneId.of("UTC"), Set.of())));
        }
        RebootWindow window = r.nextBoolean() ? RebootWindow.always()
                : RebootWindow.parse("", "22:00", "4am", "UTC");
        Policy policy = new Policy(budgets, window, r.nextBoolean() ? Duration.ZERO : Duration.ofMinutes(30),
                r.nextBoolean(), MAX_AGE, r.nextInt(3) == 0 ? new Budget(1 + r.nextInt(2), 0) : null,
                r.nextBoolean() ? Policy.Deadlines.NONE : new Policy.Deadlines(Duration.ofMinutes(20),
                        Duration.ofMinutes(10), Duration.ofMinutes(10)),
                r.nextBoolean() ? Duration.ZERO : Duration.ofMinutes(1), r.nextInt(3) == 0, r.nextBoolean(),
                r.nextInt(3) == 0 ? 2 + r.nextInt(3) : 0, false);
        return new Scenario(r.nextLong(), 2 + r.nextInt(8), 100 + r.nextInt(300), policy);
    }

    /** The world around one coordinator, and the checks after every input. */
    private static final class World {
        private final Scenario scenario;
        private final Policy policy;
        private final Random random;
        private final List<String> names = new ArrayList<>();
        private final Map<String, Input.NodeObserved> facts = new HashMap<>();
        private final Map<String, Input.BlockersEvaluated> verdicts = new HashMap<>();
        private final Map<String, String> boot = new HashMap<>();
        private final Map<String, Long> seq = new HashMap<>();
        private final Map<String, Output> lastCommand = new HashMap<>();
        private final List<Input> log = new ArrayList<>();
        private final Set<String> rebootsIssued = new HashSet<>();
        private Coordinator coordinator;
        private Instant now = Instant.parse("2026-11-28T00:00:00Z");
        private int step;

        World(Scenario scenario) {
            this.scenario = scenario;
            this.policy = scenario.policy();
            this.random = new Random(scenario.seed());
            this.coordinator = new Coordinator(policy);
            for (int i = 0; i < scenario.nodes(); i++) {
                String n = "n" + i;
                names.add(n);
                boot.put(n, "boot-" + i + "-0");
                seq.put(n, 0L);
                facts.put(n, new Input.NodeObserved(n, Map.of("zone", ZONES.get(i % 3)), true, false, false));
            }
        }

        void run() {
            facts.values().forEach(f -> apply(f, false));
            apply(new Input.CaughtUp(), false);
            for (step = 0; step < scenario.steps(); step++) {
                chaos();
            }
            calm();
        }

        private void chaos() {
            String node = names.get(random.nextInt(names.size()));
            int dice = random.nextInt(20);
            if (dice < 4) {
                now = now.plusSeconds(random.nextInt(4) == 0 ? random.nextInt(3 * 3600) : 1 + random.nextInt(60));
                if (random.nextInt(10) == 0) {
                    now = now.minusSeconds(random.nextInt(600)); // the clock jumps back
                }
                apply(new Input.Tick(), false);
            } else if (dice < 7) {
                apply(new Input.StatusReported(node, random.nextInt(4) > 0, boot.get(node),
                        seq.merge(node, 1L, Long::sum), "sensor", null), true);
            } else if (dice < 10 && lastCommand.containsKey(node)) {
                executor(node, random.nextInt(6) == 0);
            } else if (dice < 11 && !log.isEmpty()) {
                apply(log.get(random.nextInt(log.size())), false); // duplicate or late redelivery
            } else if (dice < 13) {
                Input.NodeObserved f = facts.get(node);
                boolean deleted = f.deleted() ? random.nextInt(2) == 0 : random.nextInt(15) == 0;
                observe(new Input.NodeObserved(node, f.labels(), random.nextInt(4) > 0, random.nextInt(6) == 0,
                        deleted));
            } else if (dice < 16) {
                String scope = random.nextBoolean() ? Input.BlockersEvaluated.CLUSTER : node;
                List<BlockReason> reasons = random.nextInt(3) == 0 ? List.of(BlockReason.ALERTS_ACTIVE) : List.of();
                Instant at = random.nextInt(8) == 0 ? now.minus(MAX_AGE).minusSeconds(1) : now;
                verdict(new Input.BlockersEvaluated(scope, reasons, at));
            } else if (dice < 17) {
                apply(new Input.HealthChecked(node, random.nextBoolean(), now), false);
            } else if (dice < 18) {
                apply(new Input.PauseSet(random.nextInt(3) == 0, "op"), true);
            } else if (dice < 19) {
                apply(new Input.OperatorReleased(node, "op"), true);
            } else {
                restart();
            }
        }

        /** The executor's next report for its newest command; {@code fail} makes it fail instead. */
        private void executor(String node, boolean fail) {
            Output command = lastCommand.get(node);
            if (command instanceof Output.SendDrain d) {
                Input.Step s = fail ? Input.Step.DRAIN_FAILED : Input.Step.DRAINED;
                apply(new Input.ProgressReported(node, d.rebootId(), s, boot.get(node), null), true);
            } else {
                Output.SendReboot r = (Output.SendReboot) command;
                if (fail) {
                    apply(new Input.ProgressReported(node, r.rebootId(), Input.Step.FAILED, boot.get(node), null), true);
                    return;
                }
                if (boot.get(node).equals(r.bootIdToLeave())) {
                    boot.put(node, r.bootIdToLeave() + "+");
                }
                apply(new Input.ProgressReported(node, r.rebootId(), Input.Step.COMPLETED, boot.get(node),
                        r.bootIdToLeave()), true);
            }
        }

        private void observe(Input.NodeObserved f) {
            facts.put(f.node(), f);
            apply(f, false);
        }

        private void verdict(Input.BlockersEvaluated v) {
            verdicts.put(v.scope(), v);
            apply(v, false);
        }

        /** A new coordinator rebuilt as the runtime does: newest commands, the logged inputs, the facts, caught up. */
        private void restart() {
            coordinator = new Coordinator(policy);
            verdicts.clear();
            for (Output command : lastCommand.values()) {
                apply(command instanceof Output.SendDrain d
                        ? new Input.CommandRestored(d.node(), d.rebootId(), Input.CommandKind.DRAIN, d.bootIdToLeave(),
                                d.commandSeq())
                        : new Input.CommandRestored(((Output.SendReboot) command).node(),
                                ((Output.SendReboot) command).rebootId(), Input.CommandKind.REBOOT,
                                ((Output.SendReboot) command).bootIdToLeave(),
                                ((Output.SendReboot) command).commandSeq()), false);
            }
            for (Input past : List.copyOf(log)) {
                apply(past, false);
            }
            facts.values().forEach(f -> apply(f, false));
            apply(new Input.CaughtUp(), false);
        }

        /** Blockers clear, nodes recover, the window opens: everything waiting must be granted. */
        private void calm() {
            apply(new Input.PauseSet(false, "op"), true);
            now = now.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(47));
            for (String n : names) {
                observe(new Input.NodeObserved(n, facts.get(n).labels(), true, false, false));
            }
            Set<String> waiting = new TreeSet<>();
            coordinator.nodes().values().stream().filter(n -> n.phase() == Phase.REQUESTED)
                    .forEach(n -> waiting.add(n.node()));
            if (!waiting.isEmpty()) {
                LIVENESS_CHECKED.incrementAndGet();
            }
            Set<String> granted = new TreeSet<>();
            for (int round = 0; round < 300 && !granted.containsAll(waiting); round++) {
                now = now.plusSeconds(5);
                if (coordinator.paused()) {
                    // the jump made in-flight nodes overrun their deadlines: failures an operator resumes from
                    apply(new Input.PauseSet(false, "op"), true);
                }
                verdict(new Input.BlockersEvaluated(Input.BlockersEvaluated.CLUSTER, List.of(), now));
                for (String n : names) {
                    verdict(new Input.BlockersEvaluated(n, List.of(), now));
                    apply(new Input.HealthChecked(n, true, now), false);
                    NodeRecord record = coordinator.nodes().get(n);
                    if (record != null && record.phase().holdsSlot() && lastCommand.containsKey(n)
                            && record.rebootId().equals(rebootId(lastCommand.get(n)))) {
                        executor(n, false);
                    }
                    if (record != null && record.phase() == Phase.DONE) {
                        apply(new Input.StatusReported(n, false, boot.get(n), seq.merge(n, 1L, Long::sum), "sensor",
                                null), true);
                    }
                }
                for (Output o : apply(new Input.Tick(), false)) {
                    if (o instanceof Output.SendDrain d) {
                        granted.add(d.node());
                    }
                }
                outputsSeen.stream().filter(Output.SendDrain.class::isInstance)
                        .forEach(o -> granted.add(((Output.SendDrain) o).node()));
                outputsSeen.clear();
            }
            assertTrue(granted.containsAll(waiting), "still waiting after blockers cleared in an open window: "
                    + waiting.stream().filter(n -> !granted.contains(n)).map(n -> coordinator.explain(n, now)).toList());
        }

        private final List<Output> outputsSeen = new ArrayList<>();

        private static String rebootId(Output command) {
            return command instanceof Output.SendDrain d ? d.rebootId() : ((Output.SendReboot) command).rebootId();
        }

        private List<Output> apply(Input input, boolean logged) {
            if (logged) {
                log.add(input);
            }
            List<Output> outputs = coordinator.apply(input, now);
            outputsSeen.addAll(outputs);
            for (Output output : outputs) {
                if (output instanceof Output.SendDrain d) {
                    lastCommand.put(d.node(), d);
                    checkGrant(d.node(), input);
                } else if (output instanceof Output.SendReboot r) {
                    lastCommand.put(r.node(), r);
                    assertTrue(rebootsIssued.add(r.node() + "@" + r.bootIdToLeave()),
                            "second reboot of " + r.node() + " from boot " + r.bootIdToLeave() + " at step " + step);
                    checkClear(r.node(), "reboot", input);
                }
            }
            return outputs;
        }

        private void checkGrant(String node, Input cause) {
            String where = "grant of " + node + " at step " + step + " on " + cause + ": ";
            assertTrue(policy.window().contains(now), where + "outside the window " + now);
            assertTrue(!facts.get(node).deleted(), where + "node deleted");
            checkClear(node, "grant", cause);
            if (coordinator.caughtUp()) {
                for (Budget b : policy.budgets()) {
                    if (!b.activeAt(now)) {
                        continue;
                    }
                    String group = facts.get(node).labels().get("zone");
                    int size = 0;
                    int out = 0;
                    for (String n : names) {
                        Input.NodeObserved f = facts.get(n);
                        if (f.deleted() || (b.grouped() && !f.labels().get("zone").equals(group))) {
                            continue;
                        }
                        size++;
                        NodeRecord r = coordinator.nodes().get(n);
                        if ((r != null && r.phase().holdsSlot()) || !f.ready() || f.unschedulable()) {
                            out++;
                        }
                    }
                    assertTrue(out <= b.allowed(size), where + "budget " + b + " exceeded: " + out + " out of "
                            + size + " nodes");
                }
            } else {
                throw new AssertionError(where + "granted while replaying");
            }
        }

        private void checkClear(String node, String what, Input cause) {
            String where = what + " of " + node + " at step " + step + " on " + cause + ": ";
            assertTrue(!coordinator.paused(), where + "while paused");
            if (policy.blockerChecks()) {
                for (String scope : List.of(Input.BlockersEvaluated.CLUSTER, node)) {
                    Input.BlockersEvaluated v = verdicts.get(scope);
                    assertTrue(v != null && v.reasons().isEmpty(), where + "blocked or unevaluated " + scope + ": " + v);
                    assertTrue(!v.at().isBefore(now.minus(MAX_AGE)), where + "stale verdict " + v);
                }
            }
        }
    }

    @Test
    void aDeadlineNeverFreesASlotByItself() {
        Harness h = new Harness(new Policy(List.of(new Budget(1, 0)), RebootWindow.always(), Duration.ZERO, false,
                MAX_AGE, null, new Policy.Deadlines(Duration.ofMinutes(1), Duration.ofMinutes(1),
                        Duration.ofMinutes(1)), Duration.ZERO, false, false, 0, false)).caughtUp();
        h.require("a").require("b");
        for (int i = 0; i < 100; i++) {
            h.later(Duration.ofHours(1)).tick();
        }
        assertEquals(Set.of("a"), h.holders());
        assertEquals(1, h.announced(Output.Kind.NODE_STUCK).size(), "announced once");
    }
}
