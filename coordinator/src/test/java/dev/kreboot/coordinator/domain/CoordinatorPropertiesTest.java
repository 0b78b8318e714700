package dev.kreboot.coordinator.domain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.schemas.testing.PropertyCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Budget safety and no double reboot under arbitrary interleavings: honest and late sensors,
 * executors that advance, fail, and repeat or reorder their reports, and coordinator restarts
 * that rebuild from the commands read back.
 */
class CoordinatorPropertiesTest {

    /** A random history of the world around the coordinator, generated from a seed. */
    record Scenario(long seed, int nodes, int budget, int steps, int maxBatch) {
    }

    @Test
    void neverExceedsTheBudgetAndNeverRebootsABootTwice() {
        PropertyCheck.forAll("coordinator safety", 400, 7L,
                random -> new Scenario(random.nextLong(), 1 + random.nextInt(8), 1 + random.nextInt(3),
                        50 + random.nextInt(300), 1),
                CoordinatorPropertiesTest::run);
    }

    /**
     * The runtime applies a poll's worth of records at once ({@link Coordinator#applyAll}); the same
     * histories cut into random batches (a restart's replay too) must keep the same guarantees.
     */
    @Test
    void batchingInputsKeepsTheBudgetAndNeverRebootsABootTwice() {
        PropertyCheck.forAll("coordinator safety, batched", 400, 11L,
                random -> new Scenario(random.nextLong(), 1 + random.nextInt(8), 1 + random.nextInt(3),
                        50 + random.nextInt(300), 2 + random.nextInt(12)),
                CoordinatorPropertiesTest::run);
    }

    private static void run(Scenario scenario) {
        Random random = new Random(scenario.seed());
        Budget budget = new Budget(scenario.budget(), 0);
        Coordinator coordinator = new Coordinator(budget);
        Instant now = Instant.parse("2026-11-28T00:00:00Z");
        Map<String, String> boot = new HashMap<>();
        Map<String, Long> seq = new HashMap<>();
        Map<String, List<String>> previousBoots = new HashMap<>();
        Map<String, Output> lastCommand = new HashMap<>();
        List<Input> sent = new ArrayList<>();
        Set<String> rebootsIssued = new HashSet<>();
        for (int i = 0; i < scenario.nodes(); i++) {
            boot.put("n" + i, "boot-" + i + "-0");
            seq.put("n" + i, 0L);
        }
        coordinator.apply(new Input.CaughtUp(), now);
        Batches batches = new Batches(random, scenario.maxBatch());
        for (int step = 0; step < scenario.steps(); step++) {
            now = now.plusSeconds(1 + random.nextInt(30));
            String node = "n" + random.nextInt(scenario.nodes());
            Input input;
            int dice = random.nextInt(10);
            if (dice < 3) {
                long s = seq.merge(node, 1L, Long::sum);
                if (random.nextInt(4) == 0 && !previousBoots.getOrDefault(node, List.of()).isEmpty()) {
                    // The sensor pod of an earlier boot, whose last report arrives late.
                    // Redelivery reaches back a bounded number of boots (the coordinator remembers
                    // NodeRecord.BOOTS_REMEMBERED; a compacted status topic keeps one per node).
                    List<String> old = previousBoots.get(node);
                    int from = Math.max(0, old.size() - 16);
                    input = new Input.StatusReported(node, true, old.get(from + random.nextInt(old.size() - from)), s,
                            "sensor-of-an-earlier-boot", null);
                } else {
                    input = new Input.StatusReported(node, random.nextInt(3) > 0, boot.get(node), s, "sensor", null);
                }
            } else if (dice < 7 && lastCommand.containsKey(node)) {
                Output command = lastCommand.get(node);
                String rebootId = command instanceof Output.SendDrain d ? d.rebootId() : ((Output.SendReboot) command).rebootId();
                Input.Step stepKind;
                if (command instanceof Output.SendDrain) {
                    stepKind = random.nextInt(5) == 0 ? Input.Step.DRAIN_FAILED : Input.Step.DRAINED;
                } else {
                    // The executor reboots: a new boot id, then completion.
                    String left = ((Output.SendReboot) command).bootIdToLeave();
                    if (boot.get(node).equals(left)) {
                        previousBoots.computeIfAbsent(node, n -> new ArrayList<>()).add(left);
                        boot.put(node, left + "+");
                    }
                    stepKind = Input.Step.COMPLETED;
                    input = new Input.ProgressReported(node, rebootId, stepKind, boot.get(node), left);
                    sent.add(input);
                    record(batches.offer(coordinator, input, now), lastCommand, rebootsIssued);
                    continue;
                }
                input = new Input.ProgressReported(node, rebootId, stepKind, boot.get(node), null);
            } else if (dice < 9 && !sent.isEmpty()) {
                input = sent.get(random.nextInt(sent.size())); // duplicate or late redelivery
            } else {
                // The coordinator restarts and rebuilds as the runtime does: the newest command per
                // node from the compacted commands topic, then the whole status and progress log.
                record(batches.flush(coordinator, now), lastCommand, rebootsIssued);
                Coordinator restarted = new Coordinator(budget);
                for (Output command : lastCommand.values()) {
                    Input.CommandRestored restored = command instanceof Output.SendDrain d
                            ? new Input.CommandRestored(d.node(), d.rebootId(), Input.CommandKind.DRAIN,
                                    d.bootIdToLeave(), d.commandSeq())
                            : restore((Output.SendReboot) command);
                    record(restarted.apply(restored, now), lastCommand, rebootsIssued);
                }
                for (Input past : sent) {
                    if (!(past instanceof Input.CaughtUp)) {
                        record(batches.offer(restarted, past, now), lastCommand, rebootsIssued);
                    }
                }
                record(batches.flush(restarted, now), lastCommand, rebootsIssued);
                coordinator = restarted;
                input = new Input.CaughtUp();
            }
            if (!(input instanceof Input.CaughtUp)) {
                sent.add(input);
            }
            if (input instanceof Input.CaughtUp) {
                record(coordinator.apply(input, now), lastCommand, rebootsIssued);
            } else {
                record(batches.offer(coordinator, input, now), lastCommand, rebootsIssued);
            }
            assertTrue(coordinator.slotsInUse() <= budget.allowed(scenario.nodes()),
                    "slots in use " + coordinator.slotsInUse() + " > budget " + budget + " at step " + step);
        }
    }

    /** Holds inputs back and applies them together, a random 1 to {@code max} at a time. */
    private static final class Batches {
        private final Random random;
        private final int max;
        private final List<Input> pending = new ArrayList<>();
        private int size;

        Batches(Random random, int max) {
            this.random = random;
            this.max = max;
            this.size = 1 + random.nextInt(max);
        }

        List<Output> offer(Coordinator coordinator, Input input, Instant now) {
            pending.add(input);
            return pending.size() >= size ? flush(coordinator, now) : List.of();
        }

        List<Output> flush(Coordinator coordinator, Instant now) {
            if (pending.isEmpty()) {
                return List.of();
            }
            List<Output> out = coordinator.applyAll(List.copyOf(pending), now);
            pending.clear();
            size = 1 + random.nextInt(max);
            return out;
        }
    }

    private static Input.CommandRestored restore(Output.SendReboot r) {
        return new Input.CommandRestored(r.node(), r.rebootId(), Input.CommandKind.REBOOT, r.bootIdToLeave(),
                r.commandSeq());
    }

    private static void record(List<Output> outputs, Map<String, Output> lastCommand, Set<String> rebootsIssued) {
        for (Output output : outputs) {
            if (output instanceof Output.SendDrain d) {
                lastCommand.put(d.node(), d);
            } else if (output instanceof Output.SendReboot r) {
                lastCommand.put(r.node(), r);
                assertTrue(rebootsIssued.add(r.node() + "@" + r.bootIdToLeave()),
                        "second reboot of " + r.node() + " from boot " + r.bootIdToLeave());
            }
        }
    }
}
