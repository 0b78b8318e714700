package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.Coordinator;
import dev.kreboot.coordinator.domain.Policy;
import dev.kreboot.coordinator.policy.PolicySpecMapping;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy the coordinator decides by, the blocker and health adapters that go with it, and
 * where both came from. Two sources: the environment settings (one default policy and the
 * adapters built at start-up) and, when one exists, the RebootPolicy resource, which then wins
 * (its {@code blockers} and {@code healthGate} replace the environment's adapters only when
 * present). A resource that fails to map, or whose adapters cannot be built, is refused: nothing
 * in force changes (the last valid resource, or the environment's when there never was one) and
 * the refusal is kept for the status condition.
 *
 * <p>Written by the watch's thread, read by the runtime's: each state is one immutable object
 * behind one reference. The runtime takes the newest state with {@link #advance()} before each
 * decision, and the ports schedule evaluates blockers and the health check with one taken state
 * and applies their answers under that same state, so a decision sees one (policy, ports) pair,
 * never parts of two. Adapters a change retires are closed by the runtime's thread in
 * {@link #advance()}, when nothing can still be using them; the environment's are never closed
 * here (a deleted resource returns to them).
 */
public final class PolicyInForce {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyInForce.class);

    /** Where the policy in force comes from. */
    public enum Source { ENVIRONMENT, RESOURCE }

    /**
     * One consistent state.
     *
     * @param ports      the adapters that go with {@code policy} (blockers, health, Node facts)
     * @param generation the resource's {@code metadata.generation} in force (0 for the environment)
     * @param refusal    why the newest resource generation was refused, or null when it is in force
     * @param refusedGeneration the generation refused (0 with no refusal)
     */
    public record State(Policy policy, boolean paused, Source source, long generation, Instant since,
                        String refusal, long refusedGeneration, CoordinatorPorts ports) {
    }

    private final Policy environment;
    private final CoordinatorPorts environmentPorts;
    private final PolicySpecMapping.Capabilities capabilities;
    private final AtomicReference<State> state;
    private final Queue<Object> retired = new ConcurrentLinkedQueue<>();
    private volatile AdapterFactory adapters = AdapterFactory.none();
    /** The runtime thread's state: only {@link #advance()} moves it. */
    private State inUse;

    /**
     * @param environment the policy built from the settings, already knowing the runtime's ports
     * @param watchNodes  whether Node facts are read (group budgets and max NotReady need them)
     */
    public PolicyInForce(Policy environment, boolean watchNodes, Instant now) {
        this(environment, CoordinatorPorts.none(), watchNodes, now);
    }

    private PolicyInForce(Policy environment, CoordinatorPorts ports, boolean watchNodes, Instant now) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.environmentPorts = Objects.requireNonNull(ports, "ports");
        this.capabilities = PolicySpecMapping.Capabilities.of(environment, watchNodes);
        this.state = new AtomicReference<>(new State(environment, false, Source.ENVIRONMENT, 0, now, null, 0,
                environmentPorts));
        this.inUse = state.get();
    }

    /** The environment's policy, told which ports the runtime actually has. */
    static PolicyInForce of(Policy fromSettings, CoordinatorPorts ports, Instant now) {
        return new PolicyInForce(fromSettings.withPorts(fromSettings.blockerChecks() || !ports.blockers().isEmpty(),
                fromSettings.healthQuery() || ports.health() != null), ports, ports.nodes() != null, now);
    }

    /** How a resource's {@code blockers} and {@code healthGate} become adapters; set before the watch starts. */
    public void buildAdaptersWith(AdapterFactory factory) {
        this.adapters = Objects.requireNonNull(factory, "factory");
    }

    /**
     * On the runtime's thread, before a decision or an evaluation of the ports: take the newest
     * state, and close the adapters retired since the last call.
     */
    State advance() {
        inUse = state.get();
        closeRetired();
        return inUse;
    }

    /** The state the runtime's thread decides by (see {@link #advance()}). */
    State inUse() {
        return inUse;
    }

    /** Before every decision, on the runtime's thread: the coordinator decides by {@code s}. */
    void putInForce(Coordinator coordinator, State s) {
        coordinator.usePolicy(s.policy(), s.paused());
    }

    public State state() {
        return state.get();
    }

    public Policy policy() {
        return state.get().policy();
    }

    /**
     * A resource generation was seen: map it, build the adapters it asks for and put both in
     * force, or refuse it and keep what is in force. Returns the new state.
     */
    public synchronized State offer(Object spec, long generation, Instant now) {
        State before = state.get();
        State next;
        try {
            PolicySpecMapping.Mapped mapped = PolicySpecMapping.map(spec, capabilities);
            CoordinatorPorts ports = build(mapped.adapters());
            next = new State(mapped.policy(), mapped.paused(), Source.RESOURCE, generation, now, null, 0, ports);
        } catch (IllegalArgumentException e) { // InvalidPolicyException, or an adapter that cannot be built
            next = new State(before.policy(), before.paused(), before.source(), before.generation(), before.since(),
                    e.getMessage(), generation, before.ports());
        }
        swap(before, next);
        return next;
    }

    /** The resource is gone: back to the environment's policy and adapters (the deployment's own default). */
    public synchronized State removed(Instant now) {
        State before = state.get();
        State next = new State(environment, false, Source.ENVIRONMENT, 0, now, null, 0, environmentPorts);
        swap(before, next);
        return next;
    }

    /** At shutdown, after the runtime's thread stopped: closes what a resource built. */
    synchronized void close() {
        retire(state.get().ports(), environmentPorts);
        closeRetired();
    }

    private CoordinatorPorts build(PolicySpecMapping.Adapters wanted) {
        AdapterFactory factory = adapters;
        List<Blocker> blockers = wanted.blockers() == null ? environmentPorts.blockers()
                : factory.blockers(wanted.blockers());
        HealthCheck health;
        try {
            health = wanted.health() == null ? environmentPorts.health() : factory.health(wanted.health());
        } catch (RuntimeException e) {
            if (wanted.blockers() != null) {
                blockers.forEach(Blocker::close);
            }
            throw e;
        }
        return new CoordinatorPorts(blockers, health, environmentPorts.nodes());
    }

    private void swap(State before, State next) {
        state.set(next);
        if (before.ports() != next.ports()) {
            retire(before.ports(), next.ports());
        }
    }

    /** Queues every adapter of {@code old} that neither {@code kept} nor the environment uses. */
    private void retire(CoordinatorPorts old, CoordinatorPorts kept) {
        Set<Object> live = Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(kept.blockers());
        live.addAll(environmentPorts.blockers());
        live.add(kept.health());
        live.add(environmentPorts.health());
        List<Object> gone = new ArrayList<>(old.blockers());
        gone.add(old.health());
        for (Object adapter : gone) {
            if (adapter != null && !live.contains(adapter)) {
                retired.add(adapter);
            }
        }
    }

    private void closeRetired() {
        for (Object adapter = retired.poll(); adapter != null; adapter = retired.poll()) {
            try {
                if (adapter instanceof Blocker b) {
                    b.close();
                } else if (adapter instanceof HealthCheck h) {
                    h.close();
                }
            } catch (RuntimeException e) {
                LOG.warn("closing a retired adapter {} failed: {}", adapter.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
