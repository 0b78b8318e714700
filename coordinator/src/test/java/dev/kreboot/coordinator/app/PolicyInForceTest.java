package dev.kreboot.coordinator.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreboot.coordinator.domain.Budget;
import dev.kreboot.coordinator.domain.Policy;
import dev.kreboot.coordinator.policy.PolicySpecMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The (policy, ports) pair a RebootPolicy puts in force: adapters built from the spec, refused
 * when they cannot be built, and closed once retired, on the runtime's thread and never while
 * still in use; the environment's adapters are never closed by a swap.
 */
class PolicyInForceTest {
    private static final Instant T0 = Instant.parse("2026-12-04T02:00:00Z");
    private static final Map<String, Object> ALERTS = Map.of("blockers", Map.of("prometheus",
            Map.of("url", "http://prometheus:9090")));

    /** Records what it was asked to build; each built adapter records whether it was closed. */
    private static final class Recording implements AdapterFactory {
        final List<Counted> built = new ArrayList<>();
        RuntimeException failHealth;

        @Override
        public List<Blocker> blockers(PolicySpecMapping.Blockers spec) {
            List<Blocker> out = new ArrayList<>();
            if (spec.alerts() != null) {
                Counted c = new Counted(spec.alerts().url());
                built.add(c);
                out.add(c);
            }
            return out;
        }

        @Override
        public HealthCheck health(PolicySpecMapping.HealthGate spec) {
            if (failHealth != null) {
                throw failHealth;
            }
            return spec.on() ? node -> true : null;
        }
    }

    private static final class Counted implements Blocker {
        final String url;
        int closed;

        Counted(String url) {
            this.url = url;
        }

        @Override
        public Verdict evaluate(Collection<String> nodes) {
            return Verdict.clear();
        }

        @Override
        public void close() {
            closed++;
        }
    }

    @Test
    void aSwapRetiresTheOldAdaptersAndClosesThemOnlyAtTheNextAdvance() {
        Counted env = new Counted("env");
        PolicyInForce policies = PolicyInForce.of(Policy.of(new Budget(1, 0)),
                new CoordinatorPorts(List.of(env), null, null), T0);
        Recording factory = new Recording();
        policies.buildAdaptersWith(factory);

        PolicyInForce.State g1 = policies.offer(ALERTS, 1, T0);
        assertEquals(List.of(factory.built.get(0)), g1.ports().blockers(), "the resource's blocker replaces env's");
        assertTrue(g1.policy().blockerChecks());
        assertSame(g1, policies.advance());

        policies.offer(Map.of("blockers", Map.of()), 2, T0);
        Counted first = factory.built.get(0);
        assertEquals(0, first.closed, "still the runtime's until it advances");
        PolicyInForce.State g2 = policies.advance();
        assertTrue(g2.ports().blockers().isEmpty());
        assertEquals(1, first.closed, "closed once retired and no longer in use");

        policies.offer(ALERTS, 3, T0);
        policies.advance();
        policies.removed(T0);
        PolicyInForce.State back = policies.advance();
        assertEquals(List.of(env), back.ports().blockers(), "a deleted resource returns to the environment's");
        assertEquals(1, factory.built.get(1).closed);
        assertEquals(0, env.closed, "the environment's adapters are never closed by a swap");

        policies.offer(ALERTS, 4, T0);
        policies.close();
        assertEquals(1, factory.built.get(2).closed, "shutdown closes what the resource built");
        assertEquals(0, env.closed);
    }

    @Test
    void aSpecWhoseAdaptersCannotBeBuiltIsRefusedAndWhatWasBuiltForItIsClosed() {
        PolicyInForce policies = PolicyInForce.of(Policy.of(new Budget(1, 0)), CoordinatorPorts.none(), T0);
        Recording factory = new Recording();
        policies.buildAdaptersWith(factory);
        PolicyInForce.State g1 = policies.offer(Map.of("concurrency", 2), 1, T0);
        factory.failHealth = new IllegalArgumentException("spec.healthGate.prometheusUrl: cannot use 'x'");
        PolicyInForce.State g2 = policies.offer(Map.of("concurrency", 5, "blockers", ALERTS.get("blockers"),
                "healthGate", Map.of("query", "up == 0", "prometheusUrl", "http://p:9090")), 2, T0);
        assertNotNull(g2.refusal());
        assertTrue(g2.refusal().startsWith("spec.healthGate.prometheusUrl"), g2.refusal());
        assertEquals(2, g2.refusedGeneration());
        assertEquals(1, g2.generation(), "generation 1 stays in force");
        assertSame(g1.policy(), g2.policy());
        assertSame(g1.ports(), g2.ports());
        assertEquals(1, factory.built.get(0).closed, "the blocker built for the refused generation is closed");
    }

    @Test
    void withoutAFactoryASpecAskingForAdaptersIsRefusedNamingTheField() {
        PolicyInForce policies = PolicyInForce.of(Policy.of(new Budget(1, 0)), CoordinatorPorts.none(), T0);
        PolicyInForce.State s = policies.offer(ALERTS, 1, T0);
        assertTrue(s.refusal().startsWith("spec.blockers"), s.refusal());
        assertEquals(PolicyInForce.Source.ENVIRONMENT, s.source());
        assertEquals(PolicyInForce.Source.RESOURCE, policies.offer(Map.of("blockers", Map.of()), 2, T0).source(),
                "switching blockers off needs no adapter");
    }
}
