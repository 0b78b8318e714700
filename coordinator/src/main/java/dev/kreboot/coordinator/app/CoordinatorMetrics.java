package dev.kreboot.coordinator.app;

/** Metric names of the coordinator not (yet) in {@code dev.kreboot.schemas.MetricNames}; same naming style. */
public final class CoordinatorMetrics {
    /** Timer per Prometheus query, tag outcome=ok|error. */
    public static final String PROMETHEUS_QUERY = "kreboot.coordinator.prometheus.query";
    /** Timer per Kubernetes API call, tags call and outcome=ok|error. */
    public static final String KUBERNETES_CALL = "kreboot.coordinator.kubernetes.call";

    /** Gauge 1 while this replica is the single writer, else 0. */
    public static final String LEADER = "kreboot.coordinator.leader";
    /** Timer per applied input (decide and commit its outputs), tags input and published=true|false. */
    public static final String DECISION_LATENCY = "kreboot.coordinator.decision.latency";

    /** Gauge per budget and group (tags budget = index and rule, group): nodes out under that budget. */
    public static final String BUDGET_IN_USE = "kreboot.coordinator.budget.in-use";
    /** Gauge per budget and group (tags budget, group): slots that budget allows now. */
    public static final String BUDGET_ALLOWED = "kreboot.coordinator.budget.allowed";
    /** Gauge per phase (tag phase): known nodes in that phase. */
    public static final String NODES = "kreboot.coordinator.nodes";
    /** Gauge per reason (tag reason): nodes that reason currently holds back. */
    public static final String BLOCKED = "kreboot.coordinator.blocked";

    /** Timer with histogram per phase (tag phase): how long nodes stayed in that phase. */
    public static final String PHASE_DURATION = "kreboot.coordinator.phase.duration";

    private CoordinatorMetrics() {
    }
}
