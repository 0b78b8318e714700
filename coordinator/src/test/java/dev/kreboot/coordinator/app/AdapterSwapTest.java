package dev.kreboot.coordinator.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreboot.coordinator.domain.Budget;
import dev.kreboot.coordinator.domain.Input;
import dev.kreboot.coordinator.domain.Policy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdapterSwapTest {
    private static final Instant T0 = Instant.parse("2026-12-06T02:00:00Z");
    private static final List<String> NODES = List.of("a", "b");
    private final Blocker alerts = nodes -> Blocker.Verdict.clear();
    private final Blocker pods = nodes -> Blocker.Verdict.clear();
    private final HealthCheck query = node -> true;
    private final HealthCheck otherQuery = node -> true;

    private static PolicyInForce.State state(List<Blocker> blockers, HealthCheck health) {
        return PolicyInForce.of(Policy.of(new Budget(1, 0)), new CoordinatorPorts(blockers, health, null), T0).state();
    }

    @Test
    void theSameAdaptersVoidNothingAndNeitherDoesTheFirstDecision() {
        PolicyInForce.State s = state(List.of(alerts), query);
        assertEquals(List.of(), AdapterSwap.voided(s, state(List.of(alerts), query), NODES));
        assertEquals(List.of(), AdapterSwap.voided(null, s, NODES));
    }

    @Test
    void newBlockersVoidEveryVerdictAtTheEpoch() {
        assertEquals(List.of(new Input.BlockersEvaluated(Input.BlockersEvaluated.CLUSTER, List.of(), Instant.EPOCH),
                        new Input.BlockersEvaluated("a", List.of(), Instant.EPOCH),
                        new Input.BlockersEvaluated("b", List.of(), Instant.EPOCH)),
                AdapterSwap.voided(state(List.of(alerts), query), state(List.of(alerts, pods), query), NODES));
        assertEquals(3, AdapterSwap.voided(state(List.of(alerts), null), state(List.of(), null), NODES).size(),
                "removing every blocker voids too: no verdict of theirs survives");
    }

    @Test
    void anotherHealthCheckVoidsEveryHealthResultAsUnhealthy() {
        List<Input> unhealthy = List.of(new Input.HealthChecked("a", false, Instant.EPOCH),
                new Input.HealthChecked("b", false, Instant.EPOCH));
        assertEquals(unhealthy, AdapterSwap.voided(state(List.of(), query), state(List.of(), otherQuery), NODES));
        assertEquals(unhealthy, AdapterSwap.voided(state(List.of(), null), state(List.of(), query), NODES),
                "a gate switched on does not inherit results from before it");
    }
}
