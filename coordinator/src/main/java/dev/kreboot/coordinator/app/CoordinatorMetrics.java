package dev.kreboot.coordinator.app;

/** Metric names of the coordinator not (yet) in {@code dev.kreboot.schemas.MetricNames}; same naming style. */
public final class CoordinatorMetrics {
    /** Timer per Prometheus query, tag outcome=ok|error. */
    public static final String PROMETHEUS_QUERY = "kreboot.coordinator.prometheus.query";
    /** Timer per Kubernetes API call, tags call and outcome=ok|error. */
    public static final String KUBERNETES_CALL = "kreboot.coordinator.kubernetes.call";

    private CoordinatorMetrics() {
    }
}
