package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.domain.Coordinator;
import dev.kreboot.coordinator.domain.Policy;
import dev.kreboot.coordinator.policy.InvalidPolicyException;
import dev.kreboot.coordinator.policy.PolicySpecMapping;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The policy the coordinator decides by, and where it came from. Two sources: the environment
 * settings (one default policy, fixed at start-up) and, when one exists, the RebootPolicy
 * resource, which then wins entirely. A resource that fails to map is refused: the policy in
 * force does not change (the last valid resource, or the environment's when there never was one)
 * and the refusal is kept for the status condition.
 *
 * <p>Written by the watch's thread, read by the runtime's before every decision: each state is
 * one immutable object behind one reference, so a decision sees one whole policy, never parts of
 * two.
 */
public final class PolicyInForce {
    /** Where the policy in force comes from. */
    public enum Source { ENVIRONMENT, RESOURCE }

    /**
     * One consistent state.
     *
     * @param generation the resource's {@code metadata.generation} in force (0 for the environment)
     * @param refusal    why the newest resource generation was refused, or null when it is in force
     * @param refusedGeneration the generation refused (0 with no refusal)
     */
    public record State(Policy policy, boolean paused, Source source, long generation, Instant since,
                        String refusal, long refusedGeneration) {
    }

    private final Policy environment;
    private final PolicySpecMapping.Capabilities capabilities;
    private final AtomicReference<State> state;

    /**
     * @param environment the policy built from the settings, already knowing the runtime's ports
     * @param watchNodes  whether Node facts are read (group budgets and max NotReady need them)
     */
    public PolicyInForce(Policy environment, boolean watchNodes, Instant now) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.capabilities = PolicySpecMapping.Capabilities.of(environment, watchNodes);
        this.state = new AtomicReference<>(new State(environment, false, Source.ENVIRONMENT, 0, now, null, 0));
    }

    /** The environment's policy, told which ports the runtime actually has. */
    static PolicyInForce of(Policy fromSettings, CoordinatorPorts ports, Instant now) {
        return new PolicyInForce(fromSettings.withPorts(fromSettings.blockerChecks() || !ports.blockers().isEmpty(),
                fromSettings.healthQuery() || ports.health() != null), ports.nodes() != null, now);
    }

    /** Before every decision, on the runtime's thread: the coordinator decides by the state in force now. */
    void putInForce(Coordinator coordinator) {
        State s = state.get();
        coordinator.usePolicy(s.policy(), s.paused());
    }

    public State state() {
        return state.get();
    }

    public Policy policy() {
        return state.get().policy();
    }

    /**
     * A resource generation was seen: map it and put it in force, or refuse it and keep what is
     * in force. Returns the new state.
     */
    public State offer(Object spec, long generation, Instant now) {
        State before = state.get();
        State next;
        try {
            PolicySpecMapping.Mapped mapped = PolicySpecMapping.map(spec, capabilities);
            next = new State(mapped.policy(), mapped.paused(), Source.RESOURCE, generation, now, null, 0);
        } catch (InvalidPolicyException e) {
            next = new State(before.policy(), before.paused(), before.source(), before.generation(), before.since(),
                    e.getMessage(), generation);
        }
        state.set(next);
        return next;
    }

    /** The resource is gone: back to the environment's policy (the deployment's own default). */
    public State removed(Instant now) {
        State next = new State(environment, false, Source.ENVIRONMENT, 0, now, null, 0);
        state.set(next);
        return next;
    }
}
