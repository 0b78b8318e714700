package dev.kreboot.coordinator.kubernetes;

import dev.kreboot.coordinator.app.CoordinatorMetrics;
import dev.kreboot.coordinator.app.NodeSource;
import dev.kreboot.coordinator.domain.Input;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;

/** Lists Nodes: labels, the Ready condition (anything but True is NotReady) and spec.unschedulable. */
public final class KubernetesNodeSource implements NodeSource {
    private final KubernetesClient client;
    private final MeterRegistry metrics;

    public KubernetesNodeSource(KubernetesClient client, MeterRegistry metrics) {
        this.client = client;
        this.metrics = metrics;
    }

    @Override
    public List<Input.NodeObserved> observe() {
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "error";
        try {
            List<Input.NodeObserved> nodes = client.nodes().list().getItems().stream().map(KubernetesNodeSource::facts)
                    .toList();
            outcome = "ok";
            return nodes;
        } finally {
            sample.stop(metrics.timer(CoordinatorMetrics.KUBERNETES_CALL, "call", "list-nodes", "outcome", outcome));
        }
    }

    static Input.NodeObserved facts(Node node) {
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        boolean unschedulable = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        return new Input.NodeObserved(node.getMetadata().getName(), labels, ready, unschedulable, false);
    }
}
