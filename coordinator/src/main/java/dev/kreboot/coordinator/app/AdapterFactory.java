package dev.kreboot.coordinator.app;

import dev.kreboot.coordinator.policy.PolicySpecMapping;
import java.util.List;

/**
 * Builds the blocker and health adapters a RebootPolicy asks for, the way the start-up wiring
 * builds them from the environment. Lives outside the pure policy package because adapters talk
 * to Prometheus and the Kubernetes API. A spec whose adapters cannot be built is refused like any
 * invalid spec: throw an {@link IllegalArgumentException} whose message names the spec field.
 */
public interface AdapterFactory {
    List<Blocker> blockers(PolicySpecMapping.Blockers spec);

    /** Null when {@code spec} switches the gate off. */
    HealthCheck health(PolicySpecMapping.HealthGate spec);

    /** For a runtime with no way to build adapters (the sandbox): a spec that asks for some is refused. */
    static AdapterFactory none() {
        return new AdapterFactory() {
            @Override
            public List<Blocker> blockers(PolicySpecMapping.Blockers spec) {
                if (spec.any()) {
                    throw new IllegalArgumentException("spec.blockers: this coordinator builds no blocker adapters "
                            + "from a RebootPolicy");
                }
                return List.of();
            }

            @Override
            public HealthCheck health(PolicySpecMapping.HealthGate spec) {
                if (spec.on()) {
                    throw new IllegalArgumentException("spec.healthGate: this coordinator builds no health check "
                            + "from a RebootPolicy");
                }
                return null;
            }
        };
    }
}
