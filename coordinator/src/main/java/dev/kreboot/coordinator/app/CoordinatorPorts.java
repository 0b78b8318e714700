package dev.kreboot.coordinator.app;

import java.util.List;

/**
 * The side effects the runtime consults besides Kafka: blockers (before a grant and before a
 * reboot), the health gate and the Node facts; all optional.
 *
 * @param health null without a health query
 * @param nodes  null when Nodes are not watched (every node then counts as Ready and schedulable)
 */
public record CoordinatorPorts(List<Blocker> blockers, HealthCheck health, NodeSource nodes) {
    public CoordinatorPorts {
        blockers = List.copyOf(blockers);
    }

    public static CoordinatorPorts none() {
        return new CoordinatorPorts(List.of(), null, null);
    }
}
