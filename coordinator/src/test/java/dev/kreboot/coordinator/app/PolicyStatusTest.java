package dev.kreboot.coordinator.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.coordinator.domain.BlockReason;
import dev.kreboot.coordinator.domain.Budget;
import dev.kreboot.coordinator.domain.BudgetStatus;
import dev.kreboot.coordinator.domain.Explanation;
import dev.kreboot.coordinator.domain.Phase;
import dev.kreboot.coordinator.domain.Policy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyStatusTest {
    private static final Instant T0 = Instant.parse("2026-12-04T02:00:00Z");
    private static final int ALL = 1_000;
    private final PolicyInForce policies = new PolicyInForce(Policy.of(new Budget(1, 0)), false, T0);

    private static NodesView view(boolean paused, Explanation... nodes) {
        return new NodesView(true, paused, false, List.of(nodes).stream().map(NodesView.Node::of).toList());
    }

    private static Explanation node(String name, Phase phase, BlockReason... reasons) {
        return new Explanation(name, phase, phase == Phase.IDLE ? null : "r-" + name, T0, null, List.of(reasons));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> condition(Map<String, Object> status, String type) {
        return ((List<Map<String, Object>>) status.get("conditions")).stream().filter(c -> type.equals(c.get("type")))
                .findFirst().orElseThrow();
    }

    @Test
    void theSummaryCountsWhatThePrinterColumnsPromise() {
        NodesView v = view(false, node("a", Phase.DRAINING, BlockReason.AWAITING_DRAIN),
                node("b", Phase.REQUESTED, BlockReason.BUDGET_EXHAUSTED), node("c", Phase.REQUESTED),
                node("d", Phase.STUCK, BlockReason.STUCK), node("e", Phase.IDLE, BlockReason.NOT_REQUIRED),
                node("f", Phase.FAILED, BlockReason.FAILED_IN_THIS_BOOT), node("g", Phase.DONE));
        List<BudgetStatus> budgets = List.of(new BudgetStatus(0, "2", "", true, 7, 2, 2),
                new BudgetStatus(1, "1 per zone", "west", true, 3, 1, 1),
                new BudgetStatus(2, "0 during ...", "", false, 0, 0, 0));
        Map<String, Object> s = PolicyStatus.summary(v, budgets);
        assertEquals(7, s.get("nodes"));
        assertEquals(4, s.get("needingReboot"), "requested and in flight, STUCK included");
        assertEquals(2, s.get("inProgress"), "DRAINING and STUCK hold slots");
        assertEquals(1, s.get("blocked"), "a REQUESTED node with no reason is about to be granted");
        assertEquals(2, s.get("allowedNow"), "the active global budget; group rows and inactive ones do not count");
        assertNull(PolicyStatus.summary(v, List.of(new BudgetStatus(0, "0 during x", "", false, 0, 0, 0)))
                .get("allowedNow"));
    }

    @Test
    void aRefusedGenerationIsNotReadyAndDegradedAndSaysWhatStaysInForce() {
        policies.offer(Map.of("concurrency", 2), 4, T0);
        PolicyInForce.State refused = policies.offer(Map.of("concurrency", "none"), 5, T0.plusSeconds(5));
        Map<String, Object> s = PolicyStatus.build(view(false), List.of(), refused, 5, "c-0", List.of(),
                T0.plusSeconds(6), ALL);
        Map<String, Object> ready = condition(s, "Ready");
        assertEquals("False", ready.get("status"));
        assertEquals("PolicyRefused", ready.get("reason"));
        assertTrue(ready.get("message").toString().startsWith("generation 5 refused: spec.concurrency "),
                ready.toString());
        assertTrue(ready.get("message").toString().endsWith("generation 4 of the RebootPolicy stays in force"));
        assertEquals("True", condition(s, "Degraded").get("status"));
        assertEquals(4L, s.get("generationInForce"));
        assertEquals(5L, s.get("observedGeneration"));
        assertEquals("[2]", refused.policy().budgets().toString(), "generation 4's budget is still the one in force");
    }

    @Test
    void conditionsKeepTheirTransitionTimeWhileTheirStatusHolds() {
        PolicyInForce.State valid = policies.offer(Map.of("paused", true), 1, T0);
        Map<String, Object> first = PolicyStatus.build(view(true), List.of(), valid, 1, "c-0", List.of(), T0, ALL);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> previous = (List<Map<String, Object>>) first.get("conditions");
        Map<String, Object> later = PolicyStatus.build(view(true), List.of(), valid, 1, "c-0", previous,
                T0.plusSeconds(60), ALL);
        assertEquals(first, later, "nothing changed: the same document, so the writer skips the write");
        assertEquals("SpecPaused", condition(later, "Paused").get("reason"));
        PolicyInForce.State resumed = policies.offer(Map.of(), 2, T0.plusSeconds(90));
        Map<String, Object> after = PolicyStatus.build(view(false), List.of(), resumed, 2, "c-0", previous,
                T0.plusSeconds(120), ALL);
        assertEquals("False", condition(after, "Paused").get("status"));
        assertEquals(T0.plusSeconds(120).toString(), condition(after, "Paused").get("lastTransitionTime"));
        assertEquals(T0.toString(), condition(after, "Ready").get("lastTransitionTime"), "Ready stayed True");
    }

    @Test
    void anOperatorPauseAndStuckNodesShowAsSuch() {
        Map<String, Object> s = PolicyStatus.build(view(true, node("n-1", Phase.STUCK, BlockReason.STUCK)), List.of(),
                policies.state(), 0, "c-0", List.of(), T0, ALL);
        assertEquals("ControlPaused", condition(s, "Paused").get("reason"));
        assertEquals("NodesStuck", condition(s, "Degraded").get("reason"));
        assertTrue(condition(s, "Degraded").get("message").toString().endsWith(": n-1"));
        assertEquals("environment", s.get("policySource"));
        assertEquals("True", condition(s, "Ready").get("status"), "the environment's policy is in force");
    }

    @Test
    void theNodesAreGetNodesFieldForField() {
        Map<String, Object> n = PolicyStatus.node(NodesView.Node.of(node("a", Phase.REQUESTED,
                BlockReason.BUDGET_EXHAUSTED)));
        assertEquals(Map.of("node", "a", "phase", "REQUESTED", "rebootId", "r-a", "phaseSince", T0.toString(),
                "reasons", List.of(Map.of("code", "BUDGET_EXHAUSTED", "message", "all reboot slots are in use"))), n);
        assertFalse(n.containsKey("deadline"), "null fields are left out, as GET /nodes leaves them out");
        assertFalse(PolicyStatus.node(NodesView.Node.of(node("b", Phase.REQUESTED))).containsKey("reasons"),
                "so is an empty reason list");
    }

    @Test
    void overTheCapTheMostPressingNodesAreListedInTheViewsOrderAndTheRestCounted() {
        NodesView v = view(false, node("a", Phase.IDLE, BlockReason.NOT_REQUIRED), node("b", Phase.DONE),
                node("c", Phase.REQUESTED, BlockReason.BUDGET_EXHAUSTED), node("d", Phase.IDLE),
                node("e", Phase.FAILED, BlockReason.FAILED_IN_THIS_BOOT), node("f", Phase.REBOOTING),
                node("g", Phase.REQUESTED, BlockReason.OUTSIDE_WINDOW), node("h", Phase.STUCK, BlockReason.STUCK));
        Map<String, Object> s = PolicyStatus.build(v, List.of(), policies.state(), 0, "c-0", List.of(), T0, 4);
        assertEquals(List.of("c", "e", "f", "h"), names(s), "STUCK, slot holders, FAILED, then the first REQUESTED");
        assertEquals(Map.of("DONE", 1, "IDLE", 2, "REQUESTED", 1), s.get("nodesNotListed"));
        assertEquals(8, ((Map<?, ?>) s.get("summary")).get("nodes"), "the summary still counts every node");
        assertEquals(2, ((Map<?, ?>) s.get("summary")).get("blocked"), "g is counted though not listed");
        assertTrue(condition(s, "Degraded").get("message").toString().endsWith(": h"));

        Map<String, Object> none = PolicyStatus.build(v, List.of(), policies.state(), 0, "c-0", List.of(), T0, 0);
        assertEquals(List.of(), names(none));
        assertEquals(8, ((Map<?, ?>) none.get("nodesNotListed")).values().stream().mapToInt(c -> (Integer) c).sum());

        Map<String, Object> all = PolicyStatus.build(v, List.of(), policies.state(), 0, "c-0", List.of(), T0, 8);
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h"), names(all), "at the cap: every node, in order");
        assertFalse(all.containsKey("nodesNotListed"), "nothing left out, nothing to count");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> names(Map<String, Object> status) {
        return ((List<Map<String, Object>>) status.get("nodes")).stream().map(n -> n.get("node")).toList();
    }

    @Test
    void onTheLargestClusterWithEveryReasonOnEveryNodeTheStatusStaysUnderEtcdsLimit() {
        List<Explanation> nodes = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            // 63 characters, the longest label-sized node name; every reason at once.
            String name = String.format("aks-userpool-%04d-vmss-%040d", i, i);
            nodes.add(new Explanation(name, i % 2 == 0 ? Phase.REQUESTED : Phase.STUCK, "r-" + name, T0,
                    T0.plusSeconds(60), List.of(BlockReason.values())));
        }
        Map<String, Object> s = PolicyStatus.build(view(false, nodes.toArray(Explanation[]::new)), List.of(),
                policies.state(), 0, "c-0", List.of(), T0, 5_000);
        int bytes = Serialization.asJson(s).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 1_400_000, bytes + " bytes: etcd refuses a request over 1.5 MiB");
        int listed = names(s).size();
        assertTrue(listed > 200 && listed < 5_000, listed + " listed");
        assertEquals(5_000 - listed, ((Map<?, ?>) s.get("nodesNotListed")).values().stream()
                .mapToInt(c -> (Integer) c).sum());
        assertTrue(names(s).stream().allMatch(n -> Integer.parseInt(n.toString().substring(13, 17)) % 2 == 1),
                "the stuck nodes come first");
        String degraded = condition(s, "Degraded").get("message").toString();
        assertTrue(degraded.startsWith("2500 node(s) past a phase deadline") && degraded.endsWith(" and 2480 more"),
                degraded);
    }

    @Test
    void theSizeOfTheStatusIsCountedExactlyAsItIsWritten() {
        java.util.Random random = new java.util.Random(17);
        for (int i = 0; i < 500; i++) {
            Object value = randomJson(random, 3);
            assertEquals(Serialization.asJson(value).getBytes(StandardCharsets.UTF_8).length, JsonSize.of(value),
                    () -> Serialization.asJson(value));
        }
    }

    private static Object randomJson(java.util.Random random, int depth) {
        int kind = random.nextInt(depth == 0 ? 4 : 6);
        switch (kind) {
            case 0:
                return random.nextBoolean() ? null : random.nextBoolean();
            case 1:
                return random.nextBoolean() ? (Object) random.nextInt() : (Object) random.nextLong();
            case 2:
            case 3:
                StringBuilder text = new StringBuilder();
                String alphabet = "az09 -_:\"/\\\n\t\u0001éü€😀";
                for (int c = random.nextInt(12); c > 0; c--) {
                    text.appendCodePoint(alphabet.codePoints().toArray()[random.nextInt(
                            (int) alphabet.codePoints().count())]);
                }
                return text.toString();
            case 4:
                Map<String, Object> map = new java.util.LinkedHashMap<>();
                for (int e = random.nextInt(4); e > 0; e--) {
                    map.put("k" + random.nextInt(100) + (random.nextBoolean() ? "\"" : ""), randomJson(random, depth - 1));
                }
                return map;
            default:
                List<Object> list = new ArrayList<>();
                for (int e = random.nextInt(4); e > 0; e--) {
                    list.add(randomJson(random, depth - 1));
                }
                return list;
        }
    }

    @Test
    void theBlockersAndTheHealthGateInForceAreNamed() {
        Blocker alerts = new Blocker() {
            @Override
            public Verdict evaluate(java.util.Collection<String> nodes) {
                return Verdict.clear();
            }

            @Override
            public String describe() {
                return "Prometheus alerts at http://p:9090/";
            }
        };
        HealthCheck gate = new HealthCheck() {
            @Override
            public boolean healthy(String node) {
                return true;
            }

            @Override
            public String describe() {
                return "no series from x at http://p:9090/";
            }
        };
        PolicyInForce withPorts = PolicyInForce.of(Policy.of(new Budget(1, 0)), new CoordinatorPorts(List.of(alerts),
                gate, null), T0);
        Map<String, Object> s = PolicyStatus.build(view(false), List.of(), withPorts.state(), 0, "c-0", List.of(), T0,
                ALL);
        assertEquals(List.of("Prometheus alerts at http://p:9090/"), s.get("blockers"));
        assertEquals("no series from x at http://p:9090/", s.get("healthGate"));
        Map<String, Object> none = PolicyStatus.build(view(false), List.of(), policies.state(), 0, "c-0", List.of(),
                T0, ALL);
        assertEquals(List.of(), none.get("blockers"), "no blocker: an empty list, not a missing field");
        assertFalse(none.containsKey("healthGate"), "no health gate");
    }
}
